// The behaviour every queue provider must show, run against each provider by its own suite.
import { AdapterErrorKind } from '../errors/adapterError.js';
import type { Queue, QueueMessage } from '../queue/queue.js';
import { uniqueName } from './liveServices.js';

/** Receives until `count` messages arrived or `timeoutMs` passed. */
export async function receiveAll(queue: Queue, topic: string, group: string, consumer: string, count: number, timeoutMs = 5_000): Promise<QueueMessage[]> {
  const received: QueueMessage[] = [];
  const deadline = Date.now() + timeoutMs;
  while (received.length < count && Date.now() < deadline) {
    received.push(...await queue.receive(topic, { group, consumer, max: count - received.length, waitMs: 200 }));
  }
  return received;
}

/**
 * Receives and acknowledges each message as soon as it arrives (as a real consumer does, so its
 * own messages never outlive the ack deadline) until `count` were acknowledged.
 */
export async function consumeAndAck(queue: Queue, topic: string, group: string, consumer: string, count: number, timeoutMs = 10_000): Promise<QueueMessage[]> {
  const acknowledged: QueueMessage[] = [];
  const deadline = Date.now() + timeoutMs;
  while (acknowledged.length < count && Date.now() < deadline) {
    for (const message of await queue.receive(topic, { group, consumer, max: 5, waitMs: 200 })) {
      await message.ack();
      acknowledged.push(message);
    }
  }
  return acknowledged;
}

/** Registers the contract's tests; `queue()` returns the initialised provider under test. */
export function queueContract(queue: () => Queue): void {
  let topic = '';
  beforeEach(() => {
    topic = uniqueName('topic').replace(/[^A-Za-z0-9_-]/g, '_');
  });

  describe('publish and receive', () => {
    it('delivers a message published before the group existed, and acks it', async () => {
      const id = await queue().publish(topic, 'hello');
      const [message, ...rest] = await receiveAll(queue(), topic, 'g', 'c1', 1);
      expect(rest).toEqual([]);
      expect(message?.id).toBe(id);
      expect(message?.data.toString()).toBe('hello');
      expect(message?.redelivered).toBe(false);
      await message?.ack();
      expect(await queue().receive(topic, { group: 'g', consumer: 'c1', waitMs: 100 })).toEqual([]);
    });

    it('carries bytes unchanged', async () => {
      await queue().publish(topic, new Uint8Array([0, 255, 10]));
      const [message] = await receiveAll(queue(), topic, 'g', 'c1', 1);
      expect([...(message?.data ?? [])]).toEqual([0, 255, 10]);
      await message?.ack();
    });

    it('carries headers beside the payload, also on a redelivery after a nack, and none when none were given', async () => {
      const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
      await queue().publish(topic, 'with', { headers: { traceparent, tenant: 'acme' } });
      const [first] = await receiveAll(queue(), topic, 'g', 'c1', 1);
      expect(first?.headers).toEqual({ traceparent, tenant: 'acme' });
      await first?.nack();
      const [again] = await receiveAll(queue(), topic, 'g', 'c1', 1);
      expect(again?.redelivered).toBe(true);
      expect(again?.headers).toEqual({ traceparent, tenant: 'acme' });
      await again?.ack();
      await queue().publish(topic, 'without');
      const [plain] = await receiveAll(queue(), topic, 'g', 'c1', 1);
      expect(plain?.headers).toEqual({});
      await plain?.ack();
    });

    it('returns an empty list after waiting when nothing comes', async () => {
      const started = Date.now();
      expect(await queue().receive(topic, { group: 'g', consumer: 'c1', waitMs: 150 })).toEqual([]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    });
  });

  describe('consumer groups', () => {
    it('gives every group each message, and each message to one consumer of a group', async () => {
      for (let index = 0; index < 6; index += 1) {
        await queue().publish(topic, `m${index}`);
      }
      const first = await queue().receive(topic, { group: 'a', consumer: 'a1', max: 3, waitMs: 2_000 });
      const second = await receiveAll(queue(), topic, 'a', 'a2', 6 - first.length);
      const other = await receiveAll(queue(), topic, 'b', 'b1', 6);
      const inA = [...first, ...second].map((message) => message.data.toString()).sort();
      expect(inA).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
      expect(other.map((message) => message.data.toString()).sort()).toEqual(inA);
      await Promise.all([...first, ...second, ...other].map((message) => message.ack()));
    });
  });

  describe('nack and ack', () => {
    it('redelivers a nacked message', async () => {
      await queue().publish(topic, 'again');
      const [first] = await receiveAll(queue(), topic, 'g', 'c1', 1);
      await first?.nack();
      const [second] = await receiveAll(queue(), topic, 'g', 'c2', 1);
      expect(second?.data.toString()).toBe('again');
      expect(second?.redelivered).toBe(true);
      await second?.ack();
    });

    it('refuses a second ack with AdapterError ackFailed (a message is acknowledged once)', async () => {
      await queue().publish(topic, 'once');
      const [message] = await receiveAll(queue(), topic, 'g', 'c1', 1);
      await message?.ack();
      await expect(message?.ack()).rejects.toMatchObject({ kind: AdapterErrorKind.ackFailed });
    });
  });

  describe('bad input', () => {
    it('refuses a topic with a dot or space, and an empty group (invalidArgument: brokers reject them)', async () => {
      await expect(queue().publish('a.b', 'x')).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument });
      await expect(queue().publish('a b', 'x')).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument });
      await expect(queue().receive(topic, { group: '', consumer: 'c' })).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument });
    });

    it('refuses headers no broker carries alike (a name with a colon, a line break in a value) with AdapterError invalidArgument', async () => {
      await expect(queue().publish(topic, 'x', { headers: { 'bad:name': 'v' } })).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument });
      await expect(queue().publish(topic, 'x', { headers: { name: 'line\nbreak' } })).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument });
    });

    it('refuses max 0 with AdapterError invalidArgument', async () => {
      await expect(queue().receive(topic, { group: 'g', consumer: 'c', max: 0 })).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument });
    });

    // Before the fix waitMs had no upper bound: this receive waited 5 s and returned [] (so the
    // test failed on the missing rejection), and a wait at or above a circuit breaker's call
    // timeout (10 s) was counted as a failed call whose fetched messages were never returned.
    it('refuses waitMs above maxWaitMs (default 5000 ms, below the breaker\'s 10 s call timeout) with AdapterError invalidArgument, at once', async () => {
      const started = Date.now();
      await expect(queue().receive(topic, { group: 'g', consumer: 'c', waitMs: 5_001 })).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument });
      await expect(queue().receive(topic, { group: 'g', consumer: 'c', waitMs: 60_000 })).rejects.toMatchObject({ kind: AdapterErrorKind.invalidArgument });
      expect(Date.now() - started).toBeLessThan(1_000);
    });
  });

  describe('health', () => {
    it('is healthy', async () => {
      expect(await (queue() as Queue & { health(): Promise<boolean> }).health()).toBe(true);
    });
  });
}
