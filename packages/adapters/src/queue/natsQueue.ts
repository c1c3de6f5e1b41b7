/** Queue on NATS JetStream with durable consumers and explicit acknowledgement (`nats` is an optional peer dependency). */
import { queueKey } from '../adapterKeys.js';
import { setTimeout as sleep } from 'node:timers/promises';
import type { JetStreamClient, JetStreamManager, JsMsg, MsgHdrs, NatsConnection } from 'nats';
import { Adapter, InjectSettings, withTimeout } from '@oneiric/core';
import { redactUrl } from '../clients/redactUrl.js';
import { requireReady } from '../clients/requireReady.js';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { loadOptionalDependency } from '../loading/loadOptionalDependency.js';
import { checkQueueName } from './checkQueueName.js';
import { checkReceiveOptions } from './checkReceiveOptions.js';
import { NatsQueueSettings } from './natsQueueSettings.js';
import { probeNatsServer } from './probeNatsServer.js';
import { outgoingHeaders } from './outgoingHeaders.js';
import type { PublishOptions, Queue, QueueMessage, ReceiveOptions } from './queue.js';
import { toNatsError } from './toNatsError.js';
import { messageOf } from '@oneiric/core/internal';

const PROVIDER = 'nats';
const USER = { category: 'queue', provider: PROVIDER } as const;
const CONTEXT = { domain: 'adapter', key: 'queue', provider: PROVIDER } as const;

interface Connected {
  readonly connection: NatsConnection;
  readonly manager: JetStreamManager;
  readonly client: JetStreamClient;
  readonly nats: typeof import('nats');
}

// What the server reads on a message's reply subject: acknowledge it, or deliver it again.
const ACK = Buffer.from('+ACK');
const NAK = Buffer.from('-NAK');

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
 * a message is delivered at most `maxDeliver` times. `ack` and `nack` are requests the server
 * confirms (within `requestTimeoutMs`); the message counts as settled only once it did, so one
 * that failed (`timeout`, `connectionFailed`) can be retried within the deadline.
 *
 * A lost connection is re-established every `reconnectWaitMs` for as long as it takes, until
 * `cleanup`; calls made meanwhile fail (`timeout`). `receive` refuses a `waitMs` above
 * `maxWaitMs`. A topic's stream keeps every message unless `maxMessages` or `maxAgeMs` is set.
 * Every failure of the client is an
 * AdapterError (see `toNatsError`): `timeout`, `connectionFailed`, `invalidArgument` (a
 * payload over the server's limit) or `queryFailed` (JetStream API errors), with the client's
 * error as cause. Priority 320.
 * @example
 * ```ts
 * await queue.publish('orders', JSON.stringify(order));
 * const [message] = await queue.receive('orders', { group: 'billing', consumer: 'billing-1' });
 * await message?.ack();
 * ```
 * @category Queue
 */
@Adapter(queueKey, PROVIDER, {
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
   * Loads `nats`, checks that the server answers (see `probeNatsServer`: a server that accepts
   * and never answers would otherwise leave nats.js's socket open), connects and opens JetStream.
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
      await probeNatsServer(settings.url, settings.connectTimeoutMs);
      connection = await withTimeout(
        nats.connect({
          servers: settings.url,
          timeout: settings.connectTimeoutMs,
          // Reconnect for as long as it takes (nats.js gives up after 10 attempts by default,
          // closing the connection for good after a few seconds of outage); close() ends it.
          maxReconnectAttempts: -1,
          reconnectTimeWait: settings.reconnectWaitMs,
        }),
        settings.connectTimeoutMs + 500,
        'connect',
      );
      const manager = await connection.jetstreamManager({ timeout: settings.requestTimeoutMs });
      this.#connected = { connection, manager, client: connection.jetstream({ timeout: settings.requestTimeoutMs }), nats };
    } catch (error) {
      await connection?.close().catch(() => undefined);
      throw new AdapterError(
        AdapterErrorKind.connectionFailed,
        `adapter:queue (nats): cannot reach JetStream at ${redactUrl(settings.url)}: ${messageOf(error)}`,
        CONTEXT,
        error,
      );
    }
  }

  /** {@inheritDoc Queue.publish} */
  public async publish(topic: string, data: string | Uint8Array, options?: PublishOptions): Promise<string> {
    const name = this.#name(topic);
    const headers = outgoingHeaders(options, PROVIDER);
    try {
      await this.#ensureStream(name);
      const ack = await this.#ready().client.publish(name, typeof data === 'string' ? Buffer.from(data) : data, this.#publishOptions(headers));
      return String(ack.seq);
    } catch (error) {
      throw toNatsError(`publish to ${topic}`, error);
    }
  }

  /** {@inheritDoc Queue.receive} */
  public async receive(topic: string, options: ReceiveOptions): Promise<QueueMessage[]> {
    const name = this.#name(topic);
    const { group, max, waitMs } = checkReceiveOptions(options, this.#settings.maxWaitMs, PROVIDER);
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
      const { maxMessages, maxAgeMs } = this.#settings;
      await this.#ready().manager.streams.add({
        name,
        subjects: [name],
        ...(maxMessages > 0 ? { max_msgs: maxMessages } : {}),
        ...(maxAgeMs > 0 ? { max_age: this.#ready().nats.nanos(maxAgeMs) } : {}),
      });
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

  // JetStream message headers; none at all when there are none (no empty header block on the wire).
  #publishOptions(headers: Readonly<Record<string, string>>): { headers: MsgHdrs } | undefined {
    const names = Object.keys(headers);
    if (names.length === 0) {
      return undefined;
    }
    const natsHeaders = this.#ready().nats.headers();
    for (const name of names) {
      natsHeaders.set(name, headers[name]!);
    }
    return { headers: natsHeaders };
  }

  #message(topic: string, message: JsMsg, receivedAt: number): QueueMessage {
    // Set only once the server confirmed an ack or nack: one that failed can be tried again.
    let settled = false;
    let settling = false;
    const ackWaitMs = this.#settings.ackWaitMs;
    // The message travelled from the server before receivedAt, and the ack travels back after
    // this check: keep a margin for both trips.
    const deadline = receivedAt + ackWaitMs - Math.min(1_000, Math.floor(ackWaitMs / 10));
    const refuse = (reason: string): AdapterError => new AdapterError(AdapterErrorKind.ackFailed, `adapter:queue (${PROVIDER}): message ${message.seq} of ${topic} ${reason}`, CONTEXT);
    // nats.js's ackAck() cannot be retried (it marks the message acknowledged before sending) and
    // its nak() is not confirmed: both are sent as requests on the message's reply subject
    // instead, which the server answers once it processed them.
    const settle = async (action: 'ack' | 'nack'): Promise<void> => {
      if (settled) {
        throw refuse('is already settled');
      }
      if (settling) {
        throw refuse('is being settled by another call');
      }
      if (Date.now() >= deadline) {
        throw refuse(`(delivery ${message.info.redeliveryCount}) outlived its ack deadline of ${ackWaitMs} ms and may have been delivered again; it will be redelivered (raise ackWaitMs for slow handlers)`);
      }
      const reply = (message as JsMsg & { readonly reply?: unknown }).reply;
      if (typeof reply !== 'string' || reply === '') {
        throw refuse('has no reply subject to settle it on');
      }
      settling = true;
      try {
        await this.#ready().connection.request(reply, action === 'ack' ? ACK : NAK, { timeout: this.#settings.requestTimeoutMs });
        settled = true;
      } catch (error) {
        throw toNatsError(`${action} message ${message.seq} of ${topic}`, error);
      } finally {
        settling = false;
      }
    };
    return {
      id: String(message.seq),
      topic,
      data: Buffer.from(message.data),
      redelivered: message.redelivered,
      headers: headersOf(message.headers),
      ack: async () => settle('ack'),
      nack: async () => settle('nack'),
    };
  }

  #name(topic: string): string {
    return this.#settings.streamPrefix + checkQueueName(topic, 'topic', PROVIDER);
  }

  #ready(): Connected {
    return requireReady(this.#connected, USER.category, USER.provider);
  }
}

// The headers of a received message as a plain record (the first value of a repeated header).
function headersOf(natsHeaders: MsgHdrs | undefined): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  for (const name of natsHeaders?.keys() ?? []) {
    headers[name] = natsHeaders!.get(name);
  }
  return headers;
}
