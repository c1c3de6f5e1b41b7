/** Validates a plain `remote` settings object into {@link RemoteSettings}. */
import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { RemoteError, RemoteErrorKind } from '../errors/remoteError.js';
import { RemoteSettings } from './remoteSettings.js';

/**
 * Builds {@link RemoteSettings} from `plain` (missing fields take their defaults; unknown ones
 * are errors). Accepts either the section itself or a whole settings object with a `remote` key.
 * @throws RemoteError `invalidSettings` naming the first bad field
 * @category Configuration
 */
export function parseRemoteSettings(plain: unknown = {}, origin = 'remote settings'): RemoteSettings {
  const section = typeof plain === 'object' && plain !== null && 'remote' in plain ? (plain as { remote: unknown }).remote : plain;
  if (typeof section !== 'object' || section === null || Array.isArray(section)) {
    throw new RemoteError(RemoteErrorKind.invalidSettings, `${origin}: must be a mapping`);
  }
  const settings = plainToInstance(RemoteSettings, section, { exposeDefaultValues: true });
  const errors = validateSync(settings, { whitelist: true, forbidNonWhitelisted: true });
  const first = errors[0];
  if (first !== undefined) {
    const message = Object.values(first.constraints ?? {})[0] ?? 'invalid';
    throw new RemoteError(RemoteErrorKind.invalidSettings, `${origin}: remote.${first.property}: ${message}`, { field: `remote.${first.property}` });
  }
  return settings;
}
