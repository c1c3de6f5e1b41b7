// Test helper for the fault tests: stops the machine's RabbitMQ and Mosquitto and starts them
// again with exactly the machine's own start commands, then waits until they accept clients.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);
const MOSQUITTO_PID_FILE = '/run/mosquitto/mosquitto.pid';

/** True when an AMQP handshake with `url` completes within two seconds. */
export async function rabbitMqAccepts(url: string): Promise<boolean> {
  const { connect } = await import('amqplib');
  try {
    const model = await connect(url, { timeout: 2_000 });
    await model.close();
    return true;
  } catch {
    return false;
  }
}

/** True when an MQTT CONNECT to `url` is accepted within two seconds. */
export async function mosquittoAccepts(url: string): Promise<boolean> {
  const { connectAsync } = await import('mqtt');
  try {
    const client = await connectAsync(url, { connectTimeout: 2_000, reconnectPeriod: 0 });
    await client.endAsync();
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!await check()) {
    if (Date.now() > deadline) {
      throw new Error(`${what} within ${timeoutMs} ms`);
    }
    await sleep(200);
  }
}

/** Stops the RabbitMQ node (`rabbitmqctl stop`) and waits until it refuses clients. */
export async function stopRabbitMq(url: string): Promise<void> {
  await run('rabbitmqctl', ['stop'], { timeout: 60_000 }).catch(() => undefined);
  await waitUntil(async () => !await rabbitMqAccepts(url), 30_000, 'RabbitMQ did not stop');
}

/** Starts RabbitMQ with `rabbitmq-server -detached`, unless it already accepts clients, and waits until it does. */
export async function startRabbitMq(url: string): Promise<void> {
  if (await rabbitMqAccepts(url)) {
    return;
  }
  await run('rabbitmq-server', ['-detached'], { timeout: 60_000 });
  await waitUntil(async () => rabbitMqAccepts(url), 90_000, 'RabbitMQ did not accept connections again');
}

/** Stops Mosquitto by its pid (SIGTERM: it saves its persistence file) and waits until it refuses clients. */
export async function stopMosquitto(url: string): Promise<void> {
  const pid = Number((await readFile(MOSQUITTO_PID_FILE, 'utf8').catch(() => '')).trim());
  // A stale pid file could name another process by now: only a mosquitto is signalled.
  const command = Number.isSafeInteger(pid) && pid > 1 ? (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '')).trim() : '';
  if (command === 'mosquitto') {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
  await waitUntil(async () => !await mosquittoAccepts(url), 30_000, 'Mosquitto did not stop');
}

/** Starts Mosquitto with `mosquitto -d -c /etc/mosquitto/mosquitto.conf`, unless it already accepts clients, and waits until it does. */
export async function startMosquitto(url: string): Promise<void> {
  if (await mosquittoAccepts(url)) {
    return;
  }
  await run('mosquitto', ['-d', '-c', '/etc/mosquitto/mosquitto.conf'], { timeout: 30_000 });
  await waitUntil(async () => mosquittoAccepts(url), 30_000, 'Mosquitto did not accept connections again');
}
