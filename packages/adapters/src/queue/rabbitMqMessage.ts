/** Wraps a message delivered by RabbitMQ as a QueueMessage whose ack and nack settle it on its channel. */
import type { Channel, ConsumeMessage } from 'amqplib';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import type { QueueMessage } from './queue.js';
import { toAmqpError } from './toAmqpError.js';

const CONTEXT = { domain: 'adapter', key: 'queue', provider: 'rabbitmq' } as const;

/** Header counting the nacks of a message on a classic queue (the adapter republishes it). */
export const NACK_COUNT_HEADER = 'x-oneiric-nacks';

/** What settling a message needs besides the message. */
export interface RabbitMqDelivery {
  readonly topic: string;
  /** The group's queue, where a nacked classic-queue message is republished. */
  readonly queue: string;
  /** The channel the message came on: only it can settle the message. */
  readonly channel: Channel;
  /** True while that channel is open (a closed one has given its messages back already). */
  readonly isChannelOpen: () => boolean;
  readonly queueType: 'classic' | 'quorum';
  readonly maxDeliveries: number;
  /** Publishes a copy to the group's queue and resolves once the broker confirmed it. */
  readonly republish: (queue: string, message: ConsumeMessage, headers: Record<string, unknown>) => Promise<void>;
}

/** Earlier deliveries of the message: quorum queues count them, classic queues carry the adapter's nack count. */
export function previousDeliveries(message: ConsumeMessage, queueType: 'classic' | 'quorum'): number {
  const headers = message.properties.headers ?? {};
  const count: unknown = queueType === 'quorum' ? headers['x-delivery-count'] : headers[NACK_COUNT_HEADER];
  return typeof count === 'number' && Number.isSafeInteger(count) && count > 0 ? count : 0;
}

/**
 * The QueueMessage for a delivery. `ack` acknowledges on the delivery's channel; `nack` gives it
 * back: requeued on a quorum queue (which counts it and dead-letters past its limit), and on a
 * classic queue republished with its nack count and then acknowledged, or rejected to the
 * dead-letter queue once the count reaches `maxDeliveries`. Both refuse (`ackFailed`) a message
 * already settled or whose channel closed (the broker has then requeued it).
 */
export function toRabbitMqMessage(message: ConsumeMessage, delivery: RabbitMqDelivery): QueueMessage {
  const id = typeof message.properties.messageId === 'string' ? message.properties.messageId : String(message.fields.deliveryTag);
  const deliveries = previousDeliveries(message, delivery.queueType);
  let settled = false;
  const refuse = (reason: string): AdapterError => new AdapterError(AdapterErrorKind.ackFailed, `adapter:queue (rabbitmq): message ${id} of ${delivery.topic} ${reason}`, CONTEXT);
  const claim = (): void => {
    if (settled) {
      throw refuse('is already settled');
    }
    if (!delivery.isChannelOpen()) {
      throw refuse('came on a channel that has closed since: the broker gives it back for redelivery');
    }
    settled = true;
  };
  const nack = async (): Promise<void> => {
    claim();
    try {
      if (delivery.queueType === 'quorum') {
        delivery.channel.nack(message, false, true);
      } else if (deliveries + 1 >= delivery.maxDeliveries) {
        delivery.channel.reject(message, false);
      } else {
        await delivery.republish(delivery.queue, message, { ...message.properties.headers, [NACK_COUNT_HEADER]: deliveries + 1 });
        delivery.channel.ack(message);
      }
    } catch (error) {
      // Not given back: the message stays this consumer's to settle (or returns when its channel closes).
      settled = false;
      throw toAmqpError(`nack message ${id} of ${delivery.topic}`, error);
    }
  };
  return {
    id,
    topic: delivery.topic,
    data: message.content,
    redelivered: message.fields.redelivered || deliveries > 0,
    headers: textHeaders(message.properties.headers),
    ack: async () => {
      claim();
      delivery.channel.ack(message);
    },
    nack,
  };
}

// The text headers of a delivery: the publisher's; the broker's and the adapter's own
// bookkeeping (delivery and nack counts, death records) are numbers and tables.
function textHeaders(headers: Readonly<Record<string, unknown>> | undefined): Readonly<Record<string, string>> {
  const text: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (typeof value === 'string') {
      text[name] = value;
    }
  }
  return text;
}
