import type { HealthSnapshot, KeyHealth } from '../models/healthSnapshot.js';
import { buildStatusPageView } from './buildStatusPageView.js';
import type { StatusPageSnapshot } from './statusPageSnapshot.js';
import type { StatusSection } from './statusPageView.js';
import type { SwapRecord } from './swapRecord.js';

const NOW = '2026-12-07T14:00:10.000Z';

function health(overrides: Partial<HealthSnapshot> = {}): HealthSnapshot {
  return {
    pid: 4242, startedAt: '2026-12-07T13:00:10.000Z', updatedAt: NOW, profile: 'default', phase: 'running', ready: true,
    keys: [], remote: { enabled: false }, watchers: [], ...overrides,
  };
}

// `provider: null` builds a key without a live provider.
function key(overrides: Partial<Omit<KeyHealth, 'provider'>> & { provider?: string | null }): KeyHealth {
  const { provider = 'redis', ...rest } = overrides;
  return { domain: 'adapter', key: 'cache', state: 'ready', healthy: true, paused: false, draining: false, ...(provider === null ? {} : { provider }), ...rest };
}

function snapshot(overrides: Partial<StatusPageSnapshot> = {}): StatusPageSnapshot {
  return { now: NOW, health: health(), recentSwaps: [], fleet: { state: 'notConfigured' }, ...overrides };
}

function section(view: ReturnType<typeof buildStatusPageView>, id: string): StatusSection {
  const found = view.sections.find((each) => each.id === id);
  if (found === undefined) {
    throw new Error(`no section ${id}`);
  }
  return found;
}

function factsOf(view: ReturnType<typeof buildStatusPageView>, id: string): Record<string, string> {
  return Object.fromEntries(section(view, id).facts.map((entry) => [entry.label, `${entry.text} [${entry.tone}]`]));
}

describe('buildStatusPageView', () => {
  it('orders the sections runtime, keys, swaps, remote, fleet, and titles the page with profile and pid', () => {
    const view = buildStatusPageView(snapshot());
    expect(view.sections.map((each) => each.id)).toEqual(['runtime', 'keys', 'swaps', 'remote', 'fleet']);
    expect(view.title).toBe('Oneiric runtime · default · pid 4242');
    expect(view.generatedAt).toBe(NOW);
  });

  describe('the headline', () => {
    it.each([
      [{ phase: 'running', ready: true, keys: [] }, 'running, ready', 'ok'],
      [{ phase: 'running', ready: false, keys: [key({ state: 'activating' })] }, 'running, not ready', 'warn'],
      [{ phase: 'running', ready: false, keys: [key({ state: 'failed' })] }, 'running, not ready', 'bad'],
      [{ phase: 'running', ready: false, keys: [key({ healthy: false })] }, 'running, not ready', 'bad'],
      [{ phase: 'stopping', ready: false, keys: [] }, 'stopping', 'warn'],
    ] as const)('for %j reads %p (%p)', (state, text, tone) => {
      expect(buildStatusPageView(snapshot({ health: health({ ...state, keys: [...state.keys] }) })).headline).toEqual({ text, tone });
    });
  });

  it('writes one key row per key with provider, state, health, breaker and admission, each with its tone', () => {
    const keys = [
      key({}),
      key({ key: 'payments', provider: 'stripe', healthy: false, breaker: 'open', paused: true, draining: true }),
      key({ domain: 'service', key: 'billing', provider: null, state: 'failed', healthy: null, breaker: 'halfOpen' }),
    ];
    const table = section(buildStatusPageView(snapshot({ health: health({ keys }) })), 'keys').table;
    expect(table?.columns).toEqual(['domain', 'key', 'provider', 'state', 'health', 'breaker', 'admission']);
    expect(table?.rows.map((row) => row.map((entry) => `${entry.text}:${entry.tone}`))).toEqual([
      ['adapter:idle', 'cache:idle', 'redis:idle', 'ready:ok', 'healthy:ok', '—:idle', 'open:ok'],
      ['adapter:idle', 'payments:idle', 'stripe:idle', 'ready:ok', 'unhealthy:bad', 'open:bad', 'paused, draining:warn'],
      ['service:idle', 'billing:idle', 'none:warn', 'failed:bad', 'not checked:idle', 'halfOpen:warn', 'open:ok'],
    ]);
  });

  it('counts failed keys, held keys and open breakers in the runtime section', () => {
    const keys = [key({ state: 'failed' }), key({ key: 'a', draining: true }), key({ key: 'b', breaker: 'open' }), key({ key: 'c', breaker: 'closed' })];
    const facts = factsOf(buildStatusPageView(snapshot({ health: health({ keys, ready: false, watchers: ['activity', 'scheduler'] }) })), 'runtime');
    expect(facts).toMatchObject({
      'keys': '4 [idle]', 'failed keys': '1 [bad]', 'paused or draining': '1 [warn]', 'open breakers': '1 [bad]',
      'ready': 'no [warn]', 'started': '13:00:10 (1 h ago) [idle]', 'watchers': 'activity, scheduler [idle]',
    });
  });

  it('lists recent swaps in the order given, with durations, and a failed one by its error kind only', () => {
    const recentSwaps: SwapRecord[] = [
      { at: '2026-12-07T14:00:05.000Z', domain: 'adapter', key: 'cache', provider: 'broken', previousProvider: 'memory', outcome: 'failed', durationMs: 3.25, errorKind: 'initFailed' },
      { at: '2026-12-07T14:00:00.000Z', domain: 'adapter', key: 'cache', provider: 'memory', previousProvider: 'redis', outcome: 'swapped', durationMs: 1_250, errorKind: null },
      { at: '2026-12-07T13:59:00.000Z', domain: 'adapter', key: 'cache', provider: 'redis', previousProvider: null, outcome: 'swapped', durationMs: 40, errorKind: null },
    ];
    const table = section(buildStatusPageView(snapshot({ recentSwaps })), 'swaps').table;
    expect(table?.rows.map((row) => row.map((entry) => entry.text))).toEqual([
      ['14:00:05 (5 s ago)', 'adapter:cache', 'memory', 'broken', 'failed (initFailed)', '3.3 ms'],
      ['14:00:00 (10 s ago)', 'adapter:cache', 'redis', 'memory', 'swapped', '1.3 s'],
      ['13:59:00 (1 min ago)', 'adapter:cache', '—', 'redis', 'swapped', '40 ms'],
    ]);
    expect(table?.rows[0]?.[4]?.tone).toBe('bad');
  });

  it('says so when there is no swap and no key, instead of an empty table', () => {
    const view = buildStatusPageView(snapshot());
    expect(section(view, 'swaps').table).toMatchObject({ rows: [], emptyText: 'no swap since the runtime started' });
    expect(section(view, 'keys').table).toMatchObject({ rows: [], emptyText: 'no key is registered' });
  });

  describe('the remote section', () => {
    it('says "not configured" without remote sync', () => {
      expect(factsOf(buildStatusPageView(snapshot()), 'remote')).toEqual({ 'remote sync': 'not configured [idle]' });
    });

    it('shows the serial and the last sync, and a failure after it as bad, never the error text', () => {
      const remote = { enabled: true, serial: 7, lastSuccessAt: '2026-12-07T14:00:00.000Z', lastFailureAt: '2026-12-07T14:00:08.000Z', lastError: 'fetch https://user:pw@host failed' };
      const view = buildStatusPageView(snapshot({ health: health({ remote }) }));
      expect(factsOf(view, 'remote')).toEqual({
        'manifest serial': '7 [ok]', 'last sync': '14:00:00 (10 s ago) [ok]', 'last failure': '14:00:08 (2 s ago) [bad]',
      });
      expect(JSON.stringify(view)).not.toContain('pw@host');
    });

    it('shows an old failure followed by a success as past, and a remote never synced as a warning', () => {
      const recovered = { enabled: true, serial: 7, lastSuccessAt: '2026-12-07T14:00:09.000Z', lastFailureAt: '2026-12-07T14:00:01.000Z' };
      expect(factsOf(buildStatusPageView(snapshot({ health: health({ remote: recovered }) })), 'remote')['last failure']).toBe('14:00:01 (9 s ago) [idle]');
      expect(factsOf(buildStatusPageView(snapshot({ health: health({ remote: { enabled: true } }) })), 'remote')).toEqual({
        'manifest serial': 'none applied [warn]', 'last sync': 'never [warn]', 'last failure': 'never [idle]',
      });
    });
  });

  describe('the fleet section', () => {
    it('says "not configured" without a fleet, and "unavailable" with the error kind when the view could not be read', () => {
      expect(factsOf(buildStatusPageView(snapshot()), 'fleet')).toEqual({ fleet: 'not configured [idle]' });
      expect(factsOf(buildStatusPageView(snapshot({ fleet: { state: 'unavailable', errorKind: 'timeout' } })), 'fleet')).toEqual({ fleet: 'view unavailable (timeout) [bad]' });
    });

    it('shows the fleet\'s facts and table, padding a short row to the columns', () => {
      const view = buildStatusPageView(snapshot({
        fleet: { state: 'read', view: { facts: [{ label: 'bucket', value: 'oneiric_shop' }], columns: ['instance', 'provider', 'lag'], rows: [['a-1', 'redis', '0'], ['b-2']] } },
      }));
      expect(factsOf(view, 'fleet')).toEqual({ bucket: 'oneiric_shop [idle]' });
      expect(section(view, 'fleet').table?.rows.map((row) => row.map((entry) => entry.text))).toEqual([['a-1', 'redis', '0'], ['b-2', '', '']]);
    });
  });
});
