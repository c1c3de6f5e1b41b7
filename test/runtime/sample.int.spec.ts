// `npm run sample:runtime` as a user runs it: a runtime in the background that the control channel steers.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ControlClient, findRuntime, isProcessAlive, type RuntimeRecord } from '@oneiric/runtime/client';
import { buildRuntimePackage } from './runtimeProcessHarness.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const sampleDir = path.join(root, 'samples', 'runtime');
const appLog = path.join(sampleDir, 'app.log');

async function waitFor(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    }
    await sleep(50);
  }
}

describe('samples/runtime (npm run sample:runtime)', () => {
  let record: RuntimeRecord | undefined;

  beforeAll(async () => {
    await buildRuntimePackage('samples/runtime');
    // A sample runtime left from a manual run would answer instead of the one under test.
    expect(await findRuntime('.oneiric_cache', sampleDir)).toBeUndefined();
    rmSync(appLog, { force: true });
  }, 300_000);

  afterAll(async () => {
    if (record !== undefined && isProcessAlive(record.pid)) {
      process.kill(record.pid, 'SIGKILL');
    }
    rmSync(appLog, { force: true });
    rmSync(path.join(sampleDir, '.oneiric_cache'), { recursive: true, force: true });
  });

  it('starts in the background, its output follows a swap made through the socket, and SIGTERM ends it', async () => {
    const { stdout } = await run(process.execPath, ['samples/runtime/dist/main.js'], { cwd: root, timeout: 60_000 });
    record = await findRuntime('.oneiric_cache', sampleDir);
    expect(record).toBeDefined();
    const started = record as RuntimeRecord;
    expect(stdout).toContain(`Started runtime pid ${started.pid}, profile default`);
    expect(stdout).toContain(`curl http://127.0.0.1:${started.httpPort ?? 0}/metrics`);
    expect(stdout).toContain('npx oneiric swap cache --provider memory');

    await waitFor(() => existsSync(appLog) && readFileSync(appLog, 'utf8').includes('(cache: lru'), 'a line served by lru');
    const client = new ControlClient({ socketPath: started.socket, timeoutMs: 10_000 });
    await client.request('POST', '/v1/swap', { domain: 'adapter', key: 'cache', provider: 'memory' });
    await waitFor(() => readFileSync(appLog, 'utf8').includes('(cache: memory'), 'a line served by memory');

    const metrics = await fetch(`http://127.0.0.1:${started.httpPort ?? 0}/metrics`, { signal: AbortSignal.timeout(10_000) });
    expect(await metrics.text()).toContain('oneiric_runtime_phase');

    process.kill(started.pid, 'SIGTERM');
    await waitFor(() => !isProcessAlive(started.pid), 'the runtime exit', 30_000);
    expect(existsSync(started.socket)).toBe(false);
  }, 120_000);
});
