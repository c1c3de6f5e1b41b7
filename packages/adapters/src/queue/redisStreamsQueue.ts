/** Queue on Redis Streams with consumer groups, acknowledgement and takeover of dead consumers' messages. */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { Adapter, InjectSettings } from '@oneiric/core';
import { closeRedis } from '../clients/closeRedis.js';
import { connectRedis } from '../clients/connectRedis.js';
import { requireReady } from '../clients/requireReady.js';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { checkQueueName } from './checkQueueName.js';
import type { Queue, QueueMessage, ReceiveOptions } from './queue.js';
import { RedisStreamsQueueSettings } from './redisStreamsQueueSettings.js';

const PROVIDER = 'redis-streams';
const USER = { category: 'queue', provider: PROVIDER } as const;
const CONTEXT = { domain: 'adapter', key: 'queue', provider: PROVIDER } as const;

/** A stream entry as ioredis returns it: id and a flat field/value list. */
type RawEntry = [id: string, fields: Buffer[] | null];

/**
 * Each topic is a stream; each group a consumer group created (from the stream's start, so
 * nothing published before the first consumer is lost) on first receive. `receive` first takes
 * over messages pending longer than `claimIdleMs` (XAUTOCLAIM: their consumer is presumed dead),
 * then reads new ones (XREADGROUP `>`). `ack` is XACK and fails when Redis no longer holds the
 * message as pending, so no message is acknowledged twice; `nack` marks the message idle past
 * the claim delay so the next receive of any consumer takes it. Priority 300.
 * @example
 * ```ts
 * await queue.publish('orders', JSON.stringify(order));
 * for (const message of await queue.receive('orders', { group: 'billing', consumer: 'billing-1' })) {
 *   await handle(message.data);
 *   await message.ack();
 * }
 * ```
 */
@Adapter('queue', PROVIDER, {
  priority: 300,
  settings: RedisStreamsQueueSettings,
  capabilities: ['consumer-groups', 'ack', 'redelivery'],
  description: 'Redis Streams queue (ioredis)',
})
export class RedisStreamsQueue implements Queue {
  readonly #settings: RedisStreamsQueueSettings;
  readonly #groupsReady = new Set<string>();
  #client: Redis | undefined;

  /** @param settings - server, stream prefix, time limits, claim delay */
  public constructor(@InjectSettings() settings: RedisStreamsQueueSettings) {
    this.#settings = settings;
  }

  /**
   * Loads ioredis and connects.
   * @throws AdapterError `missingDependency` or `connectionFailed`
   */
  public async init(): Promise<void> {
    this.#client ??= await connectRedis(this.#settings, USER);
  }

  /** {@inheritDoc Queue.publish} */
  public async publish(topic: string, data: string | Uint8Array): Promise<string> {
    const stream = this.#stream(topic);
    const id = await this.#ready().xadd(stream, '*', 'data', Buffer.from(data));
    if (id === null) {
      throw new AdapterError(AdapterErrorKind.invalidArgument, `adapter:queue (${PROVIDER}): XADD to ${stream} returned no id`, CONTEXT);
    }
    return id;
  }

  /** {@inheritDoc Queue.receive} */
  public async receive(topic: string, options: ReceiveOptions): Promise<QueueMessage[]> {
    const stream = this.#stream(topic);
    const group = checkQueueName(options.group, 'group', PROVIDER);
    const consumer = checkQueueName(options.consumer, 'consumer', PROVIDER);
    const max = options.max ?? 10;
    const waitMs = options.waitMs ?? 1_000;
    if (!Number.isSafeInteger(max) || max < 1 || !Number.isSafeInteger(waitMs) || waitMs < 0) {
      throw new AdapterError(AdapterErrorKind.invalidArgument, `adapter:queue (${PROVIDER}): max must be a positive integer and waitMs a non-negative integer`, CONTEXT);
    }
    await this.#ensureGroup(stream, group);
    const deadline = Date.now() + waitMs;
    for (;;) {
      const claimed = await this.#claim(stream, group, consumer, max);
      const fresh = claimed.length < max ? await this.#readNew(stream, group, consumer, max - claimed.length) : [];
      const messages = [
        ...claimed.map((entry) => this.#message(topic, stream, group, consumer, entry, true)),
        ...fresh.map((entry) => this.#message(topic, stream, group, consumer, entry, false)),
      ];
      if (messages.length > 0 || Date.now() >= deadline) {
        return messages;
      }
      // Polling rather than XREADGROUP BLOCK: a blocked command would hold the shared connection.
      await sleep(Math.min(this.#settings.pollIntervalMs, Math.max(0, deadline - Date.now())));
    }
  }

  /** True when the server answers PING. */
  public async health(): Promise<boolean> {
    try {
      return (await this.#ready().ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  /** Closes the connection; unacknowledged messages stay pending for another consumer. */
  public async cleanup(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    this.#groupsReady.clear();
    if (client !== undefined) {
      await closeRedis(client, this.#settings.commandTimeoutMs);
    }
  }

  async #ensureGroup(stream: string, group: string): Promise<void> {
    const id = `${stream}\u0000${group}`;
    if (this.#groupsReady.has(id)) {
      return;
    }
    try {
      // From id 0: messages published before the group existed are delivered, not skipped.
      await this.#ready().xgroup('CREATE', stream, group, '0', 'MKSTREAM');
    } catch (error) {
      if (!(error instanceof Error && error.message.includes('BUSYGROUP'))) {
        throw error;
      }
    }
    this.#groupsReady.add(id);
  }

  async #claim(stream: string, group: string, consumer: string, max: number): Promise<RawEntry[]> {
    const reply = await this.#ready().callBuffer('XAUTOCLAIM', stream, group, consumer, String(this.#settings.claimIdleMs), '0-0', 'COUNT', String(max)) as [Buffer, Array<[Buffer, Buffer[] | null]>];
    const entries = reply[1] ?? [];
    // Entries deleted from the stream while pending come back with null fields: nothing to deliver.
    return entries.filter((entry) => entry[1] !== null).map(([id, fields]) => [id.toString(), fields]);
  }

  async #readNew(stream: string, group: string, consumer: string, count: number): Promise<RawEntry[]> {
    const reply = await this.#ready().callBuffer('XREADGROUP', 'GROUP', group, consumer, 'COUNT', String(count), 'STREAMS', stream, '>') as Array<[Buffer, Array<[Buffer, Buffer[]]>]> | null;
    const entries = reply?.[0]?.[1] ?? [];
    return entries.map(([id, fields]) => [id.toString(), fields]);
  }

  #message(topic: string, stream: string, group: string, consumer: string, [id, fields]: RawEntry, redelivered: boolean): QueueMessage {
    const index = fields?.findIndex((field, position) => position % 2 === 0 && field.toString() === 'data') ?? -1;
    const data = index >= 0 ? fields?.[index + 1] ?? Buffer.alloc(0) : Buffer.alloc(0);
    return {
      id,
      topic,
      data,
      redelivered,
      ack: async () => {
        const acknowledged = await this.#ready().xack(stream, group, id);
        if (acknowledged !== 1) {
          throw new AdapterError(AdapterErrorKind.ackFailed, `adapter:queue (${PROVIDER}): message ${id} of ${topic} is not pending for group ${group} (already acknowledged)`, CONTEXT);
        }
      },
      nack: async () => {
        // Redis has no nack: making the message look idle past the claim delay lets the next
        // receive of any consumer take it over at once.
        await this.#ready().xclaim(stream, group, consumer, 0, id, 'IDLE', this.#settings.claimIdleMs, 'JUSTID');
      },
    };
  }

  #stream(topic: string): string {
    return this.#settings.streamPrefix + checkQueueName(topic, 'topic', PROVIDER);
  }

  #ready(): Redis {
    return requireReady(this.#client, USER.category, USER.provider);
  }
}
