// Tests of ManifestVerifier with a fixed clock and a real cache directory: parse, signatures, the unchanged-bytes shortcut, anti-rollback, audit lines.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureLogger, type CapturedLogger } from '../__fixtures__/captureLogger.js';
import { NOW, signedBy, testKey } from '../__fixtures__/testKeys.js';
import { RemoteError, RemoteErrorKind } from '../errors/remoteError.js';
import { ManifestVerifier } from './manifestVerifier.js';
import { RemoteCache } from './remoteCache.js';

const alice = testKey(1);
const HOUR_MS = 3_600_000;
const SOURCE = 'https://r.test/m.json';

let cacheDir: string;
let cache: RemoteCache;
let audit: CapturedLogger;
let nowMs: number;

beforeEach(() => {
  cacheDir = mkdtempSync(join(tmpdir(), 'oneiric-verifier-'));
  cache = new RemoteCache(cacheDir);
  audit = captureLogger();
  nowMs = NOW;
});

afterEach(() => {
  rmSync(cacheDir, { recursive: true, force: true });
});

function verifier(maxManifestBytes = 1_000_000): ManifestVerifier {
  return new ManifestVerifier({ policy: { trustedKeys: [alice.trusted], requireExpiry: true }, maxManifestBytes, cache, audit: audit.logger, now: () => nowMs });
}

function bytesOf(plain: Record<string, unknown>): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(plain));
}

async function kindOf(work: () => Promise<unknown>): Promise<string> {
  try {
    await work();
  } catch (error) {
    if (error instanceof RemoteError) {
      return error.kind;
    }
    throw error;
  }
  return 'accepted';
}

const signed = (serial: number): Uint8Array => bytesOf(signedBy({ serial, entries: [] }, alice, { expiresInMs: HOUR_MS }));

describe('ManifestVerifier', () => {
  describe('verify, having a manifest signed by a trusted key', () => {
    it('accepts it with one signature.accepted audit line naming the signer', async () => {
      const subject = verifier();

      const verified = await subject.verify(subject.parse(signed(3), SOURCE, SOURCE), SOURCE);

      expect(verified.signerKeyIds).toEqual([alice.trusted.keyId]);
      expect(audit.lines).toEqual([expect.objectContaining({ event: 'signature.accepted', decision: 'accepted', source: SOURCE, serial: 3, signers: [alice.trusted.keyId] })]);
    });
  });

  describe('verify, having the same bytes again', () => {
    it('skips the signature check but still refuses them once expired, because the clock moved', async () => {
      const subject = verifier();
      const bytes = signed(3);
      await subject.verify(subject.parse(bytes, SOURCE, SOURCE), SOURCE);

      await subject.verify(subject.parse(bytes, SOURCE, SOURCE), SOURCE);
      nowMs += 2 * HOUR_MS;
      const kind = await kindOf(() => subject.verify(subject.parse(bytes, SOURCE, SOURCE), SOURCE));

      expect(audit.lines[1]).toMatchObject({ event: 'signature.accepted', unchangedBytes: true });
      expect(kind).toBe(RemoteErrorKind.expired);
      expect(audit.lines[2]).toMatchObject({ event: 'signature.rejected', kind: RemoteErrorKind.expired });
    });
  });

  describe('verify, having accepted a higher serial in this cache directory', () => {
    // rollback: an attacker replaying an older, validly signed manifest must not lower the floor.
    it('refuses a lower serial with rollback and one rollback.refused audit line', async () => {
      await cache.writeAccepted({ serial: 5, digest: 'd5' });
      const subject = verifier();

      expect(await kindOf(() => subject.verify(subject.parse(signed(3), SOURCE, SOURCE), SOURCE))).toBe(RemoteErrorKind.rollback);
      expect(audit.lines).toEqual([expect.objectContaining({ event: 'rollback.refused', decision: 'refused', serial: 3 })]);
    });
  });

  describe('parse, having a signature refusal decided by the schema', () => {
    it('audits it as signature.rejected before rethrowing', () => {
      const plain = signedBy({ serial: 1, entries: [] }, alice, { expiresInMs: HOUR_MS });
      (plain['signatures'] as Record<string, unknown>[])[0]!['algorithm'] = 'rsa-sha256';

      expect(() => verifier().parse(bytesOf(plain), SOURCE, SOURCE)).toThrow(RemoteError);
      expect(audit.lines).toEqual([expect.objectContaining({ event: 'signature.rejected', decision: 'refused', source: SOURCE })]);
    });

    it('does not audit a refusal unrelated to signatures', () => {
      expect(() => verifier().parse(new TextEncoder().encode('{"serial": "one", "entries": []}'), SOURCE, SOURCE)).toThrow(expect.objectContaining({ kind: RemoteErrorKind.invalidManifest }));
      expect(audit.lines).toEqual([]);
    });
  });

  describe('parse, having more bytes than the limit', () => {
    // manifestTooLarge before parsing: a huge document must not reach the parser.
    it('refuses them with manifestTooLarge', () => {
      expect(() => verifier(10).parse(signed(1), 'origin', SOURCE)).toThrow(expect.objectContaining({ kind: RemoteErrorKind.manifestTooLarge }));
    });
  });
});
