import { LifecycleErrorKind, Oneiric } from '@oneiric/core';
import { describeWithService, probeService, uniqueName } from '../testing/liveServices.js';
import { deleteRabbitMqNames } from '../testing/rabbitMqCleanup.js';
import { MqttQueue } from './mqttQueue.js';
import type { Queue } from './queue.js';
import { RabbitMqQueue } from './rabbitMqQueue.js';

const [rabbitmq, mqtt] = await Promise.all([probeService('rabbitmq'), probeService('mqtt')]);

function newApp(provider: typeof RabbitMqQueue | typeof MqttQueue, settings: Record<string, unknown>): Oneiric {
  const app = new Oneiric({ providerSettings: (candidate) => ({ plain: settings, path: `adapters.provider_settings.${candidate.provider}` }) });
  app.register(provider);
  return app;
}

async function roundTrip(app: Oneiric): Promise<string | undefined> {
  await app.start();
  const queue = app.use<Queue>('adapter', 'queue');
  await queue.publish('orders', 'hello');
  const [message] = await queue.receive('orders', { group: 'billing', consumer: 'b1', waitMs: 2_000 });
  await message?.ack();
  return message?.data.toString();
}

const cases = [
  { probe: rabbitmq, provider: RabbitMqQueue, settings: () => ({ url: rabbitmq.url, namePrefix: `${uniqueName('app').replace(/[^A-Za-z0-9_-]/g, '_')}_`, groups: ['billing'] }), invalid: { queueType: 'stream' }, field: 'queueType' },
  { probe: mqtt, provider: MqttQueue, settings: () => ({ url: mqtt.url, topicPrefix: `${uniqueName('app')}/`, clientIdPrefix: uniqueName('app').replace(/[^A-Za-z0-9_-]/g, '_'), groups: ['billing'], sessionExpirySeconds: 60 }), invalid: { topicPrefix: 'devices/#/' }, field: 'topicPrefix' },
] as const;

for (const { probe, provider, settings, invalid, field } of cases) {
  describeWithService(probe, `${provider.name} registered in an application`, () => {
    it('gets its settings injected: publish and receive through the live reference', async () => {
      const plain = settings();
      const app = newApp(provider, plain);
      try {
        expect(await roundTrip(app)).toBe('hello');
      } finally {
        await app.close();
        if ('namePrefix' in plain) await deleteRabbitMqNames(rabbitmq.url, plain.namePrefix);
      }
    });

    it(`refuses an invalid ${field} with LifecycleError settingsInvalid naming the field`, async () => {
      const app = newApp(provider, { ...settings(), ...invalid });
      try {
        await expect(app.start()).rejects.toMatchObject({ kind: LifecycleErrorKind.settingsInvalid, context: expect.objectContaining({ field: expect.stringContaining(field) }) });
      } finally {
        await app.close();
      }
    });
  });
}
