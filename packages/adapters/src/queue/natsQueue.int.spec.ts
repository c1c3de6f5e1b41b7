import { execFile } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { describeWithService, probeService, uniqueName } from '../testing/liveServices.js';
import { consumeAndAck, queueContract } from '../testing/queueContract.js';
import { startRelay } from '../testing/tcpRelay.js';
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

// The children import packages/adapters/dist: `npm test` builds it first (tsc --build).
const DIST = new URL('../../dist/index.js', import.meta.url).href;

// Inits a queue against a TCP listener that accepts and never answers (no INFO), prints the
// outcome, and then must exit on its own: nothing may keep the event loop alive. The accepted
// sockets are unref'd, so only the client's own socket or timers could.
const SILENT_SERVER_INIT = `
import { createServer } from 'node:net';
const [dist] = process.argv.slice(1);
const { NatsQueue, NatsQueueSettings } = await import(dist);
const server = createServer((socket) => { socket.unref(); socket.on('error', () => {}); });
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const queue = new NatsQueue(Object.assign(new NatsQueueSettings(), { url: 'nats://127.0.0.1:' + server.address().port, connectTimeoutMs: 300 }));
const started = Date.now();
const outcome = await queue.init().then(() => 'connected', (error) => error.name + ':' + error.kind);
server.close();
console.log(JSON.stringify({ outcome, ms: Date.now() - started }));
`;

// Connects through its own relay to NATS, then cuts the relay for good (connections refused),
// so the client is reconnecting when cleanup() runs; the process must then exit on its own.
const CLEANUP_WHILE_RECONNECTING = `
import { connect, createServer } from 'node:net';
const [dist, url, streamPrefix] = process.argv.slice(1);
const { NatsQueue, NatsQueueSettings } = await import(dist);
const target = new URL(url);
const sockets = [];
const relay = createServer((client) => {
  const upstream = connect(Number(target.port), target.hostname);
  sockets.push(client, upstream);
  client.pipe(upstream); upstream.pipe(client);
  client.on('error', () => upstream.destroy()); upstream.on('error', () => client.destroy());
  client.on('close', () => upstream.destroy()); upstream.on('close', () => client.destroy());
});
await new Promise((resolve) => relay.listen(0, '127.0.0.1', resolve));
const queue = new NatsQueue(Object.assign(new NatsQueueSettings(), { url: 'nats://127.0.0.1:' + relay.address().port, streamPrefix }));
await queue.init();
await queue.publish('exit', 'x');
relay.close();
for (const socket of sockets) socket.destroy();
await new Promise((resolve) => setTimeout(resolve, 1_000));
const healthy = await queue.health();
await queue.cleanup();
console.log(JSON.stringify({ healthy }));
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

  describe('init against a server that accepts the connection and never answers', () => {
    // Before the fix nats.connect timed out but left its socket open (waiting for INFO forever):
    // the connection was never set, so nothing closed it, and the child never exited (killed
    // after 10 s, so execFile rejected).
    it('fails with AdapterError connectionFailed and leaves nothing open: the process exits on its own', async () => {
      const started = Date.now();
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', SILENT_SERVER_INIT, DIST], { timeout: 10_000 });
      expect(JSON.parse(stdout)).toMatchObject({ outcome: 'AdapterError:connectionFailed' });
      expect(Date.now() - started).toBeLessThan(5_000);
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

  describe('an outage of the server', () => {
    // Before the fix the client reconnected 10 times 250 ms apart and then closed the connection
    // for good: after ~3 s of outage health() stayed false and every publish failed with
    // AdapterError connectionFailed (CONNECTION_CLOSED), so this test failed on its deadline.
    it('is survived: after 4.5 s cut off, publish and receive work again within seconds of the server coming back', async () => {
      const topic = uniqueName('outage').replace(/[^A-Za-z0-9_-]/g, '_');
      const relay = await startRelay(nats.url);
      try {
        const resilient = await newQueue({ url: relay.url, requestTimeoutMs: 500 });
        await resilient.publish(topic, 'before');
        relay.cut();
        await sleep(4_500);
        expect(await resilient.health()).toBe(false);
        relay.restore();
        const deadline = Date.now() + 5_000;
        while (!await resilient.health()) {
          if (Date.now() > deadline) throw new Error('the queue did not reconnect within 5 s of the server coming back');
          await sleep(100);
        }
        await resilient.publish(topic, 'after');
        const messages = await consumeAndAck(resilient, topic, 'g', 'c', 2);
        expect(messages.map((message) => message.data.toString())).toEqual(['before', 'after']);
        await resilient.cleanup();
      } finally {
        await relay.close();
      }
    }, 20_000);

    it('does not keep the process alive: cleanup() during reconnection closes everything and the process exits', async () => {
      const started = Date.now();
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', CLEANUP_WHILE_RECONNECTING, DIST, nats.url, streamPrefix], { timeout: 10_000 });
      expect(JSON.parse(stdout)).toEqual({ healthy: false });
      expect(Date.now() - started).toBeLessThan(6_000);
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

  describe('storage limits', () => {
    // Before the fix streams were created with no limits (maxMessages did not exist and the
    // stream kept all 10 messages).
    it('keeps at most maxMessages messages in a topic\'s stream, dropping the oldest', async () => {
      const topic = uniqueName('limits').replace(/[^A-Za-z0-9_-]/g, '_');
      const bounded = await newQueue({ maxMessages: 5, maxAgeMs: 60_000 } as Partial<NatsQueueSettings>);
      for (let index = 0; index < 10; index += 1) {
        await bounded.publish(topic, `m${index}`);
      }
      const { connect } = await import('nats');
      const admin = await connect({ servers: nats.url });
      try {
        const info = await (await admin.jetstreamManager()).streams.info(`${streamPrefix}${topic}`);
        expect(info.state.messages).toBe(5);
        expect(info.config.max_age).toBe(60_000 * 1_000_000);
      } finally {
        await admin.close();
      }
      const messages = await consumeAndAck(bounded, topic, 'g', 'c', 5);
      expect(messages.map((message) => message.data.toString())).toEqual(['m5', 'm6', 'm7', 'm8', 'm9']);
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

    // Before the fix ack() marked the message settled before the server confirmed, so a retry
    // after a timed-out ack failed with ackFailed "already settled" (and nats.js's own didAck flag
    // made a second ackAck a no-op): the message would be delivered again.
    it('lets an ack that timed out (its confirmation held back) be retried, and the retry is confirmed', async () => {
      const topic = newTopic();
      const relay = await startRelay(nats.url);
      try {
        const held = await newQueue({ url: relay.url, requestTimeoutMs: 300, ackWaitMs: 10_000 });
        await held.publish(topic, 'job');
        const [message] = await held.receive(topic, { group: 'workers', consumer: 'one', waitMs: 1_000 });
        relay.freeze();
        await expect(message!.ack()).rejects.toMatchObject({ kind: AdapterErrorKind.timeout });
        relay.thaw();
        await expect(message!.ack()).resolves.toBeUndefined();
        await expect(message!.ack()).rejects.toMatchObject({ kind: AdapterErrorKind.ackFailed });
        expect(await held.receive(topic, { group: 'workers', consumer: 'one', waitMs: 300 })).toEqual([]);
        await held.cleanup();
      } finally {
        await relay.close();
      }
    });

    // Before the fix nack() was nats.js's fire-and-forget nak(): it resolved although nothing
    // confirmed it (the server's reply is held back here), so a lost nack went unnoticed.
    it('waits for the server to confirm a nack: fails with AdapterError timeout when no confirmation comes, and a retry is confirmed', async () => {
      const topic = newTopic();
      const relay = await startRelay(nats.url);
      try {
        const held = await newQueue({ url: relay.url, requestTimeoutMs: 300, ackWaitMs: 10_000 });
        await held.publish(topic, 'job');
        const [message] = await held.receive(topic, { group: 'workers', consumer: 'one', waitMs: 1_000 });
        relay.freeze();
        await expect(message!.nack()).rejects.toMatchObject({ kind: AdapterErrorKind.timeout });
        relay.thaw();
        await expect(message!.nack()).resolves.toBeUndefined();
        const [again] = await held.receive(topic, { group: 'workers', consumer: 'one', waitMs: 1_000 });
        expect(again?.id).toBe(message?.id);
        expect(again?.redelivered).toBe(true);
        await again!.ack();
        await held.cleanup();
      } finally {
        await relay.close();
      }
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
