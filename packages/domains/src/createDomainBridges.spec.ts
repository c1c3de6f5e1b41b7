// Unit tests of createDomainBridges: the bridges share one activity store and are injectable.
import { internalsOf } from '@oneiric/core/internal';
import { inject, injectable } from 'inversify';
import { Oneiric, Service } from '@oneiric/core';
import { BRIDGE_TOKENS } from './bridgeTokens.js';
import { createDomainBridges } from './createDomainBridges.js';
import type { EventBridge } from './services/eventBridge.js';

@Service('notifier', 'default')
@injectable()
class Notifier {
  public constructor(@inject(BRIDGE_TOKENS.events) public readonly events: EventBridge) {}
}

describe('createDomainBridges', () => {
  it('binds every bridge in the container, so services can inject them', async () => {
    const app = new Oneiric();
    app.register(Notifier);
    const bridges = await createDomainBridges(app);
    try {
      const notifier = await bridges.services.use<Notifier>('notifier');
      expect(notifier.events).toBe(bridges.events);
      expect(internalsOf(app).container.get(BRIDGE_TOKENS.workflows)).toBe(bridges.workflows);
      // one store: a pause through one bridge is what every bridge sees.
      await bridges.tasks.pause('report');
      expect(bridges.activity.get('task', 'report')?.paused).toBe(true);
    } finally {
      await bridges.close();
      await app.close();
    }
  });

  it('rebinds on a second call instead of failing', async () => {
    const app = new Oneiric();
    const first = await createDomainBridges(app);
    const second = await createDomainBridges(app);
    expect(internalsOf(app).container.get(BRIDGE_TOKENS.events)).toBe(second.events);
    await first.close();
    await second.close();
    await app.close();
  });
});
