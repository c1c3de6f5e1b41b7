// The harness of RemoteSync's integration tests: a real HTTP server on 127.0.0.1 serving signed manifests and artifacts, an audit sink, helpers.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import winston from 'winston';
import type { Oneiric } from '@oneiric/core';
import { signedBy, testKey } from './testKeys.js';
import { parseRemoteSettings } from '../config/parseRemoteSettings.js';
import { RemoteError } from '../errors/remoteError.js';
import { RemoteSync } from '../services/remoteSync.js';

/** The publisher's key the harness trusts. */
export const alice = testKey(7);
/** The auth token the harness configures. */
export const TOKEN = 'Bearer super-secret-token-123';

/** How the harness server answers one path. */
export interface Route {
  status?: number;
  body?: string | Buffer;
  hang?: boolean;
  delayMs?: number;
}

let server: Server;
export let baseUrl: string;
export let routes: Map<string, Route>;
export let requests: { path: string; authorization: string | undefined; customToken: string | string[] | undefined; traceparent: string | string[] | undefined }[];
export let hanging: ServerResponse[];
export let cacheDir: string;
export let auditLines: Record<string, unknown>[];
let artifactCounter = 0;

/** Registers the hooks that start the server on 127.0.0.1, and give each test fresh routes, audit lines and cache directory. */
export function useManifestServer(): void {
  beforeAll(async () => {
    server = createServer((request: IncomingMessage, response: ServerResponse) => {
      const path = request.url ?? '/';
      requests.push({ path, authorization: request.headers.authorization, customToken: request.headers['x-oneiric-token'], traceparent: request.headers.traceparent });
      const route = routes.get(path);
      if (route?.hang === true) {
        hanging.push(response);
        return;
      }
      const answer = (): void => {
        response.writeHead(route?.status ?? (route === undefined ? 404 : 200));
        response.end(route?.body ?? '');
      };
      if (route?.delayMs === undefined) {
        answer();
      } else {
        setTimeout(answer, route.delayMs);
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // One request before the tests: the runtime's fetch loads lazily, and a cold first fetch on a
    // busy machine can outlast a test's fetch limit. In the single file these tests came from,
    // earlier tests did this warm-up; each file of the split now does it itself.
    routes = new Map();
    requests = [];
    hanging = [];
    await (await fetch(`${baseUrl}/warm-up`)).arrayBuffer();
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(() => {
    routes = new Map();
    requests = [];
    hanging = [];
    auditLines = [];
    cacheDir = mkdtempSync(join(tmpdir(), 'oneiric-remote-'));
  });

  afterEach(() => {
    for (const response of hanging) {
      response.destroy();
    }
    rmSync(cacheDir, { recursive: true, force: true });
  });
}

// Each artifact gets unique text, so its digest (and the module URL) is new and Node's module cache cannot mask a test.
export function artifact(label: string): { body: string; sha256: string; path: string } {
  artifactCounter += 1;
  const body = `// artifact ${artifactCounter}\nexport class RemoteCache { get(key) { return '${label}:' + key; } }\nexport function makeCache() { return { get: (key) => 'made-${label}:' + key }; }\nexport const notAFunction = 3;\n`;
  const path = `/artifacts/cache-${artifactCounter}.mjs`;
  routes.set(path, { body });
  return { body, sha256: createHash('sha256').update(body).digest('hex'), path };
}

export function entry(provider: string, served: { sha256: string; path: string }, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { domain: 'adapter', key: 'cache', provider, factory: '@acme/providers:RemoteCache', uri: `${baseUrl}${served.path}`, sha256: served.sha256, priority: 100, ...extra };
}

export function serveManifest(serial: number, entries: unknown[], path = '/manifest.json'): Record<string, unknown> {
  const manifest = signedBy({ serial, entries }, alice, { nowMs: Date.now(), expiresInMs: 3_600_000 });
  routes.set(path, { body: JSON.stringify(manifest) });
  return manifest;
}

export function auditLogger(): winston.Logger {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done): void {
      auditLines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return winston.createLogger({ format: winston.format.json(), defaultMeta: { component: 'oneiric-audit' }, transports: [new winston.transports.Stream({ stream: sink })] });
}

export function remoteFor(app: Oneiric, settings: Record<string, unknown> = {}, options: { cwd?: string } = {}): RemoteSync {
  return new RemoteSync({
    app,
    cacheDir,
    ...options,
    auditLogger: auditLogger(),
    env: {},
    settings: parseRemoteSettings({
      enabled: true,
      manifest_url: `${baseUrl}/manifest.json`,
      trusted_public_keys: [alice.publicBase64],
      factory_allowlist: ['@acme/providers'],
      auth_token: TOKEN,
      // Well above the slow server's 250 ms delay: on a loaded machine 300 ms timed out requests
      // that were only slow. The hang test sets its own, shorter limit.
      fetch_timeout_ms: 2_000,
      max_attempts: 1,
      retry_base_delay_ms: 1,
      min_fetch_interval_ms: 0,
      ...settings,
    }),
  });
}

export function localMemoryCache(app: Oneiric): void {
  app.register({ domain: 'adapter', key: 'cache', provider: 'memory', priority: 0, factory: { kind: 'function', build: () => ({ get: (key: string) => `local:${key}` }) } });
}

export async function kindOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    if (error instanceof RemoteError) {
      return error.kind;
    }
    throw error;
  }
  return 'accepted';
}

/** Polls `condition` every 10 ms until it holds, failing after `timeoutMs`. */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error('condition not met in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
