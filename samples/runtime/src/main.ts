/**
 * `npm run sample:runtime`: starts the sample application under a runtime in the background
 * (detached, output in `samples/runtime/app.log`), waits until its control socket answers, and
 * prints what to try.
 */
import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { ControlClient, findRuntime, runtimePaths, type RuntimeRecord } from '@oneiric/runtime/client';

const sampleDir = fileURLToPath(new URL('..', import.meta.url));
const cacheDir = '.oneiric_cache';
const START_TIMEOUT_MS = 30_000;

async function waitUntilAnswering(childPid: number): Promise<RuntimeRecord> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const record = await findRuntime(cacheDir, sampleDir);
    if (record?.pid === childPid) {
      try {
        await new ControlClient({ socketPath: record.socket, timeoutMs: 2_000 }).request('GET', '/v1/health');
        return record;
      } catch {
        // Not answering yet.
      }
    }
    await sleep(100);
  }
  throw new Error(`the runtime did not answer within ${START_TIMEOUT_MS} ms; see ${path.join(sampleDir, 'app.log')}`);
}

async function startInBackground(): Promise<RuntimeRecord> {
  const log = openSync(path.join(sampleDir, 'app.log'), 'a');
  const child = spawn(process.execPath, [path.join(sampleDir, 'dist', 'app.js')], { cwd: sampleDir, detached: true, stdio: ['ignore', log, log] });
  child.unref();
  if (child.pid === undefined) {
    throw new Error('the runtime process did not start');
  }
  return waitUntilAnswering(child.pid);
}

const running = await findRuntime(cacheDir, sampleDir);
const record = running ?? await startInBackground();
const relativeSocket = path.relative(process.cwd(), runtimePaths(cacheDir, sampleDir).socket);
console.log(`${running === undefined ? 'Started' : 'Already running:'} runtime pid ${record.pid}, profile ${record.profile}`);
console.log(`  control socket: ${record.socket}`);
console.log(`  HTTP:           http://127.0.0.1:${record.httpPort ?? '?'} (/healthz, /readyz, /metrics, / the status page)`);
console.log(`  its output:     ${path.join(path.relative(process.cwd(), sampleDir), 'app.log')}`);
console.log('');
console.log('Try (from samples/runtime):');
console.log('  tail -f app.log                                   # the application prints a price every second');
console.log('  npx oneiric status                                # live state, from the runtime');
console.log('  npx oneiric swap cache --provider memory          # app.log now says "cache: memory"');
console.log(`  curl --unix-socket ${relativeSocket} http://localhost/v1/status`);
console.log(`  curl http://127.0.0.1:${record.httpPort ?? '<port>'}/metrics`);
console.log(`  open http://127.0.0.1:${record.httpPort ?? '<port>'}/                 # status page in a browser: refreshes itself`);
console.log('  npx oneiric stop                                  # SIGTERM: drains, cleans up, exits 0');
