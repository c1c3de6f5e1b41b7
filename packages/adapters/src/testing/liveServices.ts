// Test helper: finds the real services the integration suites need, and decides what a missing
// one means: in CI (CI=true) the suite fails, elsewhere it is skipped with the reason printed.
import { connect } from 'node:net';
import { redactUrl } from '../clients/redactUrl.js';

/** The services the integration suites talk to. */
export type ServiceName = 'postgres' | 'mysql' | 'redis' | 'nats' | 'rabbitmq' | 'mqtt';

const DEFAULT_URLS: Record<ServiceName, { readonly env: string; readonly url: string; readonly port: number }> = {
  postgres: { env: 'POSTGRES_URL', url: 'postgres://postgres@127.0.0.1:5432/test', port: 5432 },
  mysql: { env: 'MYSQL_URL', url: 'mysql://root@127.0.0.1:3306/test', port: 3306 },
  redis: { env: 'REDIS_URL', url: 'redis://127.0.0.1:6379', port: 6379 },
  nats: { env: 'NATS_URL', url: 'nats://127.0.0.1:4222', port: 4222 },
  rabbitmq: { env: 'RABBITMQ_URL', url: 'amqp://guest:guest@127.0.0.1:5672', port: 5672 },
  mqtt: { env: 'MQTT_URL', url: 'mqtt://127.0.0.1:1883', port: 1883 },
};

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** What a probe found. */
export interface ServiceProbe {
  readonly name: ServiceName;
  /** The URL the suite must use (from the environment, or the default). */
  readonly url: string;
  readonly available: boolean;
  /** Why it is not available. */
  readonly reason: string;
}

/** The service's URL: `$REDIS_URL` (etc.) or the default; only loopback addresses are allowed. */
export function serviceUrl(name: ServiceName): string {
  const spec = DEFAULT_URLS[name];
  const url = process.env[spec.env] ?? spec.url;
  const host = new URL(url).hostname;
  if (!LOOPBACK.has(host)) {
    // Tests load and fault-inject services: they may only ever target this machine.
    throw new Error(`${spec.env}=${redactUrl(url)}: the integration tests only connect to 127.0.0.1 or ::1`);
  }
  return url;
}

/** Opens (and closes) a TCP connection to the service's port, within one second. */
export async function probeService(name: ServiceName): Promise<ServiceProbe> {
  const url = serviceUrl(name);
  const parsed = new URL(url);
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const port = parsed.port === '' ? DEFAULT_URLS[name].port : Number(parsed.port);
  const reason = await new Promise<string>((resolve) => {
    const socket = connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(`no answer from ${host}:${port} within 1 s`);
    }, 1_000);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.end();
      resolve('');
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      resolve(`${host}:${port}: ${error.message}`);
    });
  });
  return { name, url, available: reason === '', reason };
}

/** True on CI, where a missing service is a failure, not a skip. */
export function isCi(): boolean {
  return process.env['CI'] === 'true' || process.env['CI'] === '1';
}

/**
 * `describe` when the service answered; otherwise, on CI, a suite whose one test fails naming
 * the service and why, and elsewhere `describe.skip` after printing why.
 */
export function describeWithService(probe: ServiceProbe, title: string, body: () => void): void {
  if (probe.available) {
    describe(title, body);
    return;
  }
  const message = `${probe.name} is not reachable at ${redactUrl(probe.url)} (${probe.reason})`;
  if (isCi()) {
    describe(title, () => {
      it(`needs ${probe.name}`, () => {
        throw new Error(`${message}; CI must run the integration suites against the real service`);
      });
    });
    return;
  }
  console.warn(`skipping "${title}": ${message}`);
  describe.skip(title, body);
}

/** A name unique to this test run and worker, for keys, streams and tables that must not collide. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}
