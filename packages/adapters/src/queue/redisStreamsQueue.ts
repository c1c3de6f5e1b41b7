/** Queue on Redis Streams with consumer groups, acknowledgement and takeover of dead consumers' messages. */
import { queueKey } from '../adapterKeys.js';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { Adapter, InjectSettings } from '@oneiric/core';
import { closeRedis } from '../clients/closeRedis.js';
import { connectRedis } from '../clients/connectRedis.js';
import { requireReady } from '../clients/requireReady.js';
import { toRedisError } from '../clients/toRedisError.js';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { checkQueueName } from './checkQueueName.js';
import { checkReceiveOptions } from './checkReceiveOptions.js';
import { outgoingHeaders } from './outgoingHeaders.js';
import type { PublishOptions, Queue, QueueMessage, ReceiveOptions } from './queue.js';
import { RedisStreamsQueueSettings } from './redisStreamsQueueSettings.js';

const PROVIDER = 'redis-streams';
const USER = { category: 'queue', provider: PROVIDER } as const;
const CONTEXT = { domain: 'adapter', key: 'queue', provider: PROVIDER } as const;

// Stream entry fields that hold a header: `h:<name>`.
const HEADER_FIELD_PREFIX = 'h:';

/** A stream entry as ioredis returns it: id and a flat field/value list, with its delivery count. */
type RawEntry = [id: string, fields: Buffer[] | null, deliveries: number];

/**
 * Settles one delivery atomically. KEYS[1] stream; ARGV group, id, consumer, delivery count,
 * action (`ack` or `nack`), idle time for nack. The message must still be pending for this
 * consumer with the delivery count it was received with: after a takeover (XAUTOCLAIM raises
 * the count and changes the owner) or an earlier ack or nack, the stale delivery is refused.
 * Replies 1 when settled, 0 when no longer pending, -1 when another consumer holds it, -2 when
 * it was delivered again since.
 */
const SETTLE_SCRIPT = `
local pending = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[2], ARGV[2], 1)
local entry = pending[1]
if entry == nil then return 0 end
if entry[2] ~= ARGV[3] then return -1 end
if tonumber(entry[4]) ~= tonumber(ARGV[4]) then return -2 end
if ARGV[5] == 'ack' then
  return redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
end
-- Without JUSTID the delivery count rises, so this delivery can no longer be settled again.
redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[3], 0, ARGV[2], 'IDLE', ARGV[6])
return 1
`;

/** True for Redis's NOGROUP reply: the stream or its consumer group does not exist. */
function isNoGroup(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOGROUP');
}

/** Most XAUTOCLAIM calls of one receive round: each examines at most 10 x COUNT pending entries. */
const MAX_CLAIM_SCANS = 16;

const SETTLE_REFUSALS: Record<number, string> = {
  0: 'is not pending for the group (already acknowledged or given back)',
  [-1]: 'was taken over by another consumer after claimIdleMs',
  [-2]: 'was delivered again since this delivery (given back, or taken over)',
};

/**
 * Each topic is a stream; each group a consumer group created (from the stream's start, so
 * nothing published before the first consumer is lost) on first receive. `receive` first takes
 * over messages pending longer than `claimIdleMs` (XAUTOCLAIM: their consumer is presumed dead),
 * then reads new ones (XREADGROUP `>`). `ack` and `nack` run as one Lua script that first checks
 * (XPENDING) that the message is still pending for this consumer with the delivery count it was
 * received with: a slow consumer whose message was taken over, or a second ack or nack, fails
 * with `ackFailed`, so no message is settled twice. `ack` is then XACK; `nack` marks the message
 * idle past the claim delay (raising its delivery count) so the next receive of any consumer
 * takes it. Every other failure of a command is an AdapterError (see `toRedisError`):
 * `timeout`, `connectionFailed`, `invalidData` (WRONGTYPE: the topic's key holds another type)
 * or `queryFailed`, with the client's error as cause. Priority 300.
 *
 * The takeover scan goes on where the previous receive of this instance left it (the XAUTOCLAIM
 * cursor, kept per stream and group) and walks up to 16 steps per round, so a dead consumer's
 * messages behind many others still pending are reached. `receive` refuses a `waitMs` above
 * `maxWaitMs`; a stream keeps every entry unless `maxLength` is set (XADD `MAXLEN ~`).
 * @example
 * ```ts
 * await queue.publish('orders', JSON.stringify(order));
 * for (const message of await queue.receive('orders', { group: 'billing', consumer: 'billing-1' })) {
 *   await handle(message.data);
 *   await message.ack();
 * }
 * ```
 * @category Queue
 */
@Adapter(queueKey, PROVIDER, {
  priority: 300,
  settings: RedisStreamsQueueSettings,
  capabilities: ['consumer-groups', 'ack', 'redelivery'],
  description: 'Redis Streams queue (ioredis)',
})
export class RedisStreamsQueue implements Queue {
  readonly #settings: RedisStreamsQueueSettings;
  readonly #groupsReady = new Set<string>();
  /** Where the next XAUTOCLAIM of a stream and group starts (`0-0`: from the beginning). */
  readonly #claimCursors = new Map<string, string>();
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
  public async publish(topic: string, data: string | Uint8Array, options?: PublishOptions): Promise<string> {
    const stream = this.#stream(topic);
    // Each header is one more field of the entry, its name prefixed so it never meets `data`.
    const fields: Array<string | Buffer> = ['data', Buffer.from(data)];
    for (const [name, value] of Object.entries(outgoingHeaders(options, PROVIDER))) {
      fields.push(HEADER_FIELD_PREFIX + name, value);
    }
    const client = this.#ready();
    let id: string | null;
    try {
      const maxLength = this.#settings.maxLength;
      id = maxLength > 0
        ? await client.xadd(stream, 'MAXLEN', '~', String(maxLength), '*', ...fields)
        : await client.xadd(stream, '*', ...fields);
    } catch (error) {
      throw toRedisError(USER, `publish to ${topic}`, error);
    }
    if (id === null) {
      throw new AdapterError(AdapterErrorKind.invalidArgument, `adapter:queue (${PROVIDER}): XADD to ${stream} returned no id`, CONTEXT);
    }
    return id;
  }

  /** {@inheritDoc Queue.receive} */
  public async receive(topic: string, options: ReceiveOptions): Promise<QueueMessage[]> {
    const stream = this.#stream(topic);
    const { group, consumer, max, waitMs } = checkReceiveOptions(options, this.#settings.maxWaitMs, PROVIDER);
    try {
      return await this.#receive(topic, stream, group, consumer, max, waitMs);
    } catch (error) {
      throw toRedisError(USER, `receive from ${topic}`, error);
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
    this.#claimCursors.clear();
    if (client !== undefined) {
      await closeRedis(client, this.#settings.commandTimeoutMs);
    }
  }

  // The receive loop; its errors are the client's, mapped by receive().
  async #receive(topic: string, stream: string, group: string, consumer: string, max: number, waitMs: number): Promise<QueueMessage[]> {
    await this.#ensureGroup(stream, group);
    const deadline = Date.now() + waitMs;
    let recreated = false;
    for (;;) {
      let claimed: RawEntry[];
      let fresh: RawEntry[];
      try {
        claimed = await this.#claim(stream, group, consumer, max);
        fresh = claimed.length < max ? await this.#readNew(stream, group, consumer, max - claimed.length) : [];
      } catch (error) {
        // The stream or group was deleted behind this instance's back (it cached the group as
        // created): forget it and create it again, once.
        if (recreated || !isNoGroup(error)) {
          throw error;
        }
        recreated = true;
        this.#groupsReady.delete(`${stream}\u0000${group}`);
        this.#claimCursors.delete(`${stream}\u0000${group}`);
        await this.#ensureGroup(stream, group);
        continue;
      }
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
    const client = this.#ready();
    const key = `${stream}\u0000${group}`;
    const entries: Array<readonly [string, Buffer[] | null]> = [];
    // Each XAUTOCLAIM examines at most 10 x COUNT pending entries: starting from 0-0 every time
    // would never get past a long run of entries other consumers still hold. Go on from the
    // cursor, until enough were taken, the scan wrapped around (cursor 0-0), or the step bound.
    let cursor = this.#claimCursors.get(key) ?? '0-0';
    for (let scan = 0; scan < MAX_CLAIM_SCANS && entries.length < max; scan += 1) {
      const reply = await client.callBuffer('XAUTOCLAIM', stream, group, consumer, String(this.#settings.claimIdleMs), cursor, 'COUNT', String(max - entries.length)) as [Buffer, Array<[Buffer, Buffer[] | null]>];
      cursor = reply[0].toString();
      // Entries deleted from the stream while pending come back with null fields (Redis 6.2): nothing to deliver.
      entries.push(...(reply[1] ?? []).filter((entry) => entry[1] !== null).map(([id, fields]) => [id.toString(), fields] as const));
      if (cursor === '0-0') {
        break;
      }
    }
    this.#claimCursors.set(key, cursor);
    if (entries.length === 0) {
      return [];
    }
    // XAUTOCLAIM raised each delivery count; ack and nack check it, so read it back.
    const counts = await client.pipeline(entries.map(([id]) => ['xpending', stream, group, id, id, '1'])).exec();
    return entries.map(([id, fields], index) => {
      const row = (counts?.[index]?.[1] as Array<[string, string, number, number]> | undefined)?.[0];
      return [id, fields, row?.[1] === consumer ? Number(row[3]) : -1];
    });
  }

  async #readNew(stream: string, group: string, consumer: string, count: number): Promise<RawEntry[]> {
    const reply = await this.#ready().callBuffer('XREADGROUP', 'GROUP', group, consumer, 'COUNT', String(count), 'STREAMS', stream, '>') as Array<[Buffer, Array<[Buffer, Buffer[]]>]> | null;
    const entries = reply?.[0]?.[1] ?? [];
    // A first delivery: its count is 1.
    return entries.map(([id, fields]) => [id.toString(), fields, 1]);
  }

  #message(topic: string, stream: string, group: string, consumer: string, [id, fields, deliveries]: RawEntry, redelivered: boolean): QueueMessage {
    const { data, headers } = readFields(fields);
    const settle = async (action: 'ack' | 'nack'): Promise<void> => {
      let outcome: number;
      try {
        outcome = Number(await this.#ready().eval(SETTLE_SCRIPT, 1, stream, group, id, consumer, String(deliveries), action, String(this.#settings.claimIdleMs)));
      } catch (error) {
        if (!isNoGroup(error)) {
          throw toRedisError(USER, `${action} message ${id} of ${topic}`, error);
        }
        // The group (or stream) is gone, and with it every pending entry.
        throw new AdapterError(AdapterErrorKind.ackFailed, `adapter:queue (${PROVIDER}): cannot ${action} message ${id} of ${topic}: group ${group} no longer exists`, CONTEXT, error);
      }
      if (outcome !== 1) {
        throw new AdapterError(
          AdapterErrorKind.ackFailed,
          `adapter:queue (${PROVIDER}): cannot ${action} message ${id} of ${topic} as consumer ${consumer}: it ${SETTLE_REFUSALS[outcome] ?? `was refused (${outcome})`}`,
          CONTEXT,
        );
      }
    };
    return {
      id,
      topic,
      data,
      redelivered,
      headers,
      ack: async () => settle('ack'),
      // Redis has no nack: making the message look idle past the claim delay lets the next
      // receive of any consumer take it over at once.
      nack: async () => settle('nack'),
    };
  }

  #stream(topic: string): string {
    return this.#settings.streamPrefix + checkQueueName(topic, 'topic', PROVIDER);
  }

  #ready(): Redis {
    return requireReady(this.#client, USER.category, USER.provider);
  }
}

// The payload (field `data`) and the headers (fields `h:<name>`) of an entry's flat field list.
function readFields(fields: Buffer[] | null): { data: Buffer; headers: Readonly<Record<string, string>> } {
  let data: Buffer = Buffer.alloc(0);
  const headers: Record<string, string> = {};
  for (let position = 0; fields !== null && position + 1 < fields.length; position += 2) {
    const name = fields[position]!.toString();
    if (name === 'data') {
      data = fields[position + 1]!;
    } else if (name.startsWith(HEADER_FIELD_PREFIX)) {
      headers[name.slice(HEADER_FIELD_PREFIX.length)] = fields[position + 1]!.toString();
    }
  }
  return { data, headers };
}
