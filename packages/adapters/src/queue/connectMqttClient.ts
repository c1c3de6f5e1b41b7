/** Opens an mqtt.js client and waits for its first CONNACK, within a time limit. */
import type { IClientOptions, MqttClient } from 'mqtt';
import { withTimeout } from '@oneiric/core';

/**
 * Connects with `options` (mqtt.js keeps reconnecting every `reconnectPeriod` after a loss) and
 * resolves once the broker accepted the connection; `prepare` runs before the first packet is sent. A refused connection, an error or no CONNACK
 * within `timeoutMs` ends the client (so no socket or timer is left) and rejects.
 * @throws the client's error, or core's TimeoutError
 */
export async function connectMqttClient(
  mqtt: typeof import('mqtt'),
  url: string,
  options: IClientOptions,
  timeoutMs: number,
  prepare: (client: MqttClient) => void = () => undefined,
): Promise<MqttClient> {
  // Connecting starts on a later tick: prepare, called synchronously below, runs before any
  // packet is read. (manualConnect would do the same, but mqtt.js then reconnects after end().)
  const client = mqtt.connect(url, { ...options, connectTimeout: timeoutMs });
  prepare(client);
  // mqtt.js emits 'error' for refusals it then retries; an emitter without a listener would throw.
  client.on('error', () => undefined);
  const connected = new Promise<void>((resolve, reject) => {
    const onConnect = (): void => {
      client.off('error', onError);
      resolve();
    };
    const onError = (error: Error): void => {
      client.off('connect', onConnect);
      reject(error);
    };
    client.once('connect', onConnect);
    client.once('error', onError);
  });

  try {
    await withTimeout(connected, timeoutMs, `connect to the MQTT broker`);
    return client;
  } catch (error) {
    client.end(true);
    throw error;
  }
}
