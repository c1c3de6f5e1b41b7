/** One consumer group's persistent MQTT session: its subscriptions and the QoS 1 messages it holds unacknowledged. */
import type { IPublishPacket, MqttClient } from 'mqtt';
import { withTimeout } from '@oneiric/core';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import type { QueueMessage } from './queue.js';
import { toMqttError } from './toMqttError.js';

const CONTEXT = { domain: 'adapter', key: 'queue', provider: 'mqtt' } as const;

/** The user property carrying the id `publish` returned. */
export const MESSAGE_ID_PROPERTY = 'oneiric-id';

/** A held message: the packet, the connection it came on, and how often it was nacked here. */
interface Held {
  readonly packet: IPublishPacket;
  readonly connection: number;
  nacks: number;
}

/** What the session needs from the queue that owns it. */
export interface MqttGroupSessionOptions {
  readonly group: string;
  readonly requestTimeoutMs: number;
  readonly maxDeliveries: number;
  /** Publishes a message that reached `maxDeliveries` to the dead-letter topic (resolves on PUBACK). */
  readonly deadLetter: (topic: string, packet: IPublishPacket) => Promise<void>;
}

// mqtt.js sends PUBACK when handleMessage calls back, and handles no later packet of the
// connection until then: holding that callback would hold every other message (and the
// keepalive's PINGRESP). The session therefore calls back at once with this marker, which makes
// mqtt.js skip its PUBACK, and sends the PUBACK itself on ack, through the method mqtt.js uses.
const DEFERRED = new Error('PUBACK deferred until the message is acknowledged');

type SendPacket = (packet: { cmd: 'puback'; messageId: number; reasonCode: number }, callback: (error?: Error) => void) => void;

/**
 * Wraps a connected client whose session is the group's: received messages wait in per-topic
 * buffers until a consumer of the group takes them; `ack` sends their PUBACK, `nack` puts them
 * back for any consumer of the group. When the connection drops, the broker keeps the session
 * and sends every unacknowledged message again on the next connection (`dup` set), so messages
 * held from the old connection are dropped here and can no longer be settled (`ackFailed`).
 */
export class MqttGroupSession {
  readonly #client: MqttClient;
  readonly #options: MqttGroupSessionOptions;
  readonly #bufferByTopic = new Map<string, Held[]>();
  readonly #waitersByTopic = new Map<string, Set<() => void>>();
  readonly #subscribed = new Set<string>();
  #connection = 0;

  /**
   * Installs the session's handlers on a client that has not connected yet: a resumed session's
   * messages arrive right after the CONNACK, and mqtt.js's default handler would acknowledge them.
   * @param client - just created with the group's client id and no clean start, not yet connected
   */
  public constructor(client: MqttClient, options: MqttGroupSessionOptions) {
    this.#client = client;
    this.#options = options;
    if (typeof (client as unknown as { _sendPacket?: unknown })._sendPacket !== 'function') {
      throw new AdapterError(AdapterErrorKind.unsupported, 'adapter:queue (mqtt): this mqtt.js version cannot send a deferred PUBACK (mqtt 5.x is needed)', CONTEXT);
    }
    client.handleMessage = (packet, callback) => {
      this.#hold(packet);
      callback(DEFERRED);
    };
    client.on('connect', () => {
      this.#connection += 1;
    });
    client.on('close', () => {
      // The broker sends these again on the next connection.
      this.#bufferByTopic.clear();
    });
  }

  /** Subscribes the session to `topic` with QoS 1 (once per session; the broker remembers it). */
  public async subscribe(topic: string): Promise<void> {
    if (this.#subscribed.has(topic)) {
      return;
    }
    const grants = await withTimeout(this.#client.subscribeAsync(topic, { qos: 1 }), this.#options.requestTimeoutMs, `subscribe to ${topic}`);
    const refused = grants.find((grant) => grant.qos !== 1 && grant.qos !== 0);
    if (refused !== undefined) {
      throw new AdapterError(AdapterErrorKind.queryFailed, `adapter:queue (mqtt): the broker refused the subscription of group ${this.#options.group} to ${topic} (code ${refused.qos})`, CONTEXT);
    }
    this.#subscribed.add(topic);
  }

  /** Takes up to `max` held messages of `topic`, waiting up to `waitMs` for the first. */
  public async take(topic: string, queueTopic: string, max: number, waitMs: number): Promise<QueueMessage[]> {
    if (this.#buffer(topic).length === 0 && waitMs > 0) {
      await this.#arrival(topic, waitMs);
    }
    return this.#buffer(topic).splice(0, max).map((held) => this.#message(topic, queueTopic, held));
  }

  /** True while the client is connected. */
  public isConnected(): boolean {
    return this.#client.connected;
  }

  /** Disconnects; the broker keeps the session and its unacknowledged messages. */
  public async close(): Promise<void> {
    await withTimeout(this.#client.endAsync(), this.#options.requestTimeoutMs, 'disconnect').catch(async () => this.#client.endAsync(true));
  }

  #hold(packet: IPublishPacket): void {
    this.#buffer(packet.topic).push({ packet, connection: this.#connection, nacks: 0 });
    this.#wake(packet.topic);
  }

  #wake(topic: string): void {
    const waiters = this.#waitersByTopic.get(topic);
    this.#waitersByTopic.delete(topic);
    waiters?.forEach((wake) => wake());
  }

  async #arrival(topic: string, waitMs: number): Promise<void> {
    let wake = (): void => undefined;
    const arrived = new Promise<void>((resolve) => {
      wake = resolve;
    });
    const waiters = this.#waitersByTopic.get(topic) ?? new Set();
    waiters.add(wake);
    this.#waitersByTopic.set(topic, waiters);
    const timer = setTimeout(wake, waitMs);
    await arrived;
    clearTimeout(timer);
    waiters.delete(wake);
  }

  #buffer(topic: string): Held[] {
    let buffer = this.#bufferByTopic.get(topic);
    if (buffer === undefined) {
      buffer = [];
      this.#bufferByTopic.set(topic, buffer);
    }
    return buffer;
  }

  #message(topic: string, queueTopic: string, held: Held): QueueMessage {
    const property = held.packet.properties?.userProperties?.[MESSAGE_ID_PROPERTY];
    const id = typeof property === 'string' ? property : String(held.packet.messageId);
    let settled = false;
    const claim = (): void => {
      const reason = settled ? 'is already settled' : held.connection !== this.#connection || !this.#client.connected ? 'came on a connection that was lost since: the broker sends it again' : '';
      if (reason !== '') {
        throw new AdapterError(AdapterErrorKind.ackFailed, `adapter:queue (mqtt): message ${id} of ${queueTopic} ${reason}`, CONTEXT);
      }
      settled = true;
    };
    const settle = async (action: 'ack' | 'nack'): Promise<void> => {
      claim();
      try {
        if (action === 'nack' && held.nacks + 1 < this.#options.maxDeliveries) {
          held.nacks += 1;
          this.#buffer(topic).unshift(held);
          this.#wake(topic);
          return;
        }
        if (action === 'nack') {
          await this.#options.deadLetter(topic, held.packet);
        }
        await this.#puback(held.packet);
      } catch (error) {
        settled = false;
        throw toMqttError(`${action} message ${id} of ${queueTopic}`, error);
      }
    };
    return {
      id,
      topic: queueTopic,
      data: Buffer.isBuffer(held.packet.payload) ? held.packet.payload : Buffer.from(held.packet.payload),
      redelivered: held.packet.dup || held.nacks > 0,
      headers: headersOf(held.packet.properties?.userProperties),
      ack: async () => settle('ack'),
      nack: async () => settle('nack'),
    };
  }

  async #puback(packet: IPublishPacket): Promise<void> {
    const send = (this.#client as unknown as { _sendPacket: SendPacket })._sendPacket.bind(this.#client);
    const messageId = packet.messageId ?? 0;
    await withTimeout(new Promise<void>((resolve, reject) => {
      send({ cmd: 'puback', messageId, reasonCode: 0 }, (error) => (error === undefined || error === null ? resolve() : reject(error)));
    }), this.#options.requestTimeoutMs, `PUBACK of packet ${messageId}`);
  }
}

// The publisher's headers among a packet's user properties (the first value of a repeated one), without the adapter's message id.
function headersOf(userProperties: Readonly<Record<string, string | string[]>> | undefined): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(userProperties ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (name !== MESSAGE_ID_PROPERTY && typeof first === 'string') {
      headers[name] = first;
    }
  }
  return headers;
}
