/** Test fixture: a signed manifest of `service:greeter` (provider `remote`) served on 127.0.0.1 (specs only). */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { generateKeyFiles, readKeyFile, signManifest } from '@oneiric/remote';

const ARTIFACT = 'export class RemoteGreeter { greet(name) { return `hello ${name} from the manifest`; } }\n';

/** The running server, what signs its manifest, and the `remote` settings trusting it. */
export interface GreeterManifestServer {
  readonly server: Server;
  readonly secretKey: Uint8Array;
  readonly remoteSettings: Record<string, unknown>;
  /** Requests for /manifest.json so far. */
  manifestRequests(): number;
}

/** Generates keys under `<directory>/keys`, signs a manifest of serial `serial`, and serves it with its artifact. */
export async function startGreeterManifestServer(directory: string, serial: number): Promise<GreeterManifestServer> {
  const keys = await generateKeyFiles(path.join(directory, 'keys'));
  const secretKey = await readKeyFile(keys.privateKeyPath);
  const routes = new Map<string, string>([['/greeter.mjs', ARTIFACT]]);
  let manifestRequests = 0;
  const server = createServer((request, response) => {
    manifestRequests += request.url === '/manifest.json' ? 1 : 0;
    const body = routes.get(request.url ?? '');
    response.writeHead(body === undefined ? 404 : 200);
    response.end(body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const manifest = signManifest({
    serial,
    entries: [{
      domain: 'service', key: 'greeter', provider: 'remote', priority: 100,
      factory: '@acme/greeters:RemoteGreeter', uri: `${baseUrl}/greeter.mjs`, sha256: createHash('sha256').update(ARTIFACT).digest('hex'),
    }],
  }, { secretKey, now: new Date(), expiresInMs: 3_600_000 });
  routes.set('/manifest.json', JSON.stringify(manifest));
  const remoteSettings = {
    enabled: true, manifest_url: `${baseUrl}/manifest.json`, trusted_public_keys: [readFileSync(keys.publicKeyPath, 'utf8').trim()],
    factory_allowlist: ['@acme/greeters'], max_attempts: 1, min_fetch_interval_ms: 0,
  };
  return { server, secretKey, remoteSettings, manifestRequests: () => manifestRequests };
}
