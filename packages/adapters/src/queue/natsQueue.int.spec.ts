import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { describeWithService, probeService, uniqueName } from '../testing/liveServices.js';
import { consumeAndAck, queueContract } from '../testing/queueContract.js';
import { NatsQueue } from './natsQueue.js';
import { NatsQueueSettings } from './natsQueueSettings.js';

const nats = await probeService('nats');
const run = promisify(execFile);

// A consumer in its own process: fetches `count` messages of the durable consumer, prints their
// stream sequences, then kills itself with SIGKILL, leaving them unacknowledged.
const DOOMED_CONSUMER = `
import { connect } from 'nats';
const [url, stream, durable, count] = process.argv.slice(1);
const connection = await connect({ servers: url });
const seqs = [];
for await (const message of connection.jetstream().fetch(stream, durable, { batch: Number(count), expires: 2000 })) seqs.push(String(message.seq));
console.log(JSON.stringify(seqs));
process.kill(process.pid, 'SIGKILL');
`;

describeWithService(nats, 'NatsQueue against a live NATS JetStream', () => {
  const streamPrefix = `${uniqueName('t').replace(/[^A-Za-z0-9_-]/g, '_')}_`;
  const created: NatsQueue[] = [];
  async function newQueue(overrides: Partial<NatsQueueSettings> = {}): Promise<NatsQueue> {
    const queue = new NatsQueue(Object.assign(new NatsQueueSettings(), { url: nats.url, streamPrefix, ackWaitMs: 1_000 }, overrides));
    await queue.init();
    created.push(queue);
    return queue;
  }
  let queue: NatsQueue;
  beforeAll(async () => {
    queue = await newQueue();
  });
  afterAll(async () => {
    // Remove this run's streams, then close every connection.
    const { connect } = await import('nats');
    const admin = await connect({ servers: nats.url });
    const manager = await admin.jetstreamManager();
    for await (const stream of manager.streams.list()) {
      if (stream.config.name.startsWith(streamPrefix)) await manager.streams.delete(stream.config.name);
    }
    await admin.close();
    await Promise.all(created.map((each) => each.cleanup()));
  });

  describe('the queue contract', () => {
    queueContract(() => queue);
  });

  describe('when the server cannot be reached', () => {
    it('fails init with AdapterError connectionFailed (nothing listens on port 1)', async () => {
      const unreachable = new NatsQueue(Object.assign(new NatsQueueSettings(), { url: 'nats://127.0.0.1:1', connectTimeoutMs: 300 }));
      await expect(unreachable.init()).rejects.toMatchObject({ kind: AdapterErrorKind.connectionFailed });
    });
  });

  describe('init with credentials in the URL', () => {
    it('fails with AdapterError connectionFailed without the password in the message (messages reach logs)', async () => {
      const unreachable = new NatsQueue(Object.assign(new NatsQueueSettings(), { url: 'nats://app:s3cret@127.0.0.1:1', connectTimeoutMs: 300 }));
      const attempt = unreachable.init();
      await expect(attempt).rejects.toBeInstanceOf(AdapterError);
      await expect(attempt).rejects.toMatchObject({ kind: AdapterErrorKind.connectionFailed });
      expect(await attempt.catch((error: Error) => error.message)).not.toContain('s3cret');
    });
  });

  describe('when a consumer is killed with messages unacknowledged', () => {
    it('redelivers them to another consumer after the ack deadline: none lost, none acknowledged twice', async () => {
      const topic = uniqueName('killed').replace(/[^A-Za-z0-9_-]/g, '_');
      const survivor = await newQueue();
      // Creates the stream and the durable consumer before anything is published.
      expect(await survivor.receive(topic, { group: 'workers', consumer: 'survivor', waitMs: 0 })).toEqual([]);
      const published = new Set<string>();
      for (let index = 0; index < 20; index += 1) {
        published.add(await survivor.publish(topic, `job-${index}`));
      }
      const child = await run(process.execPath, ['--input-type=module', '-e', DOOMED_CONSUMER, nats.url, `${streamPrefix}${topic}`, 'workers', '10'])
        .then(() => { throw new Error('the doomed consumer was expected to be killed'); }, (error: { signal?: string; stdout?: string }) => error);
      expect(child.signal).toBe('SIGKILL');
      const takenByDead = JSON.parse(child.stdout ?? '[]') as string[];
      expect(takenByDead).toHaveLength(10);

      // ack() throws ackFailed for a message already acknowledged: none is acknowledged twice.
      const messages = await consumeAndAck(survivor, topic, 'workers', 'survivor', 20);
      const acknowledged = messages.map((message) => message.id);
      expect(new Set(acknowledged)).toEqual(published);
      expect(acknowledged).toHaveLength(20);
      expect(messages.filter((message) => message.redelivered).map((message) => message.id).sort()).toEqual([...takenByDead].sort());
      // Past another ack deadline: nothing comes back, so every ack held.
      expect(await survivor.receive(topic, { group: 'workers', consumer: 'survivor', waitMs: 1_500 })).toEqual([]);
    });
  });

  describe('errors of JetStream and of the client', () => {
    function newTopic(): string {
      return uniqueName('fail').replace(/[^A-Za-z0-9_-]/g, '_');
    }
    async function withAdmin<T>(work: (admin: import('nats').NatsConnection, manager: import('nats').JetStreamManager) => Promise<T>): Promise<T> {
      const { connect } = await import('nats');
      const admin = await connect({ servers: nats.url });
      try {
        return await work(admin, await admin.jetstreamManager());
      } finally {
        await admin.close();
      }
    }

    it('fails receive of a new group on a stream deleted behind the queue with AdapterError queryFailed, keeping the JetStream API error (404 stream not found) as cause', async () => {
      const topic = newTopic();
      const stale = await newQueue();
      await stale.publish(topic, 'job');
      await withAdmin(async (_admin, manager) => manager.streams.delete(`${streamPrefix}${topic}`));
      // The queue still counts the stream as created, so it goes straight to adding the consumer.
      const attempt = stale.receive(topic, { group: 'late', consumer: 'one', waitMs: 0 });
      await expect(attempt).rejects.toBeInstanceOf(AdapterError);
      await expect(attempt).rejects.toMatchObject({
        kind: AdapterErrorKind.queryFailed,
        cause: expect.objectContaining({ name: 'NatsError', api_error: expect.objectContaining({ code: 404 }) }),
      });
    });

    it('fails publish to a stream deleted behind the queue with AdapterError queryFailed, keeping the no-responders error (503) as cause (no stream listens on the subject)', async () => {
      const topic = newTopic();
      const stale = await newQueue();
      await stale.publish(topic, 'job');
      await withAdmin(async (_admin, manager) => manager.streams.delete(`${streamPrefix}${topic}`));
      const attempt = stale.publish(topic, 'lost');
      await expect(attempt).rejects.toBeInstanceOf(AdapterError);
      await expect(attempt).rejects.toMatchObject({ kind: AdapterErrorKind.queryFailed, cause: expect.objectContaining({ name: 'NatsError', code: '503' }) });
    });

    it('fails publish with AdapterError timeout when nothing answers within requestTimeoutMs, keeping the client\'s TIMEOUT error as cause (a plain subscriber that never replies took the deleted stream\'s subject)', async () => {
      const topic = newTopic();
      const subject = `${streamPrefix}${topic}`;
      const slow = await newQueue({ requestTimeoutMs: 300 });
      await slow.publish(topic, 'job');
      await withAdmin(async (admin, manager) => {
        await manager.streams.delete(subject);
        // Receives the publish request and never answers it: no "no responders" either.
        const silent = admin.subscribe(subject);
        await admin.flush();
        const attempt = slow.publish(topic, 'unanswered');
        await expect(attempt).rejects.toBeInstanceOf(AdapterError);
        await expect(attempt).rejects.toMatchObject({ kind: AdapterErrorKind.timeout, cause: expect.objectContaining({ name: 'NatsError', code: 'TIMEOUT' }) });
        silent.unsubscribe();
      });
    });

    it('refuses a payload over the server\'s max_payload with AdapterError invalidArgument, keeping the client\'s MAX_PAYLOAD_EXCEEDED error as cause (the server would drop the connection)', async () => {
      const topic = newTopic();
      const maxPayload = await withAdmin(async (admin) => admin.info?.max_payload ?? 1_048_576);
      const attempt = queue.publish(topic, new Uint8Array(maxPayload + 1));
      await expect(attempt).rejects.toBeInstanceOf(AdapterError);
      await expect(attempt).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument, cause: expect.objectContaining({ name: 'NatsError', code: 'MAX_PAYLOAD_EXCEEDED' }) });
    });
  });

  describe('ack and nack', () => {
    function newTopic(): string {
      return uniqueName('settle').replace(/[^A-Za-z0-9_-]/g, '_');
    }

    it('refuses a slow consumer\'s ack with AdapterError ackFailed after its ack deadline, when the message went to another consumer, and accepts the new delivery\'s ack', async () => {
      const topic = newTopic();
      const fast = await newQueue({ ackWaitMs: 300 });
      await fast.publish(topic, 'job');
      const [held] = await fast.receive(topic, { group: 'workers', consumer: 'slow', waitMs: 1_000 });
      const taken = await fast.receive(topic, { group: 'workers', consumer: 'fast', waitMs: 1_500 });
      expect(taken.map((message) => message.id)).toEqual([held?.id]);
      expect(taken[0]?.redelivered).toBe(true);
      // JetStream would accept this ack although the message is now the other consumer's.
      const late = held!.ack();
      await expect(late).rejects.toBeInstanceOf(AdapterError);
      await expect(late).rejects.toMatchObject({ kind: AdapterErrorKind.ackFailed });
      const lateNack = held!.nack();
      await expect(lateNack).rejects.toMatchObject({ kind: AdapterErrorKind.ackFailed });
      await expect(taken[0]!.ack()).resolves.toBeUndefined();
      expect(await fast.receive(topic, { group: 'workers', consumer: 'fast', waitMs: 500 })).toEqual([]);
    });

    it('stops redelivering a message after maxDeliver deliveries (a failing handler cannot loop forever)', async () => {
      const topic = newTopic();
      const limited = await newQueue({ maxDeliver: 2 });
      await limited.publish(topic, 'poison');
      const [first] = await limited.receive(topic, { group: 'workers', consumer: 'one', waitMs: 1_000 });
      await first!.nack();
      const [second] = await limited.receive(topic, { group: 'workers', consumer: 'one', waitMs: 1_000 });
      expect(second?.id).toBe(first?.id);
      await second!.nack();
      expect(await limited.receive(topic, { group: 'workers', consumer: 'one', waitMs: 300 })).toEqual([]);
    });
  });
});
