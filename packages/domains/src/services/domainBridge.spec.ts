// Unit tests of DomainBridge: use() with provider/capabilities/forceReload, and pause/drain refusals with notes.
import { Oneiric, Service } from '@oneiric/core';
import { DomainError, DomainErrorKind } from '../errors/domainError.js';
import { ActivityStore } from './activityStore.js';
import { DomainBridge } from './domainBridge.js';
import { ServiceBridge } from './serviceBridge.js';

let built = 0;

@Service('api', 'fast', { priority: 10, capabilities: ['read'] })
class FastApi {
  public readonly serial = ++built;
  public name(): string {
    return 'fast';
  }
}

@Service('api', 'full', { priority: 1, capabilities: ['read', 'write'] })
class FullApi {
  public readonly serial = ++built;
  public name(): string {
    return 'full';
  }
}

@Service('bare', 'only')
class Bare {}

let app: Oneiric;
let bridge: DomainBridge;

beforeEach(() => {
  app = new Oneiric();
  app.register(FastApi, FullApi, Bare);
  bridge = new ServiceBridge(app, new ActivityStore());
});

afterEach(async () => {
  await app.close();
});

async function refusal(run: () => Promise<unknown>): Promise<DomainError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof DomainError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('DomainBridge', () => {
  describe('use', () => {
    it('refuses an unknown key with noCandidate naming domain and key', async () => {
      // nothing is registered under service:missing.
      const error = await refusal(() => bridge.use('missing'));
      expect(error.kind).toBe(DomainErrorKind.noCandidate);
      expect(error.message).toBe('No candidate found for service:missing');
    });

    it('activates the precedence winner and returns its live reference; a second use keeps the instance', async () => {
      const first = await bridge.use<FastApi>('api');
      expect(first.name()).toBe('fast');
      const serial = first.serial;
      const second = await bridge.use<FastApi>('api');
      expect(second.serial).toBe(serial);
    });

    it('swaps to an explicitly asked provider instead of returning the live one (section 18 item 9)', async () => {
      await bridge.use('api');
      const full = await bridge.use<FullApi>('api', { provider: 'full' });
      expect(full.name()).toBe('full');
      expect(app.active('service', 'api')?.provider).toBe('full');
    });

    it('records an asked provider as the key selection, so explain agrees, and every reference follows the key', async () => {
      const earlier = await bridge.use<FastApi>('api');
      expect(earlier.name()).toBe('fast');
      await bridge.use('api', { provider: 'full' });
      // the swap went through app.select: the selection and explain name what is live.
      expect(app.selection('service', 'api')).toBe('full');
      expect(app.explain('service', 'api')).toMatchObject({ selection: 'full', winner: 'full' });
      // another caller's reference follows the key to its current provider.
      expect(earlier.name()).toBe('full');
      // a later plain use keeps the selected provider instead of swapping back.
      expect((await bridge.use<FullApi>('api')).name()).toBe('full');
    });

    it('picks by capabilities', async () => {
      const writer = await bridge.use<FullApi>('api', { capabilities: ['write'] });
      expect(writer.name()).toBe('full');
      // nobody has "admin": noCandidate naming the capability.
      expect((await refusal(() => bridge.use('api', { capabilities: ['admin'] }))).message).toBe('No candidate found for service:api with capabilities admin');
    });

    it('builds a new instance with forceReload', async () => {
      const ref = await bridge.use<FastApi>('api');
      const before = ref.serial;
      await bridge.use('api', { forceReload: true });
      expect(ref.serial).not.toBe(before);
    });
  });

  describe('pause and drain', () => {
    it('refuses new work while paused, naming the state and the note', async () => {
      await bridge.pause('api', { note: 'maintenance' });
      // paused: DomainError kind paused.
      const error = await refusal(() => bridge.use('api'));
      expect(error.kind).toBe(DomainErrorKind.paused);
      expect(error.message).toBe('service:api is paused (note: maintenance)');
      expect(error.context).toEqual({ domain: 'service', key: 'api' });
    });

    it('refuses while draining, and names both states when both are set', async () => {
      await bridge.drain('api');
      // draining: DomainError draining; then both flags: pausedAndDraining.
      expect((await refusal(() => bridge.use('api'))).message).toBe('service:api is draining');
      await bridge.pause('api');
      expect((await refusal(() => bridge.use('api'))).kind).toBe(DomainErrorKind.pausedAndDraining);
    });

    it('keeps draining and the note on resume, and clears the note with null (section 18 item 16)', async () => {
      await bridge.pause('api', { note: 'deploy' });
      await bridge.drain('api');
      const resumed = await bridge.resume('api');
      expect(resumed).toMatchObject({ paused: false, draining: true, note: 'deploy' });
      const cleared = await bridge.clearDrain('api', { note: null });
      expect(cleared).toMatchObject({ paused: false, draining: false, note: null });
      expect(bridge.activity.get('service', 'api')).toBeUndefined();
      await expect(bridge.use('api')).resolves.toBeDefined();
    });

    it('scopes pause to its domain and key', async () => {
      await bridge.pause('api');
      expect(bridge.isAccepting('bare')).toBe(true);
      const tasks = new DomainBridge('task', app, bridge.activity);
      expect(tasks.isAccepting('api')).toBe(true);
    });
  });
});
