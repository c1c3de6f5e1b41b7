// Test helper for the fault test: stops the machine's Redis and starts it again exactly as the
// machine's own start command does, then waits until it answers PING.
import { execFile } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PORT = '6379';

/** Stops Redis without saving (it keeps nothing on disk on these machines anyway). */
export async function stopRedis(): Promise<void> {
  await run('redis-cli', ['-p', PORT, 'shutdown', 'nosave']).catch(() => undefined);
  await waitForRedis(false, 10_000);
}

/** Starts Redis with the machine's own command line, unless it already answers, and waits for PING. */
export async function startRedis(): Promise<void> {
  if (await answersPing()) {
    return;
  }
  await run('redis-server', [
    '--daemonize', 'yes', '--bind', '127.0.0.1', '-::1', '--port', PORT, '--save', '', '--appendonly', 'no',
    '--dir', '/var/lib/redis', '--logfile', '/var/log/redis/ci.log',
  ]);
  await waitForRedis(true, 20_000);
}

async function answersPing(): Promise<boolean> {
  try {
    const { stdout } = await run('redis-cli', ['-p', PORT, 'ping'], { timeout: 2_000 });
    return stdout.trim() === 'PONG';
  } catch {
    return false;
  }
}

async function waitForRedis(up: boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await answersPing()) !== up) {
    if (Date.now() > deadline) {
      throw new Error(`redis did not ${up ? 'come up' : 'stop'} within ${timeoutMs} ms`);
    }
    await sleep(100);
  }
}
