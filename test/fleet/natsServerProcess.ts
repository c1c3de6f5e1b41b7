// Fault-test helper: stops the machine's NATS server by its pid and starts it again with exactly
// the machine's own start command, then waits until it accepts clients with JetStream.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { connect } from 'nats';
import { waitUntil } from './fleetCluster.js';

const run = promisify(execFile);

/** The machine's start command (start-stop-daemon runs nats-server in the background). */
export const NATS_START_COMMAND = [
  '/usr/sbin/start-stop-daemon', '--start', '--oknodo', '--background', '--exec', '/usr/sbin/nats-server', '--',
  '-a', '127.0.0.1', '-p', '4222', '-js', '-sd', '/var/lib/nats-server', '-l', '/var/log/nats-server.log',
] as const;

/** True when a client connects to `url` and JetStream answers, within two seconds. */
export async function natsAccepts(url: string): Promise<boolean> {
  try {
    const connection = await connect({ servers: url, timeout: 2_000, reconnect: false });
    try {
      await (await connection.jetstreamManager({ timeout: 2_000 })).getAccountInfo();
      return true;
    } finally {
      await connection.close();
    }
  } catch {
    return false;
  }
}

/**
 * Pids of the nats-server processes listening on `url`'s port (`pidof nats-server`, then each one's
 * command line: other suites run private nats-servers on other ports, which must be left alone).
 */
async function natsServerPids(url: string): Promise<number[]> {
  const port = new URL(url).port || '4222';
  const { stdout } = await run('pidof', ['nats-server'], { timeout: 5_000 }).catch(() => ({ stdout: '' }));
  const pids = stdout.split(/\s+/).filter(Boolean).map(Number).filter((pid) => Number.isSafeInteger(pid) && pid > 1);
  const listening = await Promise.all(pids.map(async (pid) => {
    const args = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
    return args.some((arg, index) => (arg === '-p' || arg === '--port') && args[index + 1] === port) ? pid : undefined;
  }));
  return listening.filter((pid): pid is number => pid !== undefined);
}

/** Stops the NATS server of `url` by its pid (SIGTERM; it flushes JetStream) and waits until it refuses clients. */
export async function stopNats(url: string): Promise<void> {
  for (const pid of await natsServerPids(url)) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
  await waitUntil(async () => (await natsServerPids(url)).length === 0 && !await natsAccepts(url), 30_000, 'NATS stopping');
}

/** Starts NATS with the machine's command, unless it already accepts clients, and waits until it does. */
export async function startNats(url: string): Promise<void> {
  if (await natsAccepts(url)) {
    return;
  }
  const [command, ...args] = NATS_START_COMMAND;
  await run(command, args, { timeout: 30_000 });
  await waitUntil(async () => natsAccepts(url), 30_000, 'NATS accepting clients with JetStream again');
}
