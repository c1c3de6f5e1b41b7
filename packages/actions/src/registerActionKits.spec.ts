// registerActionKits: every key once under `builtin`, only/except subsets, unknown keys refused, settings validated and injected.
import { LifecycleError, Oneiric, RegistrationError } from '@oneiric/core';
import { ACTION_KEYS } from './actionKits.js';
import { register, registerActionKits } from './registerActionKits.js';

describe('registerActionKits', () => {
  it('registers one builtin provider per action key, also through the CLI hook', () => {
    const app = new Oneiric();
    register(app);
    expect(ACTION_KEYS).toHaveLength(19);
    expect(ACTION_KEYS.map((key) => app.resolve('action', key)?.provider)).toEqual(ACTION_KEYS.map(() => 'builtin'));
  });

  it('registers only the keys asked for, or all but the excluded ones', () => {
    expect(registerActionKits(new Oneiric(), { only: ['compression.hash', 'task.schedule'] }).map((candidate) => candidate.key)).toEqual(['compression.hash', 'task.schedule']);
    const app = new Oneiric();
    registerActionKits(app, { except: ['http.fetch'] });
    expect(app.resolve('action', 'http.fetch')).toBeUndefined();
    expect(app.resolve('action', 'compression.hash')).toBeDefined();
  });

  it('refuses an unknown key in only or except with RegistrationError invalidKey', () => {
    // A typo would otherwise silently register nothing (only) or everything (except).
    let caught: unknown;
    try {
      registerActionKits(new Oneiric(), { except: ['compression.hsh'] });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RegistrationError);
    expect((caught as RegistrationError).kind).toBe('invalidKey');
  });

  it('validates provider settings before building, and injects them', async () => {
    const app = new Oneiric({ providerSettings: () => ({ plain: { maxOutputBytes: 0 }, path: 'actions.provider_settings.builtin' }) });
    registerActionKits(app, { only: ['compression.decode'] });
    // maxOutputBytes must be at least 1: activation refuses it, naming the field, before building.
    const error = await app.start().then(() => undefined, (failure: unknown) => failure);
    expect(error).toBeInstanceOf(LifecycleError);
    expect((error as LifecycleError).kind).toBe('settingsInvalid');
    expect((error as LifecycleError).message).toContain('maxOutputBytes');
    await app.close();
    const good = new Oneiric({ providerSettings: () => ({ plain: { maxOutputBytes: 4 }, path: 'actions.provider_settings.builtin' }) });
    registerActionKits(good, { only: ['compression.decode'] });
    await good.start();
    const decode = good.use<{ execute(payload: object): Promise<unknown> }>('action', 'compression.decode');
    await expect(decode.execute({ data: 'H4sIAAAAAAAAA8tIzcnJBwCGphA2BQAAAA==', algorithm: 'gzip' })).rejects.toMatchObject({ kind: 'limitExceeded' });
    await good.close();
  });
});
