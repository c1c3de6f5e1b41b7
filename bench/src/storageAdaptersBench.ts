/** bench/adapters (storage): S3 put and get of 1 KiB and 1 MiB through the S3 storage adapter vs the raw AWS SDK client, against s3rver. */
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { percentile } from '@oneiric/core/internal';
import { S3Storage, S3StorageSettings } from '@oneiric/adapters';

const TARGET_RATIO = 1.1;
const ROUNDS = Number(process.env['BENCH_STORAGE_ROUNDS'] ?? 12);
const BUCKET = 'bench';
const SIZES = [{ label: '1 KiB', bytes: 1_024, ops: 200 }, { label: '1 MiB', bytes: 1_048_576, ops: 20 }] as const;

/** s3rver in its own process on a free port (its CLI), with a temporary directory. */
async function startS3rver(directory: string): Promise<{ child: ChildProcess; url: string }> {
  const script = join(dirname(createRequire(import.meta.url).resolve('s3rver/package.json')), 'bin/s3rver.js');
  const child = spawn(process.execPath, ['--openssl-legacy-provider', script, '-d', directory, '-p', '0', '-a', '127.0.0.1', '--configure-bucket', BUCKET, '--silent'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`s3rver did not start: ${output}`)), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /listening on 127\.0\.0\.1:(\d+)/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`s3rver exited with ${code}: ${output}`)));
  });
  child.stdout?.resume();
  child.stderr?.resume();
  return { child, url: `http://127.0.0.1:${port}` };
}

type Operation = (index: number) => Promise<unknown>;

/** Milliseconds per operation of `ops` sequential operations. */
async function timePerOp(operation: Operation, ops: number): Promise<number> {
  const started = performance.now();
  for (let index = 0; index < ops; index += 1) await operation(index);
  return (performance.now() - started) / ops;
}

/** Adapter and raw in alternating order each round; prints median times and the median per-round ratio. */
async function compare(label: string, adapter: Operation, raw: Operation, ops: number): Promise<boolean> {
  const times = { adapter: [] as number[], raw: [] as number[] };
  // One round first, not counted: JIT, connections.
  for (let round = -1; round < ROUNDS; round += 1) {
    const order = round % 2 === 0 ? (['adapter', 'raw'] as const) : (['raw', 'adapter'] as const);
    const measured: Record<'adapter' | 'raw', number> = { adapter: Number.NaN, raw: Number.NaN };
    for (const name of order) measured[name] = await timePerOp(name === 'adapter' ? adapter : raw, ops);
    if (round >= 0) {
      times.adapter.push(measured.adapter);
      times.raw.push(measured.raw);
    }
  }
  const ratio = percentile(times.adapter.map((value, round) => value / (times.raw[round] ?? Number.NaN)), 50) ?? Number.NaN;
  const ok = ratio <= TARGET_RATIO;
  const ms = (values: number[]): string => `${(percentile(values, 50) ?? Number.NaN).toFixed(3)} ms/op`;
  console.log(`${label}: adapter ${ms(times.adapter)} vs raw SDK ${ms(times.raw)} -> median per-round ratio ${ratio.toFixed(3)}x, target <= ${TARGET_RATIO}x ${ok ? 'OK' : 'MISSED'}`);
  return ok;
}

/** Collects a GetObject body into one Buffer, as the adapter's get does. */
async function readBody(body: unknown): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/**
 * S3 put and get latency through the adapter against the raw SDK client with the same settings,
 * sequential, against s3rver started for the run. Returns whether every target was met; true,
 * after saying so, when s3rver cannot be started.
 */
export async function runStorageAdaptersBench(): Promise<boolean> {
  console.log(`\n== bench/adapters (storage) == (${ROUNDS} rounds per subject, adapter and raw in alternating order; median per-op times and median per-round ratio; S3 against s3rver)`);
  const directory = await mkdtemp(join(tmpdir(), 'oneiric-bench-s3-'));
  let server: { child: ChildProcess; url: string };
  try {
    server = await startS3rver(directory);
  } catch (error) {
    console.log(`S3 skipped: ${error instanceof Error ? error.message : String(error)}`);
    await rm(directory, { recursive: true, force: true });
    return true;
  }
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  const settings = Object.assign(new S3StorageSettings(), { bucket: BUCKET, endpoint: server.url, forcePathStyle: true, ...credentials, checksums: 'when-required' });
  const storage = new S3Storage(settings);
  await storage.init();
  const raw = new S3Client({
    region: settings.region, endpoint: server.url, forcePathStyle: true, credentials, maxAttempts: settings.maxAttempts,
    requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: { connectionTimeout: settings.connectTimeoutMs, socketTimeout: settings.requestTimeoutMs },
  });
  const results: boolean[] = [];
  try {
    for (const size of SIZES) {
      const body = randomBytes(size.bytes);
      results.push(await compare(`s3 put ${size.label}`, async (index) => storage.put(`a/${size.bytes}/${index}`, body), async (index) => raw.send(new PutObjectCommand({ Bucket: BUCKET, Key: `r/${size.bytes}/${index}`, Body: body })), size.ops));
      results.push(await compare(`s3 get ${size.label}`, async (index) => storage.get(`a/${size.bytes}/${index}`), async (index) => readBody((await raw.send(new GetObjectCommand({ Bucket: BUCKET, Key: `r/${size.bytes}/${index}` }))).Body), size.ops));
    }
  } finally {
    await storage.cleanup();
    raw.destroy();
    server.child.kill('SIGTERM');
    await rm(directory, { recursive: true, force: true });
  }
  return results.every(Boolean);
}
