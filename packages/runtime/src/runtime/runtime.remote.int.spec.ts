// Remote sync in a runtime: a signed manifest served on 127.0.0.1, then the same runtime offline.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { signManifest } from '@oneiric/remote';
import { startGreeterManifestServer } from '../__fixtures__/greeterManifestServer.js';
import { createRuntime } from './createRuntime.js';
import type { Runtime } from './runtime.js';

interface Greeter {
  greet(name: string): string;
}

describe('Runtime with remote sync', () => {
  let cwd = '';
  let server: Server;
  let manifestRequests: () => number = () => 0;
  let remoteSettings: Record<string, unknown> = {};
  let secretKey: Uint8Array;
  const started: Runtime[] = [];

  beforeAll(async () => {
    cwd = mkdtempSync(path.join(tmpdir(), 'oneiric-runtime-remote-'));
    const served = await startGreeterManifestServer(cwd, 7);
    ({ server, secretKey, remoteSettings } = served);
    manifestRequests = served.manifestRequests;
  });

  afterEach(async () => {
    await Promise.all(started.splice(0).map((runtime) => runtime.stop()));
  });

  afterAll(async () => {
    if (server.listening) {
      await new Promise((resolve) => server.close(resolve));
    }
    rmSync(cwd, { recursive: true, force: true });
  });

  async function startRuntime(extra: { profile?: string; manifestUrl?: string } = {}): Promise<Runtime> {
    const remote = { ...remoteSettings, ...(extra.manifestUrl === undefined ? {} : { manifest_url: extra.manifestUrl }) };
    const runtime = await createRuntime({
      cwd, env: {}, ...(extra.profile === undefined ? {} : { profile: extra.profile }),
      config: { logging: { level: 'error' }, remote },
      register: (app) => {
        app.register({ domain: 'service', key: 'greeter', provider: 'local', factory: { kind: 'function', build: (): Greeter => ({ greet: (name) => `hello ${name} from here` }) } });
      },
    });
    started.push(runtime);
    await runtime.start();
    return runtime;
  }

  it('syncs the manifest at start, before activation, and reports its serial in the health snapshot', async () => {
    const runtime = await startRuntime();
    expect(runtime.app.use<Greeter>('service', 'greeter').greet('ada')).toBe('hello ada from the manifest');
    expect(runtime.health().remote).toMatchObject({ enabled: true, serial: 7 });
  });

  it('with the serverless profile, starts from the cached manifest without asking the server', async () => {
    const before = manifestRequests();
    const runtime = await startRuntime({ profile: 'serverless' });
    expect(runtime.app.use<Greeter>('service', 'greeter').greet('ada')).toBe('hello ada from the manifest');
    expect(manifestRequests()).toBe(before);
  });

  it('with runtime.manifest_file, starts from the manifest shipped with the deployment, without the network', async () => {
    const deployment = mkdtempSync(path.join(tmpdir(), 'oneiric-runtime-bundle-'));
    try {
      const artifact = 'export class BundledGreeter { greet(name) { return `hello ${name} from the bundle`; } }\n';
      writeFileSync(path.join(deployment, 'greeter.mjs'), artifact);
      const manifest = signManifest({
        serial: 9,
        entries: [{
          domain: 'service', key: 'greeter', provider: 'bundled', priority: 100, factory: '@acme/greeters:BundledGreeter',
          uri: pathToFileURL(path.join(deployment, 'greeter.mjs')).href, sha256: createHash('sha256').update(artifact).digest('hex'),
        }],
      }, { secretKey, now: new Date(), expiresInMs: 3_600_000 });
      writeFileSync(path.join(deployment, 'manifest.json'), JSON.stringify(manifest));
      const before = manifestRequests();
      const runtime = await createRuntime({
        cwd: deployment, env: { PORT: '0' }, profile: 'serverless',
        config: {
          logging: { level: 'error' },
          runtime: { manifest_file: 'manifest.json' },
          remote: { ...remoteSettings, allow_file_uris: true, allowed_file_uri_roots: [deployment] },
        },
      });
      started.push(runtime);
      await runtime.start();
      expect(runtime.app.use<Greeter>('service', 'greeter').greet('ada')).toBe('hello ada from the bundle');
      expect(runtime.health().remote).toMatchObject({ serial: 9 });
      expect(manifestRequests()).toBe(before);
      await runtime.stop();
    } finally {
      rmSync(deployment, { recursive: true, force: true });
    }
  });

  it('with the server down, starts from the cached manifest and syncRemote falls back to it', async () => {
    await new Promise((resolve) => server.close(resolve));
    const runtime = await startRuntime();
    expect(runtime.app.use<Greeter>('service', 'greeter').greet('ada')).toBe('hello ada from the manifest');
    await expect(runtime.syncRemote()).resolves.toMatchObject({ serial: 7, offline: true });
    expect(runtime.health().remote).toMatchObject({ enabled: true, serial: 7, lastFailureAt: expect.any(String) });
  });
});
