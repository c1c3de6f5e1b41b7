/** The rule of a secret version request: exactly one of version and stage, each a plain token. */
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import type { SecretVersionRequest } from './secretStore.js';

const TOKEN = /^[A-Za-z0-9_.-]{1,128}$/;

/**
 * Returns which of the two was asked for and its value.
 * @throws AdapterError `invalidArgument` for neither, both, or a value outside `[A-Za-z0-9_.-]{1,128}`
 * @category Secrets
 */
export function checkVersionRequest(which: SecretVersionRequest, provider: string): { kind: 'version' | 'stage'; value: string } {
  const given = (['version', 'stage'] as const).filter((kind) => which[kind] !== undefined);
  const kind = given[0];
  const value = kind === undefined ? undefined : which[kind];
  if (given.length !== 1 || kind === undefined || typeof value !== 'string' || !TOKEN.test(value)) {
    throw new AdapterError(AdapterErrorKind.invalidArgument, `adapter:secrets (${provider}): name exactly one of version and stage, each [A-Za-z0-9_.-]{1,128}`, {
      domain: 'adapter', key: 'secrets', provider,
    });
  }
  return { kind, value };
}
