/** Turns the `fleet` settings into connection options, reading credentials through the secrets hook. */
import { hostname } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { defaultBucketName, type FleetConnectionOptions } from '@oneiric/fleet';
import type { FleetSettings } from '../config/fleetSettings.js';

/**
 * Where the agent's identity and pace come from, once resolved.
 * @category Fleet
 */
export interface ResolvedFleetSettings {
  /** Connection options (credentials included: never log them). */
  readonly connection: FleetConnectionOptions;
  /** Instance id. */
  readonly instanceId: string;
  /** Heartbeat period. */
  readonly heartbeatMs: number;
  /** Heartbeat age after which an instance is gone. */
  readonly goneAfterMs: number;
  /** `<cache_dir>/fleet/desired.json`. */
  readonly desiredStateFile: string;
}

/**
 * Resolves defaults (`oneiric_<app name>`, `<hostname>-<pid>`, 3 × heartbeat) and credentials:
 * `token_secret` / `password_secret` name secrets fetched through `readSecret` (the secrets
 * hook); TLS paths are resolved against `cwd`.
 * @category Fleet
 */
export async function fleetConnectionOf(settings: FleetSettings, context: {
  readonly appName: string;
  readonly cacheDir: string;
  readonly cwd: string;
  readonly readSecret: (name: string) => Promise<string | undefined>;
}): Promise<ResolvedFleetSettings> {
  const token = settings.token_secret === undefined ? settings.token : await context.readSecret(settings.token_secret);
  const password = settings.password_secret === undefined ? settings.password : await context.readSecret(settings.password_secret);
  const file = (path: string | undefined): string | undefined => (path === undefined ? undefined : isAbsolute(path) ? path : resolve(context.cwd, path));
  const [caFile, certFile, keyFile] = [file(settings.tls_ca_file), file(settings.tls_cert_file), file(settings.tls_key_file)];
  const hasTls = caFile !== undefined || certFile !== undefined || keyFile !== undefined;
  const connection: FleetConnectionOptions = {
    url: settings.url,
    bucket: settings.bucket ?? defaultBucketName(context.appName),
    timeoutMs: settings.timeout_ms,
    ...(token === undefined ? {} : { token }),
    ...(settings.user === undefined ? {} : { user: settings.user, password: password ?? '' }),
    ...(hasTls ? { tls: { ...(caFile === undefined ? {} : { caFile }), ...(certFile === undefined ? {} : { certFile }), ...(keyFile === undefined ? {} : { keyFile }) } } : {}),
  };
  return {
    connection,
    instanceId: settings.instance_id ?? `${hostname()}-${process.pid}`,
    heartbeatMs: settings.heartbeat_ms,
    goneAfterMs: settings.gone_after_ms ?? settings.heartbeat_ms * 3,
    desiredStateFile: join(context.cacheDir, 'fleet', 'desired.json'),
  };
}
