import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { describeWithService, probeService, uniqueName } from '../testing/liveServices.js';
import { consumeAndAck, queueContract, receiveAll } from '../testing/queueContract.js';
import { MqttQueue } from './mqttQueue.js';
import { MqttQueueSettings } from './mqttQueueSettings.js';

const mqtt = await probeService('mqtt');
const run = promisify(execFile);

// A consumer in its own process: resumes the group's session, takes `count` messages without
// sending their PUBACK (and whatever else the broker sent meanwhile), prints their ids, then
// kills itself with SIGKILL.
const DOOMED_CONSUMER = `
import { connect } from 'mqtt';
const [url, clientId, count] = process.argv.slice(1);
const ids = [];
const client = connect(url, { clientId, clean: false, protocolVersion: 5, properties: { sessionExpiryInterval: 60, receiveMaximum: Number(count) }, manualConnect: true });
await new Promise((resolve) => {
  client.handleMessage = (packet, callback) => {
    ids.push(packet.properties.userProperties['oneiric-id']);
    if (ids.length >= Number(count)) resolve();
    callback(new Error('no PUBACK'));
  };
  client.connect();
});
console.log(JSON.stringify(ids));
process.kill(process.pid, 'SIGKILL');
`;

function newName(prefix: string): string {
  return uniqueName(prefix).replace(/[^A-Za-z0-9_-]/g, '_');
}

describeWithService(mqtt, 'MqttQueue against a live MQTT broker', () => {
  const runId = newName('t');
  const created: MqttQueue[] = [];
  async function newQueue(overrides: Partial<MqttQueueSettings> = {}): Promise<MqttQueue> {
    // The contract publishes before its groups g, a and b received: they are declared groups.
    const queue = new MqttQueue(Object.assign(new MqttQueueSettings(), {
      url: mqtt.url, topicPrefix: `${runId}/`, clientIdPrefix: `${runId}_`, groups: ['g', 'a', 'b'], sessionExpirySeconds: 60,
    }, overrides));
    await queue.init();
    created.push(queue);
    return queue;
  }
  let queue: MqttQueue;
  beforeAll(async () => {
    queue = await newQueue();
  });
  afterAll(async () => {
    await Promise.all(created.map(async (each) => each.cleanup()));
  });

  describe('the queue contract', () => {
    queueContract(() => queue);
  });

  describe('when the broker cannot be reached', () => {
    it('fails init with AdapterError connectionFailed (nothing listens on port 1), without the password in the message', async () => {
      const unreachable = new MqttQueue(Object.assign(new MqttQueueSettings(), { url: 'mqtt://app:s3cret@127.0.0.1:1', connectTimeoutMs: 300 }));
      const attempt = unreachable.init();
      await expect(attempt).rejects.toBeInstanceOf(AdapterError);
      await expect(attempt).rejects.toMatchObject({ kind: AdapterErrorKind.connectionFailed });
      expect(await attempt.catch((error: Error) => error.message)).not.toContain('s3cret');
    });
  });

  describe('publish that no group would receive', () => {
    // The broker drops a QoS 1 message no session subscribed to (PUBACK reason 0x10): the
    // adapter reports it as queryFailed instead of claiming it was delivered.
    it('fails with AdapterError queryFailed', async () => {
      const lonely = await newQueue({ groups: [], clientIdPrefix: `${runId}_lonely_` });
      await expect(lonely.publish(newName('lonely'), 'x')).rejects.toMatchObject({ kind: AdapterErrorKind.queryFailed });
    });
  });

  describe('before init', () => {
    it('fails with AdapterError notReady', async () => {
      const idle = new MqttQueue(new MqttQueueSettings());
      await expect(idle.publish('x', 'y')).rejects.toMatchObject({ kind: AdapterErrorKind.notReady });
    });
  });

  describe('when the consuming process is killed with messages unacknowledged', () => {
    it('the broker sends them again to the group\'s next connection: none lost, each acknowledged once', async () => {
      const topic = newName('killed');
      const clientIdPrefix = `${runId}_k_`;
      const publisher = await newQueue({ clientIdPrefix, groups: ['workers'] });
      const published = new Set<string>();
      for (let index = 0; index < 20; index += 1) {
        published.add(await publisher.publish(topic, `job-${index}`));
      }
      // Leaves the group's session to the doomed consumer (one connection holds a session).
      await publisher.cleanup();
      const child = await run(process.execPath, ['--input-type=module', '-e', DOOMED_CONSUMER, mqtt.url, `${clientIdPrefix}workers`, '10'])
        .then(() => { throw new Error('the doomed consumer was expected to be killed'); }, (error: { signal?: string; stdout?: string }) => error);
      expect(child.signal).toBe('SIGKILL');
      const takenByDead = JSON.parse(child.stdout ?? '[]') as string[];
      expect(takenByDead.length).toBeGreaterThanOrEqual(10);
      const survivor = await newQueue({ clientIdPrefix, groups: [] });
      const messages = await consumeAndAck(survivor, topic, 'workers', 'survivor', 20);
      expect(new Set(messages.map((message) => message.id))).toEqual(published);
      expect(messages).toHaveLength(20);
      // Those the dead one held, and any the broker had sent it that it never read.
      const redelivered = new Set(messages.filter((message) => message.redelivered).map((message) => message.id));
      expect(takenByDead.filter((id) => !redelivered.has(id))).toEqual([]);
      expect(await survivor.receive(topic, { group: 'workers', consumer: 'survivor', waitMs: 300 })).toEqual([]);
    });
  });

  describe('a message nacked maxDeliveries times', () => {
    it('is acknowledged and republished to the dead-letter topic (a failing handler cannot loop forever)', async () => {
      const topic = newName('poison');
      const limited = await newQueue({ maxDeliveries: 2, clientIdPrefix: `${runId}_p_`, groups: ['g'] });
      const watcher = await newQueue({ clientIdPrefix: `${runId}_w_`, topicPrefix: `${runId}/${topic}/dead/`, groups: [] });
      // Subscribes the watcher's session to the dead-letter topic before anything is dead.
      expect(await watcher.receive('g', { group: 'watch', consumer: 'w', waitMs: 0 })).toEqual([]);
      const id = await limited.publish(topic, 'poison');
      const [first] = await receiveAll(limited, topic, 'g', 'c', 1);
      await first!.nack();
      const [second] = await receiveAll(limited, topic, 'g', 'c', 1);
      expect(second?.id).toBe(id);
      expect(second?.redelivered).toBe(true);
      await second!.nack();
      expect(await limited.receive(topic, { group: 'g', consumer: 'c', waitMs: 300 })).toEqual([]);
      const [dead] = await receiveAll(watcher, 'g', 'watch', 'w', 1);
      expect(dead?.id).toBe(id);
      expect(dead?.data.toString()).toBe('poison');
      await dead?.ack();
    });
  });

  describe('a message received on a connection that was lost', () => {
    it('cannot be acknowledged (AdapterError ackFailed) and comes back to the group with redelivered set', async () => {
      const topic = newName('lost');
      const clientIdPrefix = `${runId}_l_`;
      const fragile = await newQueue({ clientIdPrefix });
      await fragile.publish(topic, 'job');
      const [message] = await receiveAll(fragile, topic, 'g', 'c', 1);
      await fragile.cleanup();
      await expect(message!.ack()).rejects.toMatchObject({ kind: AdapterErrorKind.ackFailed });
      const resumed = await newQueue({ clientIdPrefix, groups: [] });
      const [again] = await receiveAll(resumed, topic, 'g', 'other', 1);
      expect(again?.id).toBe(message?.id);
      expect(again?.redelivered).toBe(true);
      await again!.ack();
    });
  });
});
