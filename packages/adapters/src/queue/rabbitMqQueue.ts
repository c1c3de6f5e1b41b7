/** Queue on RabbitMQ with publisher confirms, manual acks and dead-lettering (`amqplib` is an optional peer dependency). */
import { queueKey } from '../adapterKeys.js';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Channel, ChannelModel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import { Adapter, InjectSettings, withTimeout } from '@oneiric/core';
import { redactUrl } from '../clients/redactUrl.js';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { loadOptionalDependency } from '../loading/loadOptionalDependency.js';
import { checkQueueName } from './checkQueueName.js';
import { checkReceiveOptions } from './checkReceiveOptions.js';
import { declareRabbitMqGroup } from './declareRabbitMqGroup.js';
import { outgoingHeaders } from './outgoingHeaders.js';
import type { PublishOptions, Queue, QueueMessage, ReceiveOptions } from './queue.js';
import { RabbitMqQueueSettings } from './rabbitMqQueueSettings.js';
import { toRabbitMqMessage } from './rabbitMqMessage.js';
import { settleWithin } from './settleWithin.js';
import { toAmqpError } from './toAmqpError.js';
import { messageOf } from '@oneiric/core/internal';

const PROVIDER = 'rabbitmq';
const USER = { category: 'queue', provider: PROVIDER } as const;
const CONTEXT = { domain: 'adapter', key: 'queue', provider: PROVIDER } as const;

/** One open connection with its publisher channel; dropped as a whole when the connection closes. */
interface Connected {
  readonly model: ChannelModel;
  readonly publisher: ConfirmChannel;
  /** Message ids the broker returned as unroutable (no queue bound); read by publish after the confirm. */
  readonly returned: Set<string>;
  /** Declared exchanges and group queues (`exchange` or `exchange.group`). */
  readonly declared: Set<string>;
  /** One channel per group and consumer, with the tail of its chain of consumer set-ups. */
  readonly consumers: Map<string, { readonly channel: Channel; isOpen: boolean; setup: Promise<unknown> }>;
}

/**
 * Each topic is a durable fanout exchange; each group a durable queue bound to it (classic, or
 * quorum with `queueType`), created on the group's first receive or, for the groups listed in
 * `groups`, on the first publish to the topic. RabbitMQ routes a message only to queues bound at
 * that moment: a publish no group's queue is bound to fails with `queryFailed` (mandatory
 * publish) instead of vanishing, and a group that did not exist yet does not see it.
 *
 * `publish` waits for the broker's confirm (within `requestTimeoutMs`): a message it returned
 * for is persisted. `receive` consumes with a prefetch of `max` (at most `prefetch`), takes what
 * arrives within `waitMs` (plus `lingerMs` for the rest of a burst) and cancels the consumer;
 * its messages stay unacknowledged on the channel until `ack`/`nack`. A message whose consumer
 * died (its connection closed) goes back to the queue at once and is delivered again with
 * `redelivered` true. After `maxDeliveries` deliveries a message moves to the group's
 * dead-letter queue `${queue}.dead` (quorum queues count every delivery, classic ones nacks).
 *
 * A lost connection is reopened by the next call (each call fails with `connectionFailed` while
 * the broker is down); messages received on the old connection can no longer be settled
 * (`ackFailed`) and come back to the group. Failures are AdapterErrors (see `toAmqpError`):
 * `timeout`, `connectionFailed`, `queryFailed`, with the client's error as cause. Priority 310.
 * @example
 * ```ts
 * await queue.publish('orders', JSON.stringify(order));
 * const [message] = await queue.receive('orders', { group: 'billing', consumer: 'billing-1' });
 * await message?.ack();
 * ```
 * @category Queue
 */
@Adapter(queueKey, PROVIDER, {
  priority: 310,
  settings: RabbitMqQueueSettings,
  capabilities: ['consumer-groups', 'ack', 'redelivery', 'publisher-confirms', 'dead-letter'],
  description: 'RabbitMQ queue (publisher confirms, manual acks, dead-letter queues)',
})
export class RabbitMqQueue implements Queue {
  readonly #settings: RabbitMqQueueSettings;
  #amqp: typeof import('amqplib') | undefined;
  #connecting: Promise<Connected> | undefined;
  /** The connection #connecting resolved to, while it is open. */
  #open: Connected | undefined;

  /** @param settings - broker, names, declared groups, queue type, delivery limit, time limits */
  public constructor(@InjectSettings() settings: RabbitMqQueueSettings) {
    this.#settings = settings;
  }

  /**
   * Loads `amqplib` and connects, opening the publisher's confirm channel.
   * @throws AdapterError `missingDependency` without amqplib, `connectionFailed` when the broker cannot be reached
   */
  public async init(): Promise<void> {
    this.#amqp ??= await loadOptionalDependency('amqplib', USER, () => import('amqplib'));
    await this.#ready();
  }

  /** {@inheritDoc Queue.publish} */
  public async publish(topic: string, data: string | Uint8Array, options?: PublishOptions): Promise<string> {
    const exchange = this.#name(topic);
    const headers = outgoingHeaders(options, PROVIDER);
    const id = randomUUID();
    try {
      // Fast path first: the open connection and a declared topic need no await.
      const connected = this.#open ?? await this.#ready();
      if (!connected.declared.has(exchange)) {
        await this.#declareTopic(connected, exchange);
      }
      const body = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      await settleWithin(this.#settings.requestTimeoutMs, `confirm of a publish to ${exchange}`, (done) => {
        connected.publisher.publish(exchange, '', body, { persistent: true, mandatory: true, messageId: id, headers }, done);
      });
      // The broker sends basic.return before the confirm of the same message.
      if (connected.returned.delete(id)) {
        throw new AdapterError(AdapterErrorKind.queryFailed, `adapter:queue (${PROVIDER}): publish to ${topic} reached no group: no group has received from it yet and none is listed in the groups setting`, CONTEXT);
      }
      return id;
    } catch (error) {
      throw toAmqpError(`publish to ${topic}`, error);
    }
  }

  /** {@inheritDoc Queue.receive} */
  public async receive(topic: string, options: ReceiveOptions): Promise<QueueMessage[]> {
    const exchange = this.#name(topic);
    const { group, consumer, max, waitMs } = checkReceiveOptions(options, this.#settings.maxWaitMs, PROVIDER);
    try {
      const connected = await this.#ready();
      const queue = `${exchange}.${group}`;
      await this.#declareGroup(connected, exchange, queue);
      return await this.#collect(connected, topic, queue, `${group}\u0000${consumer}`, Math.min(max, this.#settings.prefetch), waitMs);
    } catch (error) {
      throw toAmqpError(`receive from ${topic}`, error);
    }
  }

  /** True when the broker answers a passive declaration of `amq.fanout` on an open (or reopened) connection. */
  public async health(): Promise<boolean> {
    try {
      const connected = await this.#ready();
      await withTimeout(connected.publisher.checkExchange('amq.fanout'), this.#settings.requestTimeoutMs, 'health check');
      return true;
    } catch {
      return false;
    }
  }

  /** Closes the connection; unacknowledged messages go back to their queues. */
  public async cleanup(): Promise<void> {
    const connecting = this.#connecting;
    this.#amqp = undefined;
    this.#connecting = undefined;
    this.#open = undefined;
    const connected = await connecting?.catch(() => undefined);
    try {
      await withTimeout(connected?.model.close(), this.#settings.requestTimeoutMs, 'close');
    } catch (error) {
      if (!/closed/i.test(error instanceof Error ? error.message : '')) {
        throw toAmqpError('close', error);
      }
    }
  }

  // Consumes with prefetch `limit`, keeps what arrives within waitMs (and a linger), cancels.
  async #collect(connected: Connected, topic: string, queue: string, consumerKey: string, limit: number, waitMs: number): Promise<QueueMessage[]> {
    const slot = await this.#consumerChannel(connected, consumerKey);
    const timeoutMs = this.#settings.requestTimeoutMs;
    const received: ConsumeMessage[] = [];
    let wake = (): void => undefined;
    const arrived = new Promise<void>((resolve) => {
      wake = resolve;
    });
    // prefetch applies to the consumers started after it on the channel: set up one at a time.
    const started = slot.setup.then(async () => {
      await withTimeout(slot.channel.prefetch(limit), timeoutMs, 'set prefetch');
      return withTimeout(slot.channel.consume(queue, (message) => {
        if (message !== null) {
          received.push(message);
        }
        if (message === null || received.length === 1 || received.length >= limit) {
          wake();
        }
      }, { noAck: false }), timeoutMs, `consume from ${queue}`);
    });
    slot.setup = started.catch(() => undefined);
    try {
      const { consumerTag } = await started;
      const waited = new AbortController();
      await Promise.race([arrived, sleep(waitMs, undefined, { signal: waited.signal }).catch(() => undefined)]);
      waited.abort();
      if (received.length > 0 && received.length < limit && this.#settings.lingerMs > 0) {
        await sleep(this.#settings.lingerMs);
      }
      // Deliveries that arrive before cancel-ok belong to this receive; prefetch bounds them to limit.
      await withTimeout(slot.channel.cancel(consumerTag), timeoutMs, `cancel consumer of ${queue}`);
    } catch (error) {
      // A consumer left running would keep taking messages nobody returns: closing its channel
      // gives them (and others still unsettled on it) back to the queue.
      await slot.channel.close().catch(() => undefined);
      throw error;
    }
    const delivery = {
      topic,
      queue,
      channel: slot.channel,
      isChannelOpen: () => slot.isOpen,
      queueType: this.#settings.queueType,
      maxDeliveries: this.#settings.maxDeliveries,
      republish: async (target: string, message: ConsumeMessage, headers: Record<string, unknown>) => this.#republish(connected, target, message, headers),
    };
    return received.map((message) => toRabbitMqMessage(message, delivery));
  }

  async #consumerChannel(connected: Connected, key: string): Promise<{ readonly channel: Channel; isOpen: boolean; setup: Promise<unknown> }> {
    const existing = connected.consumers.get(key);
    if (existing?.isOpen === true) {
      return existing;
    }
    const channel = await withTimeout(connected.model.createChannel(), this.#settings.requestTimeoutMs, 'open a consumer channel');
    const slot = { channel, isOpen: true, setup: Promise.resolve() as Promise<unknown> };
    channel.on('error', () => undefined);
    channel.on('close', () => {
      slot.isOpen = false;
      if (connected.consumers.get(key) === slot) {
        connected.consumers.delete(key);
      }
    });
    connected.consumers.set(key, slot);
    return slot;
  }

  async #republish(connected: Connected, queue: string, message: ConsumeMessage, headers: Record<string, unknown>): Promise<void> {
    await withTimeout(new Promise<void>((resolve, reject) => {
      connected.publisher.sendToQueue(queue, message.content, { ...message.properties, persistent: true, headers }, (error: unknown) => (error === null || error === undefined ? resolve() : reject(error)));
    }), this.#settings.requestTimeoutMs, `confirm of a republish to ${queue}`);
  }

  async #declareTopic(connected: Connected, exchange: string): Promise<void> {
    if (connected.declared.has(exchange)) {
      return;
    }
    const { queueType, maxDeliveries, requestTimeoutMs: timeoutMs } = this.#settings;
    await declareRabbitMqGroup(connected.model, { exchange, queueType, maxDeliveries, timeoutMs });
    for (const group of this.#settings.groups) {
      await this.#declareGroup(connected, exchange, `${exchange}.${group}`);
    }
    connected.declared.add(exchange);
  }

  async #declareGroup(connected: Connected, exchange: string, queue: string): Promise<void> {
    if (connected.declared.has(queue)) {
      return;
    }
    const { queueType, maxDeliveries, requestTimeoutMs: timeoutMs } = this.#settings;
    await declareRabbitMqGroup(connected.model, { exchange, queue, queueType, maxDeliveries, timeoutMs });
    connected.declared.add(queue);
  }

  // The open connection, or a new one when it was lost; concurrent callers share one attempt.
  async #ready(): Promise<Connected> {
    if (this.#amqp === undefined) {
      throw new AdapterError(AdapterErrorKind.notReady, `adapter:${USER.category} (${PROVIDER}) is not initialised (init() not called yet, or cleanup() already ran)`, CONTEXT);
    }
    this.#connecting ??= this.#connect(this.#amqp);
    return this.#connecting;
  }

  async #connect(amqp: typeof import('amqplib')): Promise<Connected> {
    const { url, connectTimeoutMs } = this.#settings;
    const attempt = amqp.connect(url, { timeout: connectTimeoutMs });
    try {
      const model = await withTimeout(attempt, connectTimeoutMs + 500, 'connect');
      const publisher = await withTimeout(model.createConfirmChannel(), this.#settings.requestTimeoutMs, 'open the publisher channel');
      const connected: Connected = { model, publisher, returned: new Set(), declared: new Set(), consumers: new Map() };
      const current = this.#connecting;
      const lost = (): void => {
        if (this.#connecting === current) {
          this.#connecting = undefined;
        }
        if (this.#open === connected) {
          this.#open = undefined;
        }
      };
      model.on('error', () => undefined);
      model.on('close', lost);
      publisher.on('error', () => undefined);
      // A closed publisher channel (the connection is usually closing too) means reconnecting.
      publisher.on('close', () => {
        lost();
        void model.close().catch(() => undefined);
      });
      publisher.on('return', (message: { properties: { messageId?: unknown } }) => {
        if (typeof message.properties.messageId === 'string') {
          connected.returned.add(message.properties.messageId);
        }
      });
      this.#open = connected;
      return connected;
    } catch (error) {
      this.#connecting = undefined;
      void attempt.then(async (late) => late.close()).catch(() => undefined);
      const reason = messageOf(error);
      throw new AdapterError(AdapterErrorKind.connectionFailed, `adapter:queue (${PROVIDER}): cannot connect to ${redactUrl(url)}: ${reason}`, CONTEXT, error);
    }
  }

  #name(topic: string): string {
    return this.#settings.namePrefix + checkQueueName(topic, 'topic', PROVIDER);
  }
}
