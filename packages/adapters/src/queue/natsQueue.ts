/** Queue on NATS JetStream with durable consumers and explicit acknowledgement (`nats` is an optional peer dependency). */
import { setTimeout as sleep } from 'node:timers/promises';
import type { JetStreamClient, JetStreamManager, JsMsg, NatsConnection } from 'nats';
import { Adapter, InjectSettings, withTimeout } from '@oneiric/core';
import { redactUrl } from '../clients/redactUrl.js';
import { requireReady } from '../clients/requireReady.js';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { loadOptionalDependency } from '../loading/loadOptionalDependency.js';
import { checkQueueName } from './checkQueueName.js';
import { NatsQueueSettings } from './natsQueueSettings.js';
import type { Queue, QueueMessage, ReceiveOptions } from './queue.js';
import { toNatsError } from './toNatsError.js';

const PROVIDER = 'nats';
const USER = { category: 'queue', provider: PROVIDER } as const;
const CONTEXT = { domain: 'adapter', key: 'queue', provider: PROVIDER } as const;

interface Connected {
  readonly connection: NatsConnection;
  readonly manager: JetStreamManager;
  readonly client: JetStreamClient;
  readonly nats: typeof import('nats');
}

function isAlreadyInUse(error: unknown): boolean {
  return error instanceof Error && /already in use|already exists/i.test(error.message);
}

/**
 * Each topic is a JetStream stream with one subject; each group a durable pull consumer with
 * explicit acks, created on first receive from the stream's start. A message not acknowledged
 * within `ackWaitMs` (its consumer died) is delivered again to the group; `nack` asks for that at
 * once. `receive` polls with no-wait fetches, so it returns as soon as messages are there.
 *
 * Delivery is at least once. JetStream accepts an ack for a delivery it has already handed to
 * another consumer, so a late ack cannot be refused by the server: `ack` and `nack` therefore
 * fail with `ackFailed` once the message's ack deadline (`ackWaitMs`, counted from its arrival, less
 * a safety margin of a tenth of it, at most one second) has passed, since JetStream may have
 * delivered it again by then. Handlers must finish within `ackWaitMs` (raise it for slow work);
 * a message is delivered at most `maxDeliver` times. Every failure of the client is an
 * AdapterError (see `toNatsError`): `timeout`, `connectionFailed`, `invalidArgument` (a
 * payload over the server's limit) or `queryFailed` (JetStream API errors), with the client's
 * error as cause. Priority 320.
 * @example
 * ```ts
 * await queue.publish('orders', JSON.stringify(order));
 * const [message] = await queue.receive('orders', { group: 'billing', consumer: 'billing-1' });
 * await message?.ack();
 * ```
 */
@Adapter('queue', PROVIDER, {
  priority: 320,
  settings: NatsQueueSettings,
  capabilities: ['consumer-groups', 'ack', 'redelivery'],
  description: 'NATS JetStream queue (durable consumers)',
})
export class NatsQueue implements Queue {
  readonly #settings: NatsQueueSettings;
  readonly #streamsReady = new Set<string>();
  readonly #consumersReady = new Set<string>();
  #connected: Connected | undefined;

  /** @param settings - server, stream prefix, time limits, ack deadline */
  public constructor(@InjectSettings() settings: NatsQueueSettings) {
    this.#settings = settings;
  }

  /**
   * Loads `nats`, connects and opens JetStream.
   * @throws AdapterError `missingDependency` without nats, `connectionFailed` when the server does not answer
   */
  public async init(): Promise<void> {
    if (this.#connected !== undefined) {
      return;
    }
    const nats = await loadOptionalDependency('nats', USER, () => import('nats'));
    const settings = this.#settings;
    let connection: NatsConnection | undefined;
    try {
      connection = await withTimeout(nats.connect({ servers: settings.url, timeout: settings.connectTimeoutMs, reconnectTimeWait: 250 }), settings.connectTimeoutMs + 500, 'connect');
      const manager = await connection.jetstreamManager({ timeout: settings.requestTimeoutMs });
      this.#connected = { connection, manager, client: connection.jetstream({ timeout: settings.requestTimeoutMs }), nats };
    } catch (error) {
      await connection?.close().catch(() => undefined);
      throw new AdapterError(
        AdapterErrorKind.connectionFailed,
        `adapter:queue (nats): cannot reach JetStream at ${redactUrl(settings.url)}: ${error instanceof Error ? error.message : String(error)}`,
        CONTEXT,
        error,
      );
    }
  }

  /** {@inheritDoc Queue.publish} */
  public async publish(topic: string, data: string | Uint8Array): Promise<string> {
    const name = this.#name(topic);
    try {
      await this.#ensureStream(name);
      const ack = await this.#ready().client.publish(name, typeof data === 'string' ? Buffer.from(data) : data);
      return String(ack.seq);
    } catch (error) {
      throw toNatsError(`publish to ${topic}`, error);
    }
  }

  /** {@inheritDoc Queue.receive} */
  public async receive(topic: string, options: ReceiveOptions): Promise<QueueMessage[]> {
    const name = this.#name(topic);
    const group = checkQueueName(options.group, 'group', PROVIDER);
    checkQueueName(options.consumer, 'consumer', PROVIDER);
    const max = options.max ?? 10;
    const waitMs = options.waitMs ?? 1_000;
    if (!Number.isSafeInteger(max) || max < 1 || !Number.isSafeInteger(waitMs) || waitMs < 0) {
      throw new AdapterError(AdapterErrorKind.invalidArgument, `adapter:queue (${PROVIDER}): max must be a positive integer and waitMs a non-negative integer`, CONTEXT);
    }
    try {
      return await this.#receive(topic, name, group, max, waitMs);
    } catch (error) {
      throw toNatsError(`receive from ${topic}`, error);
    }
  }

  /** True when the connection is open and JetStream answers. */
  public async health(): Promise<boolean> {
    try {
      await this.#ready().manager.getAccountInfo();
      return true;
    } catch {
      return false;
    }
  }

  /** Closes the connection; unacknowledged messages are redelivered after `ackWaitMs`. */
  public async cleanup(): Promise<void> {
    const connected = this.#connected;
    this.#connected = undefined;
    this.#streamsReady.clear();
    this.#consumersReady.clear();
    try {
      await connected?.connection.close();
    } catch (error) {
      throw toNatsError('close', error);
    }
  }

  // The receive loop; its errors are the client's, mapped by receive().
  async #receive(topic: string, name: string, group: string, max: number, waitMs: number): Promise<QueueMessage[]> {
    await this.#ensureStream(name);
    await this.#ensureConsumer(name, group);
    const deadline = Date.now() + waitMs;
    for (;;) {
      const messages: QueueMessage[] = [];
      const fetchedAt = Date.now();
      // no_wait: the server answers at once with what is there, instead of holding the request.
      // expires bounds the rare case where it does not answer at all (a message that reached
      // max_deliver and still awaits its ack deadline), which would otherwise hang the receive.
      const expires = Math.min(this.#settings.requestTimeoutMs, Math.max(50, deadline - fetchedAt));
      const batch = this.#ready().client.fetch(name, group, { batch: max, no_wait: true, expires });
      for await (const message of batch) {
        // Counted from arrival: the server started the ack timer a network trip earlier (see the margin).
        messages.push(this.#message(topic, message, Date.now()));
      }
      if (messages.length > 0 || Date.now() >= deadline) {
        return messages;
      }
      await sleep(Math.min(this.#settings.pollIntervalMs, Math.max(0, deadline - Date.now())));
    }
  }

  async #ensureStream(name: string): Promise<void> {
    if (this.#streamsReady.has(name)) {
      return;
    }
    try {
      await this.#ready().manager.streams.add({ name, subjects: [name] });
    } catch (error) {
      if (!isAlreadyInUse(error)) {
        throw error;
      }
    }
    this.#streamsReady.add(name);
  }

  async #ensureConsumer(stream: string, group: string): Promise<void> {
    const id = `${stream}\u0000${group}`;
    if (this.#consumersReady.has(id)) {
      return;
    }
    const { manager, nats } = this.#ready();
    try {
      await manager.consumers.add(stream, {
        durable_name: group,
        ack_policy: nats.AckPolicy.Explicit,
        deliver_policy: nats.DeliverPolicy.All,
        ack_wait: nats.nanos(this.#settings.ackWaitMs),
        max_deliver: this.#settings.maxDeliver,
      });
    } catch (error) {
      if (!isAlreadyInUse(error)) {
        throw error;
      }
    }
    this.#consumersReady.add(id);
  }

  #message(topic: string, message: JsMsg, receivedAt: number): QueueMessage {
    let settled = false;
    const ackWaitMs = this.#settings.ackWaitMs;
    // The message travelled from the server before receivedAt, and the ack travels back after
    // this check: keep a margin for both trips.
    const deadline = receivedAt + ackWaitMs - Math.min(1_000, Math.floor(ackWaitMs / 10));
    const settle = (): void => {
      if (settled) {
        throw new AdapterError(AdapterErrorKind.ackFailed, `adapter:queue (${PROVIDER}): message ${message.seq} of ${topic} is already settled`, CONTEXT);
      }
      if (Date.now() >= deadline) {
        throw new AdapterError(
          AdapterErrorKind.ackFailed,
          `adapter:queue (${PROVIDER}): message ${message.seq} of ${topic} (delivery ${message.info.redeliveryCount}) outlived its ack deadline of ${ackWaitMs} ms and may have been delivered again; it will be redelivered (raise ackWaitMs for slow handlers)`,
          CONTEXT,
        );
      }
      settled = true;
    };
    return {
      id: String(message.seq),
      topic,
      data: Buffer.from(message.data),
      redelivered: message.redelivered,
      ack: async () => {
        settle();
        // ackAck waits for the server's confirmation: a lost ack would mean a duplicate later.
        let confirmed: boolean;
        try {
          confirmed = await message.ackAck({ timeout: this.#settings.requestTimeoutMs });
        } catch (error) {
          throw toNatsError(`ack message ${message.seq} of ${topic}`, error);
        }
        if (!confirmed) {
          throw new AdapterError(AdapterErrorKind.ackFailed, `adapter:queue (${PROVIDER}): the server did not confirm the ack of message ${message.seq} of ${topic}`, CONTEXT);
        }
      },
      nack: async () => {
        settle();
        try {
          message.nak();
        } catch (error) {
          throw toNatsError(`nack message ${message.seq} of ${topic}`, error);
        }
      },
    };
  }

  #name(topic: string): string {
    return this.#settings.streamPrefix + checkQueueName(topic, 'topic', PROVIDER);
  }

  #ready(): Connected {
    return requireReady(this.#connected, USER.category, USER.provider);
  }
}
