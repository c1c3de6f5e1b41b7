/** Remote manifest: signs a manifest with a fresh key, serves it and its artifact on 127.0.0.1, syncs it and resolves the remote provider. */
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineKey, Oneiric } from '@oneiric/core';
import { generateKeyFiles, parseRemoteSettings, readKeyFile, RemoteSync, signManifest } from '@oneiric/remote';

interface Greeter {
  greet(name: string): string;
}

/** The greeter key: its providers arrive in the signed manifest, not in this file. */
const greeterKey = defineKey<Greeter>('service', 'greeter');

const workDir = mkdtempSync(join(tmpdir(), 'oneiric-remote-sample-'));
const keys = await generateKeyFiles(join(workDir, 'keys'));
console.log(`Generated signing key ${keys.keyId}`);

// The artifact: an ES module whose export the manifest names as the provider's factory.
const artifact = "export class RemoteGreeter { greet(name) { return `Hello, ${name}, from the remote manifest`; } }\n";
const routes = new Map<string, string>([['/artifacts/greeter.mjs', artifact]]);
const server = createServer((request, response) => {
  const body = routes.get(request.url ?? '');
  response.writeHead(body === undefined ? 404 : 200);
  response.end(body ?? '');
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const manifest = signManifest({
  serial: 1,
  entries: [{
    domain: 'service', key: 'greeter', provider: 'remote', priority: 100,
    factory: '@sample/remote:RemoteGreeter',
    uri: `${baseUrl}/artifacts/greeter.mjs`,
    sha256: createHash('sha256').update(artifact).digest('hex'),
  }],
}, { secretKey: await readKeyFile(keys.privateKeyPath), now: new Date(), expiresInMs: 3_600_000 });
routes.set('/manifest.json', JSON.stringify(manifest));

const app = new Oneiric();
// A local provider the remote one outranks; it takes over again if the manifest retracts the entry.
app.register({ domain: 'service', key: 'greeter', provider: 'local', priority: 0, factory: { kind: 'function', build: (): Greeter => ({ greet: (name) => `Hello, ${name}, from the local provider` }) } });
const remote = new RemoteSync({
  app,
  cacheDir: join(workDir, 'cache'),
  settings: parseRemoteSettings({
    enabled: true,
    manifest_url: `${baseUrl}/manifest.json`,
    trusted_public_keys: [readFileSync(keys.publicKeyPath, 'utf8').trim()],
    factory_allowlist: ['@sample/remote'],
  }),
  env: {},
});
try {
  const result = await remote.syncOrFallBack();
  console.log(`Synced manifest serial ${result.serial}: registered ${result.registered.join(', ')}, signed by ${result.signerKeyIds.join(', ')}`);
  await app.start();
  console.log(app.use(greeterKey).greet('world'));
  console.log(app.explain('service', 'greeter').ranked.map((entry) => `${entry.provider} (${entry.source}): ${entry.summary}`).join('\n'));
} finally {
  remote.close();
  await app.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(workDir, { recursive: true, force: true });
}
