/** Connects to NATS and opens (creating if needed) the fleet's JetStream key-value bucket. */
import { readFile } from 'node:fs/promises';
import { withTimeout } from '@oneiric/core';
import type { ConnectionOptions, KV, NatsConnection } from 'nats';
import { isValidBucketName } from '../calculations/fleetKeys.js';
import { serverAddressOf } from '../calculations/serverAddressOf.js';
import { FleetError, FleetErrorKind } from '../errors/fleetError.js';
import { DEFAULT_FLEET_TIMEOUT_MS, type FleetConnectionOptions } from '../models/fleetConnectionOptions.js';
import { toFleetError } from './toFleetError.js';

/**
 * An open connection and its bucket.
 */
export interface FleetBucket {
  /** The bucket's name. */
  readonly name: string;
  /** The NATS connection (reconnects by itself for as long as it is not closed). */
  readonly connection: NatsConnection;
  /** The bucket. */
  readonly kv: KV;
  /** Limit on each request. */
  readonly timeoutMs: number;
}

async function tlsOptions(options: FleetConnectionOptions): Promise<ConnectionOptions['tls']> {
  const tls = options.tls;
  if (tls === undefined && !options.url.startsWith('tls://')) {
    return undefined;
  }
  return {
    ...(tls?.caFile === undefined ? {} : { ca: await readFile(tls.caFile, 'utf8') }),
    ...(tls?.certFile === undefined ? {} : { cert: await readFile(tls.certFile, 'utf8') }),
    ...(tls?.keyFile === undefined ? {} : { key: await readFile(tls.keyFile, 'utf8') }),
  };
}

/**
 * Loads `nats` (on first use, so a runtime without the fleet never loads it), connects within
 * `timeoutMs`, and opens the bucket (created with `history` values per key when missing).
 * @throws FleetError `invalidArgument` for a bad bucket name, `connectionFailed`/`timeout` when the server cannot be used
 */
export async function connectFleetBucket(options: FleetConnectionOptions): Promise<FleetBucket> {
  if (!isValidBucketName(options.bucket)) {
    throw new FleetError(FleetErrorKind.invalidArgument, `fleet bucket name ${JSON.stringify(options.bucket)} may only hold letters, digits, _ and -`);
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_FLEET_TIMEOUT_MS;
  const where = `${serverAddressOf(options.url)} bucket ${options.bucket}`;
  const nats = await import('nats');
  let connection: NatsConnection | undefined;
  try {
    const tls = await tlsOptions(options);
    connection = await withTimeout(nats.connect({
      servers: options.url,
      timeout: timeoutMs,
      // Reconnect for as long as it takes: an outage must not close the fleet connection for good.
      maxReconnectAttempts: -1,
      reconnectTimeWait: options.reconnectWaitMs ?? 500,
      ...(options.token === undefined ? {} : { token: options.token }),
      ...(options.user === undefined ? {} : { user: options.user, pass: options.password ?? '' }),
      ...(tls === undefined ? {} : { tls }),
    }), timeoutMs + 500, `connect to ${where}`);
    const kv = await withTimeout(connection.jetstream({ timeout: timeoutMs }).views.kv(options.bucket, { history: options.history ?? 5, timeout: timeoutMs }), timeoutMs + 500, `open ${where}`);
    return { name: options.bucket, connection, kv, timeoutMs };
  } catch (error) {
    await connection?.close().catch(() => undefined);
    throw toFleetError(`fleet: cannot open ${where}`, error);
  }
}
