/** Queue on an MQTT 5 broker with QoS 1, persistent group sessions and PUBACK on ack (`mqtt` is an optional peer dependency). */
import { queueKey } from '../adapterKeys.js';
import { randomUUID } from 'node:crypto';
import type { IClientOptions, IPublishPacket, MqttClient, Packet } from 'mqtt';
import { Adapter, InjectSettings, withTimeout } from '@oneiric/core';
import { redactUrl } from '../clients/redactUrl.js';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { loadOptionalDependency } from '../loading/loadOptionalDependency.js';
import { checkQueueName } from './checkQueueName.js';
import { checkReceiveOptions } from './checkReceiveOptions.js';
import { connectMqttClient } from './connectMqttClient.js';
import { MESSAGE_ID_PROPERTY, MqttGroupSession } from './mqttGroupSession.js';
import { MqttQueueSettings } from './mqttQueueSettings.js';
import { outgoingHeaders } from './outgoingHeaders.js';
import type { PublishOptions, Queue, QueueMessage, ReceiveOptions } from './queue.js';
import { settleWithin } from './settleWithin.js';
import { toMqttError } from './toMqttError.js';
import { messageOf } from '@oneiric/core/internal';

const PROVIDER = 'mqtt';
const USER = { category: 'queue', provider: PROVIDER } as const;
const CONTEXT = { domain: 'adapter', key: 'queue', provider: PROVIDER } as const;
// MQTT 5 PUBACK reason code 0x10: accepted, but no subscription matched, so nobody gets it.
const NO_MATCHING_SUBSCRIBERS = 16;

interface Connected {
  readonly mqtt: typeof import('mqtt');
  readonly publisher: MqttClient;
  readonly sessions: Map<string, Promise<MqttGroupSession>>;
  /** Topics this adapter published to, whose declared groups' sessions are subscribed. */
  readonly declaredTopics: Set<string>;
  /** Packet ids of publishes the broker acknowledged with 0x10; read by publish after its PUBACK. */
  readonly unrouted: Set<number>;
}

/**
 * Each group is one persistent MQTT 5 session (client id `${clientIdPrefix}${group}`, no clean
 * start, kept by the broker `sessionExpirySeconds`), subscribed with QoS 1 to each topic the
 * group received from (or, for the groups in `groups`, that this adapter published to). The
 * broker keeps a group's messages while it is away and sends at most `prefetch` unacknowledged
 * at once. Consumers of a group in this process share its session: `receive` takes messages
 * held for the group, `ack` sends their PUBACK (so the broker forgets them only once the handler
 * succeeded), `nack` hands them to the next receive of the group with `redelivered` set, until
 * `maxDeliveries`, after which they are acknowledged and republished to `${topic}/dead/${group}`.
 *
 * MQTT lets one connection hold a session: a group is consumed by one process at a time (a second
 * process opening it takes it over). When the connection drops, mqtt.js reconnects every
 * `reconnectWaitMs` and the broker sends every unacknowledged message again (`redelivered`
 * true); messages received on the lost connection can no longer be settled (`ackFailed`).
 * `publish` resolves on the broker's PUBACK and fails with `queryFailed` when no session is
 * subscribed (the broker would drop the message), `connectionFailed` while disconnected.
 * Failures are AdapterErrors (see `toMqttError`) with the client's error as cause. Priority 300.
 * @example
 * ```ts
 * await queue.publish('readings', JSON.stringify(reading));
 * const [message] = await queue.receive('readings', { group: 'archive', consumer: 'archive-1' });
 * await message?.ack();
 * ```
 * @category Queue
 */
@Adapter(queueKey, PROVIDER, {
  priority: 300,
  settings: MqttQueueSettings,
  capabilities: ['consumer-groups', 'ack', 'redelivery', 'persistent-sessions'],
  description: 'MQTT 5 queue (QoS 1, persistent sessions, PUBACK after the handler)',
})
export class MqttQueue implements Queue {
  readonly #settings: MqttQueueSettings;
  #connected: Connected | undefined;

  /** @param settings - broker, names, declared groups, in-flight and delivery limits, time limits */
  public constructor(@InjectSettings() settings: MqttQueueSettings) {
    this.#settings = settings;
  }

  /**
   * Loads `mqtt` and connects the publishing client (a clean session of its own).
   * @throws AdapterError `missingDependency` without mqtt, `connectionFailed` when the broker cannot be reached
   */
  public async init(): Promise<void> {
    if (this.#connected !== undefined) {
      return;
    }
    const mqtt = await loadOptionalDependency('mqtt', USER, () => import('mqtt'));
    const clientId = `${this.#settings.clientIdPrefix}pub_${randomUUID().slice(0, 8)}`;
    const unrouted = new Set<number>();
    const publisher = await this.#connect(mqtt, { ...this.#options(clientId), clean: true }, (client) => {
      // mqtt.js resolves a publish answered with 0x10 like any other: the reason code is only
      // visible on the packet itself, which arrives before the publish's callback runs.
      client.on('packetreceive', (packet) => {
        if (packet.cmd === 'puback' && packet.reasonCode === NO_MATCHING_SUBSCRIBERS && packet.messageId !== undefined) {
          unrouted.add(packet.messageId);
        }
      });
    });
    this.#connected = { mqtt, publisher, sessions: new Map(), declaredTopics: new Set(), unrouted };
  }

  /** {@inheritDoc Queue.publish} */
  public async publish(topic: string, data: string | Uint8Array, options?: PublishOptions): Promise<string> {
    const name = this.#name(topic);
    // MQTT v5 user properties carry the headers; the adapter's own message id is one of them.
    const id = randomUUID();
    const userProperties = { ...outgoingHeaders(options, PROVIDER), [MESSAGE_ID_PROPERTY]: id };
    try {
      const connected = this.#ready();
      if (!connected.declaredTopics.has(name)) {
        await this.#declareTopic(connected, name);
      }
      if (!connected.publisher.connected) {
        throw new AdapterError(AdapterErrorKind.connectionFailed, `adapter:queue (${PROVIDER}): publish to ${topic} failed: not connected to the broker (reconnecting)`, CONTEXT);
      }
      const body = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      const reply = await settleWithin<Packet | undefined>(this.#settings.requestTimeoutMs, `PUBACK of a publish to ${name}`, (done) => {
        connected.publisher.publish(name, body, { qos: 1, properties: { userProperties } }, done);
      });
      if (reply?.messageId !== undefined && connected.unrouted.delete(reply.messageId)) {
        throw new AdapterError(AdapterErrorKind.queryFailed, `adapter:queue (${PROVIDER}): publish to ${topic} reached no group: no group has received from it yet and none is listed in the groups setting`, CONTEXT);
      }
      return id;
    } catch (error) {
      throw toMqttError(`publish to ${topic}`, error);
    }
  }

  /** {@inheritDoc Queue.receive} */
  public async receive(topic: string, options: ReceiveOptions): Promise<QueueMessage[]> {
    const name = this.#name(topic);
    const { group, max, waitMs } = checkReceiveOptions(options, this.#settings.maxWaitMs, PROVIDER);
    try {
      const session = await this.#session(this.#ready(), group);
      if (!session.isConnected()) {
        throw new AdapterError(AdapterErrorKind.connectionFailed, `adapter:queue (${PROVIDER}): receive from ${topic} failed: group ${group} is not connected to the broker (reconnecting)`, CONTEXT);
      }
      await session.subscribe(name);
      return await session.take(name, topic, max, waitMs);
    } catch (error) {
      throw toMqttError(`receive from ${topic}`, error);
    }
  }

  /** True when the publishing client is connected and the broker acknowledges a QoS 1 publish to `${topicPrefix}_health`. */
  public async health(): Promise<boolean> {
    try {
      const { publisher } = this.#ready();
      if (!publisher.connected) {
        return false;
      }
      await withTimeout(publisher.publishAsync(`${this.#settings.topicPrefix}_health`, '', { qos: 1 }), this.#settings.requestTimeoutMs, 'health check');
      return true;
    } catch {
      return false;
    }
  }

  /** Disconnects every client; the broker keeps the groups' sessions and their unacknowledged messages. */
  public async cleanup(): Promise<void> {
    const connected = this.#connected;
    this.#connected = undefined;
    if (connected === undefined) {
      return;
    }
    const sessions = await Promise.all([...connected.sessions.values()].map(async (session) => session.catch(() => undefined)));
    await Promise.all(sessions.map(async (session) => session?.close()));
    await withTimeout(connected.publisher.endAsync(), this.#settings.requestTimeoutMs, 'disconnect').catch(async () => connected.publisher.endAsync(true));
  }

  async #declareTopic(connected: Connected, name: string): Promise<void> {
    if (connected.declaredTopics.has(name)) {
      return;
    }
    for (const group of this.#settings.groups) {
      await (await this.#session(connected, group)).subscribe(name);
    }
    connected.declaredTopics.add(name);
  }

  // The group's session, connected once; concurrent callers share the attempt.
  async #session(connected: Connected, group: string): Promise<MqttGroupSession> {
    let session = connected.sessions.get(group);
    if (session === undefined) {
      session = this.#openSession(connected, group);
      connected.sessions.set(group, session);
      session.catch(() => connected.sessions.delete(group));
    }
    return session;
  }

  async #openSession(connected: Connected, group: string): Promise<MqttGroupSession> {
    let session: MqttGroupSession | undefined;
    const options: IClientOptions = {
      ...this.#options(`${this.#settings.clientIdPrefix}${group}`),
      clean: false,
      properties: { sessionExpiryInterval: this.#settings.sessionExpirySeconds, receiveMaximum: this.#settings.prefetch },
    };
    await this.#connect(connected.mqtt, options, (client) => {
      session = new MqttGroupSession(client, {
        group,
        requestTimeoutMs: this.#settings.requestTimeoutMs,
        maxDeliveries: this.#settings.maxDeliveries,
        deadLetter: async (topic, packet) => this.#deadLetter(connected, `${topic}/dead/${group}`, packet),
      });
    });
    return session!;
  }

  async #deadLetter(connected: Connected, topic: string, packet: IPublishPacket): Promise<void> {
    const userProperties = packet.properties?.userProperties ?? {};
    await withTimeout(connected.publisher.publishAsync(topic, Buffer.from(packet.payload), { qos: 1, properties: { userProperties } }), this.#settings.requestTimeoutMs, `PUBACK of a dead letter to ${topic}`);
  }

  async #connect(mqtt: typeof import('mqtt'), options: IClientOptions, prepare?: (client: MqttClient) => void): Promise<MqttClient> {
    const { url, connectTimeoutMs } = this.#settings;
    try {
      return await connectMqttClient(mqtt, url, options, connectTimeoutMs, prepare);
    } catch (error) {
      const reason = messageOf(error);
      throw new AdapterError(AdapterErrorKind.connectionFailed, `adapter:queue (${PROVIDER}): cannot connect to ${redactUrl(url)}: ${reason}`, CONTEXT, error);
    }
  }

  #options(clientId: string): IClientOptions {
    return { clientId, protocolVersion: 5, reconnectPeriod: this.#settings.reconnectWaitMs, keepalive: this.#settings.keepaliveSeconds, resubscribe: true };
  }

  #name(topic: string): string {
    return this.#settings.topicPrefix + checkQueueName(topic, 'topic', PROVIDER);
  }

  #ready(): Connected {
    if (this.#connected === undefined) {
      throw new AdapterError(AdapterErrorKind.notReady, `adapter:${USER.category} (${PROVIDER}) is not initialised (init() not called yet, or cleanup() already ran)`, CONTEXT);
    }
    return this.#connected;
  }
}
