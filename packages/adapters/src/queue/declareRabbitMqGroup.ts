/** Declares a RabbitMQ topic (a fanout exchange) and a group's queue bound to it, with its dead-letter queue. */
import type { ChannelModel } from 'amqplib';
import { withTimeout } from '@oneiric/core';

/** What a group's queue is made of. */
export interface RabbitMqGroupSpec {
  /** The topic's exchange (`${namePrefix}${topic}`). */
  readonly exchange: string;
  /** The group's queue (`${exchange}.${group}`); its dead letters go to `${queue}.dead`. */
  readonly queue: string;
  readonly queueType: 'classic' | 'quorum';
  /** Most deliveries of a message; quorum queues enforce it themselves (`x-delivery-limit`). */
  readonly maxDeliveries: number;
  /** Limit on each declaration, in milliseconds. */
  readonly timeoutMs: number;
}

/** The name of a group queue's dead-letter queue. */
export function deadLetterQueueName(queue: string): string {
  return `${queue}.dead`;
}

/**
 * Declares (idempotently) the topic's durable fanout exchange and, when `group` is given, the
 * group's durable queue bound to it, whose rejected messages go to its dead-letter queue through
 * the default exchange. Runs on a channel of its own: a refused declaration (406
 * PRECONDITION_FAILED when a queue exists with other arguments) closes that channel, not the
 * publisher's.
 * @throws what amqplib throws, or core's TimeoutError after `timeoutMs` per step
 */
export async function declareRabbitMqGroup(model: ChannelModel, spec: Omit<RabbitMqGroupSpec, 'queue'> & { readonly queue?: string }): Promise<void> {
  const { exchange, queue, timeoutMs } = spec;
  const channel = await withTimeout(model.createChannel(), timeoutMs, `open a channel to declare ${exchange}`);
  // A refused declaration closes the channel with an 'error' event; the promise carries it.
  channel.on('error', () => undefined);
  try {
    await withTimeout(channel.assertExchange(exchange, 'fanout', { durable: true }), timeoutMs, `declare exchange ${exchange}`);
    if (queue === undefined) {
      return;
    }
    const typeArguments = { 'x-queue-type': spec.queueType };
    const dead = deadLetterQueueName(queue);
    await withTimeout(channel.assertQueue(dead, { durable: true, arguments: typeArguments }), timeoutMs, `declare queue ${dead}`);
    await withTimeout(channel.assertQueue(queue, {
      durable: true,
      arguments: {
        ...typeArguments,
        'x-dead-letter-exchange': '',
        'x-dead-letter-routing-key': dead,
        // A quorum queue dead-letters a message once it was returned more than this many times.
        ...(spec.queueType === 'quorum' ? { 'x-delivery-limit': spec.maxDeliveries - 1 } : {}),
      },
    }), timeoutMs, `declare queue ${queue}`);
    await withTimeout(channel.bindQueue(queue, exchange, ''), timeoutMs, `bind queue ${queue}`);
  } finally {
    await channel.close().catch(() => undefined);
  }
}
