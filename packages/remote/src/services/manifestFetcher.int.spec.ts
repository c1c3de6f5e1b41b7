// Integration tests of ManifestFetcher against real HTTP servers on 127.0.0.1: what opens the circuit, and where the auth header goes.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { captureLogger } from '../__fixtures__/captureLogger.js';
import type { ParsedManifest } from '../calculations/parseManifest.js';
import { parseRemoteSettings } from '../config/parseRemoteSettings.js';
import { RemoteError, RemoteErrorKind } from '../errors/remoteError.js';
import type { FetchedManifest } from '../models/fetchedManifest.js';
import { ManifestFetcher } from './manifestFetcher.js';

const TOKEN = 'Bearer fetcher-secret';

let manifestServer: Server;
let otherServer: Server;
let manifestUrl: string;
let otherUrl: string;
let seen: { origin: string; path: string; authorization: string | undefined }[];

function listen(name: string): Promise<{ server: Server; url: string }> {
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    seen.push({ origin: name, path: request.url ?? '/', authorization: request.headers.authorization });
    response.end(request.url === '/garbage' ? 'not a manifest' : 'ok');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

beforeAll(async () => {
  ({ server: manifestServer, url: manifestUrl } = await listen('manifest'));
  ({ server: otherServer, url: otherUrl } = await listen('other'));
});

beforeEach(() => {
  seen = [];
});

afterAll(async () => {
  await Promise.all([manifestServer, otherServer].map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
});

// Stands in for the verifier's parser: "not a manifest" is refused as the parser would.
function parse(bytes: Uint8Array): FetchedManifest {
  if (new TextDecoder().decode(bytes) !== 'ok') {
    throw new RemoteError(RemoteErrorKind.invalidManifest, 'garbage');
  }
  return { bytesDigest: 'digest', parsed: {} as ParsedManifest };
}

function fetcher(): ManifestFetcher {
  const settings = parseRemoteSettings({ auth_token: TOKEN, circuit_breaker_threshold: 2, max_attempts: 1, min_fetch_interval_ms: 0, fetch_timeout_ms: 1_000 });
  const { logger } = captureLogger();
  return new ManifestFetcher({ settings, logger, audit: logger, now: Date.now, parse });
}

async function kindOf(work: Promise<unknown>): Promise<string> {
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

describe('ManifestFetcher', () => {
  describe('fetchManifest, having a remote that serves garbage', () => {
    // circuitOpen: after the threshold, no request reaches a remote that keeps failing.
    it('opens the circuit after the threshold and then refuses without a request', async () => {
      const subject = fetcher();

      expect([await kindOf(subject.fetchManifest(`${manifestUrl}/garbage`)), await kindOf(subject.fetchManifest(`${manifestUrl}/garbage`))]).toEqual([RemoteErrorKind.invalidManifest, RemoteErrorKind.invalidManifest]);
      expect(await kindOf(subject.fetchManifest(`${manifestUrl}/garbage`))).toBe(RemoteErrorKind.circuitOpen);
      expect(subject.isCircuitOpen).toBe(true);
      expect(seen).toHaveLength(2);
      subject.close();
    });
  });

  describe('fetchManifest, having refusals made before any request', () => {
    // fileUriRefused, not circuitOpen: a local refusal says nothing about the remote, so a
    // misconfigured call must not shut out a healthy remote.
    it('never opens the circuit for them', async () => {
      const subject = fetcher();

      for (let attempt = 0; attempt < 4; attempt += 1) {
        expect(await kindOf(subject.fetchManifest('file:///etc/manifest.json'))).toBe(RemoteErrorKind.fileUriRefused);
      }

      expect(subject.isCircuitOpen).toBe(false);
      expect(await kindOf(subject.fetchManifest(`${manifestUrl}/manifest.json`))).toBe('accepted');
      subject.close();
    });
  });

  describe('fetchArtifact', () => {
    it('sends the auth header to the manifest\'s origin only', async () => {
      const subject = fetcher();

      await subject.fetchArtifact(`${manifestUrl}/same.mjs`, `${manifestUrl}/manifest.json`);
      await subject.fetchArtifact(`${otherUrl}/elsewhere.mjs`, `${manifestUrl}/manifest.json`);

      expect(seen).toEqual([{ origin: 'manifest', path: '/same.mjs', authorization: TOKEN }, { origin: 'other', path: '/elsewhere.mjs', authorization: undefined }]);
      subject.close();
    });
  });
});
