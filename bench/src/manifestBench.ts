/** bench/manifest: parse, verify and register a signed manifest of 1,000 entries, then sync the same manifest again; prints both medians and their ratio. */
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createSilentLogger, Oneiric } from '@oneiric/core';
import { percentile } from '@oneiric/core/internal';
import { generateKeyFiles, parseRemoteSettings, readKeyFile, RemoteSync, signManifest } from '@oneiric/remote';

const ENTRIES = 1_000;
const ROUNDS = Number(process.env['BENCH_MANIFEST_ROUNDS'] ?? 15);
const FIRST_SYNC_TARGET_MS = 100;
const RESYNC_TARGET_RATIO = 0.2;

/** Runs the benchmark and returns whether both targets were met. */
export async function runManifestBench(): Promise<boolean> {
  const directory = mkdtempSync(join(tmpdir(), 'oneiric-bench-manifest-'));
  try {
    const keys = await generateKeyFiles(join(directory, 'keys'));
    const secretKey = await readKeyFile(keys.privateKeyPath);
    // One artifact shared by every entry: the sync fetches, checks and imports it once.
    const artifact = 'export class BenchCache { get(key) { return key; } }\n';
    const artifactPath = join(directory, 'bench-cache.mjs');
    writeFileSync(artifactPath, artifact);
    const sha256 = createHash('sha256').update(artifact).digest('hex');
    const entries = Array.from({ length: ENTRIES }, (_, index) => ({
      domain: 'adapter', key: `bench-${index}`, provider: 'remote', factory: '@bench/providers:BenchCache',
      uri: pathToFileURL(artifactPath).href, sha256, priority: index % 100, capabilities: ['ttl'], metadata: { index },
    }));
    const manifestPath = join(directory, 'manifest.json');
    writeFileSync(manifestPath, JSON.stringify(signManifest({ serial: 1, entries }, { secretKey, now: new Date(), expiresInMs: 3_600_000 })));
    const settings = parseRemoteSettings({
      enabled: true, manifest_url: pathToFileURL(manifestPath).href, allow_file_uris: true, allowed_file_uri_roots: [directory],
      trusted_public_keys: [readFileSync(keys.publicKeyPath, 'utf8').trim()], factory_allowlist: ['@bench/providers'], min_fetch_interval_ms: 0,
    });
    const firstMs: number[] = [];
    const resyncMs: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const cacheDir = mkdtempSync(join(directory, 'cache-'));
      const app = new Oneiric();
      const remote = new RemoteSync({ app, settings, cacheDir, auditLogger: createSilentLogger(), env: {} });
      let started = performance.now();
      await remote.sync();
      firstMs.push(performance.now() - started);
      started = performance.now();
      await remote.sync();
      resyncMs.push(performance.now() - started);
      remote.close();
      await app.close();
    }
    const first = percentile(firstMs, 50) ?? Number.NaN;
    const resync = percentile(resyncMs, 50) ?? Number.NaN;
    const ratio = resync / first;
    const firstOk = first < FIRST_SYNC_TARGET_MS;
    const ratioOk = ratio <= RESYNC_TARGET_RATIO;
    console.log(`\nbench/manifest (${ENTRIES} entries, ${ROUNDS} rounds)`);
    console.log(`first sync (parse, verify, register): median ${first.toFixed(2)} ms, target < ${FIRST_SYNC_TARGET_MS} ms ${firstOk ? 'OK' : 'MISSED'}`);
    console.log(`unchanged re-sync: median ${resync.toFixed(2)} ms -> ratio ${ratio.toFixed(3)}x, target <= ${RESYNC_TARGET_RATIO}x ${ratioOk ? 'OK' : 'MISSED'}`);
    return firstOk && ratioOk;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
