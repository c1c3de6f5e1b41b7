// Fault tests: kills an MQTT consumer mid-message and restarts the machine's Mosquitto under
// QoS 1 publish load. Runs alone (the serial `npm run test:fault` pass) so no other suite loses its broker.
import { execFile } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { startMosquitto, stopMosquitto } from '../testing/brokerProcesses.js';
import { describeWithService, probeService, uniqueName } from '../testing/liveServices.js';
import { runLoad } from '../testing/runLoad.js';
import { MqttQueue } from './mqttQueue.js';
import { MqttQueueSettings } from './mqttQueueSettings.js';

const mqtt = await probeService('mqtt');
const run = promisify(execFile);
// The children import packages/adapters/dist: `npm test` builds it first (tsc --build).
const DIST = new URL('../../dist/index.js', import.meta.url).href;

// A worker in its own process, using the adapter: acknowledges (PUBACK) `ackCount` messages,
// then is killed (SIGKILL) while it holds the next one, unacknowledged: mid-message.
const DOOMED_WORKER = `
const [dist, url, topicPrefix, clientIdPrefix, topic, ackCount] = process.argv.slice(1);
const { MqttQueue, MqttQueueSettings } = await import(dist);
const queue = new MqttQueue(Object.assign(new MqttQueueSettings(), { url, topicPrefix, clientIdPrefix, sessionExpirySeconds: 300 }));
await queue.init();
const acked = [];
for (;;) {
  for (const message of await queue.receive(topic, { group: 'workers', consumer: 'doomed', max: 5, waitMs: 1000 })) {
    if (acked.length === Number(ackCount)) {
      console.log(JSON.stringify({ acked, held: message.id }));
      process.kill(process.pid, 'SIGKILL');
    }
    await message.ack();
    acked.push(message.id);
  }
}
`;

function newName(prefix: string): string {
  return uniqueName(prefix).replace(/[^A-Za-z0-9_-]/g, '_');
}

/** Receives and acknowledges until nothing comes for a second; returns the ids and which came again. */
async function drain(queue: MqttQueue, topic: string, group: string, into = new Map<string, boolean>()): Promise<Map<string, boolean>> {
  for (;;) {
    const batch = await queue.receive(topic, { group, consumer: 'drain', max: 100, waitMs: 1_000 });
    if (batch.length === 0) {
      return into;
    }
    for (const message of batch) {
      await message.ack();
      into.set(message.id, message.redelivered || (into.get(message.id) ?? false));
    }
  }
}

describeWithService(mqtt, 'MqttQueue under faults', () => {
  const runId = newName('fault');
  const created: MqttQueue[] = [];
  async function newQueue(overrides: Partial<MqttQueueSettings> = {}): Promise<MqttQueue> {
    const queue = new MqttQueue(Object.assign(new MqttQueueSettings(), {
      url: mqtt.url, topicPrefix: `${runId}/`, clientIdPrefix: `${runId}_`, sessionExpirySeconds: 300, connectTimeoutMs: 1_000, requestTimeoutMs: 2_000,
    }, overrides));
    await queue.init();
    created.push(queue);
    return queue;
  }
  afterAll(async () => {
    // Whatever happened above, the machine's Mosquitto is left running.
    await startMosquitto(mqtt.url);
    await Promise.all(created.map(async (queue) => queue.cleanup().catch(() => undefined)));
  }, 60_000);

  it('sends the message a killed consumer held mid-message again to the group: 0 lost', async () => {
    const topic = newName('killed');
    const clientIdPrefix = `${runId}_k_`;
    const publisher = await newQueue({ clientIdPrefix, groups: ['workers'] });
    const published = new Set<string>();
    for (let index = 0; index < 50; index += 1) {
      published.add(await publisher.publish(topic, `job-${index}`));
    }
    // One connection holds a session: the group's goes to the worker.
    await publisher.cleanup();
    const child = await run(process.execPath, ['--input-type=module', '-e', DOOMED_WORKER, DIST, mqtt.url, `${runId}/`, clientIdPrefix, topic, '20'])
      .then(() => { throw new Error('the doomed worker was expected to be killed'); }, (error: { signal?: string; stdout?: string }) => error);
    expect(child.signal).toBe('SIGKILL');
    const { acked, held } = JSON.parse(child.stdout ?? '{}') as { acked: string[]; held: string };
    expect(acked).toHaveLength(20);
    const survivor = await newQueue({ clientIdPrefix, groups: [] });
    const rest = await drain(survivor, topic, 'workers');
    expect(rest.get(held)).toBe(true);
    expect(new Set([...acked, ...rest.keys()])).toEqual(published);
  }, 60_000);

  it('reconnects after the broker restarts under QoS 1 publish load: no message the broker acknowledged is lost', async () => {
    const topic = newName('restart');
    const queue = await newQueue({ groups: ['audit'] });
    const confirmed = new Set<string>();
    const received = new Map<string, boolean>();
    let stopped = false;
    let lastPublishError = 'none';
    const load = runLoad(8, 120_000, async (worker, iteration) => {
      try {
        confirmed.add(await queue.publish(topic, `${worker}-${iteration}`));
      } catch (error) {
        lastPublishError = String(error);
        // While the broker is down every call fails at once: do not spin.
        await sleep(50);
        throw error;
      }
    }, () => stopped);
    // Every wait below is bounded: a broker that does not acknowledge fails the test with what it
    // said, instead of holding it until Jest's time limit (which skips the clean-up).
    const waitForConfirmed = async (count: number, withinMs: number, when: string): Promise<void> => {
      const deadline = Date.now() + withinMs;
      while (confirmed.size < count) {
        if (Date.now() > deadline) {
          throw new Error(`${when}: ${confirmed.size} of ${count} QoS 1 publishes acknowledged within ${withinMs} ms; last publish error: ${lastPublishError}`);
        }
        await sleep(20);
      }
    };
    // A consumer keeps the group's backlog short (Mosquitto drops QoS 1 messages beyond a
    // session's max_queued_messages, 1000 by default).
    const consuming = (async () => {
      while (!stopped) {
        await drain(queue, topic, 'audit', received).catch(async () => sleep(100));
      }
    })();
    let failures = 0;
    try {
      await waitForConfirmed(300, 30_000, 'before the restart');
      await stopMosquitto(mqtt.url);
      // Mosquitto comes back within milliseconds: stay down longer than a publish's time limit,
      // so that calls fail and the clients really lose their connections.
      await sleep(3_000);
      const whileDown = confirmed.size;
      await startMosquitto(mqtt.url);
      await waitForConfirmed(whileDown + 300, 30_000, 'after the broker accepted connections again');
    } finally {
      stopped = true;
      failures = (await load).failures.length;
      await consuming;
      await startMosquitto(mqtt.url);
    }
    expect(failures).toBeGreaterThan(0);
    await drain(queue, topic, 'audit', received);
    expect([...confirmed].filter((id) => !received.has(id))).toEqual([]);
  }, 180_000);
});
