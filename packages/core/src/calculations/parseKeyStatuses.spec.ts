import { initialKeyStatus, RECENT_SWAP_SAMPLES, type KeyStatus } from '../models/keyStatus.js';
import { parseKeyStatuses } from './parseKeyStatuses.js';

const FULL: KeyStatus = {
  domain: 'service',
  key: 'checkout',
  state: 'failed',
  currentProvider: 'default',
  pendingProvider: null,
  lastError: 'Health check failed for service:checkout (fast)',
  lastStateChangeAt: '2025-03-04T05:06:07.890Z',
  lastActivatedAt: '2025-03-04T05:00:00.000Z',
  lastHealthAt: '2025-03-04T05:06:07.000Z',
  lastSwapDurationMs: 3.25,
  recentSwapDurationsMs: [1.5, 2, 3.25],
  successfulSwaps: 4,
  failedSwaps: 2,
};

/** Parses a JSON array holding `entries` and returns the first status kept. */
function parseOne(entry: Record<string, unknown>): KeyStatus | undefined {
  return parseKeyStatuses(JSON.stringify([entry])).statuses[0];
}

describe('parseKeyStatuses', () => {
  describe('with valid statuses', () => {
    it('reads back what JSON.stringify wrote', () => {
      const other = { ...initialKeyStatus('adapter', 'cache'), state: 'ready' as const, currentProvider: 'redis' };
      expect(parseKeyStatuses(JSON.stringify([FULL, other]))).toEqual({ statuses: [FULL, other], skipped: 0 });
    });

    it('reads an empty array as no statuses', () => {
      expect(parseKeyStatuses('[]')).toEqual({ statuses: [], skipped: 0 });
    });

    it('accepts every state, including closed', () => {
      for (const state of ['unknown', 'activating', 'ready', 'failed', 'closed'] as const) {
        expect(parseOne({ ...FULL, state })?.state).toBe(state);
      }
    });

    it('fills absent fields with the defaults of a fresh status', () => {
      expect(parseOne({ domain: 'task', key: 'nightly' })).toEqual(initialKeyStatus('task', 'nightly'));
    });
  });

  describe('with content that is not a JSON array', () => {
    it.each([
      ['not JSON', '{ nope'],
      ['an empty string', ''],
      ['an object', JSON.stringify(FULL)],
      ['null', 'null'],
      ['a number', '42'],
    ])('throws a SyntaxError for %s', (_what, content) => {
      expect(() => parseKeyStatuses(content)).toThrow(SyntaxError);
    });
  });

  describe('with invalid entries', () => {
    it('skips entries without a valid domain or key and counts them', () => {
      const result = parseKeyStatuses(JSON.stringify([
        { key: 'cache' },
        { domain: 'adapter' },
        { domain: 'adapter', key: '' },
        { domain: 'adapter', key: 7 },
        { domain: 'Adapter', key: 'cache' },
        { domain: 'plugins', key: 'cache' },
        null,
        'adapter:cache',
        3,
        [],
        FULL,
      ]));
      expect(result.skipped).toBe(10);
      expect(result.statuses).toEqual([FULL]);
    });
  });

  describe('with invalid fields', () => {
    it('turns unparseable or non-string timestamps into null', () => {
      const status = parseOne({
        ...FULL,
        lastStateChangeAt: 'not a date',
        lastActivatedAt: 1_741_064_400_000,
        lastHealthAt: null,
      });
      expect(status).toMatchObject({ lastStateChangeAt: null, lastActivatedAt: null, lastHealthAt: null });
    });

    it('normalises valid timestamps to ISO 8601 UTC', () => {
      const status = parseOne({ ...FULL, lastStateChangeAt: '2025-03-04T06:06:07+01:00', lastActivatedAt: '2025-03-04' });
      expect(status).toMatchObject({ lastStateChangeAt: '2025-03-04T05:06:07.000Z', lastActivatedAt: '2025-03-04T00:00:00.000Z' });
    });

    it('drops non-numbers from the recent durations and keeps the last samples only', () => {
      expect(parseOne({ ...FULL, recentSwapDurationsMs: [1, '2', null, 3.5, { ms: 4 }, true, [5], 6] })?.recentSwapDurationsMs).toEqual([1, 3.5, 6]);
      expect(parseOne({ ...FULL, recentSwapDurationsMs: 'fast' })?.recentSwapDurationsMs).toEqual([]);
      const many = Array.from({ length: RECENT_SWAP_SAMPLES + 5 }, (_, index) => index);
      expect(parseOne({ ...FULL, recentSwapDurationsMs: many })?.recentSwapDurationsMs).toEqual(many.slice(-RECENT_SWAP_SAMPLES));
    });

    it('nulls a non-numeric last duration and zeroes counters that are not non-negative integers', () => {
      const status = parseOne({ ...FULL, lastSwapDurationMs: '12', successfulSwaps: -1, failedSwaps: 1.5 });
      expect(status).toMatchObject({ lastSwapDurationMs: null, successfulSwaps: 0, failedSwaps: 0 });
      expect(parseOne({ ...FULL, successfulSwaps: '3' })?.successfulSwaps).toBe(0);
    });

    it('reads an unknown state as unknown and non-string texts as null', () => {
      const status = parseOne({ ...FULL, state: 'exploded', currentProvider: 42, pendingProvider: ['x'], lastError: { message: 'x' } });
      expect(status).toMatchObject({ state: 'unknown', currentProvider: null, pendingProvider: null, lastError: null });
    });

    it('ignores fields it does not know, including a "__proto__" key', () => {
      const [entry] = JSON.parse(JSON.stringify([{ ...FULL, extra: 'field' }])) as Array<Record<string, unknown>>;
      const json = JSON.stringify([entry]).replace('{', '{"__proto__":{"polluted":true},');
      const status = parseKeyStatuses(json).statuses[0];
      expect(status).toEqual(FULL);
      expect(Object.keys(status ?? {})).toEqual(Object.keys(FULL));
      expect((status as unknown as Record<string, unknown>)['polluted']).toBeUndefined();
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    });
  });
});
