import { FleetError, FleetErrorKind } from '../errors/fleetError.js';
import { newRollout, type RolloutOptions } from './newRollout.js';
import { assertPublishable } from './safeText.js';

const identity = { id: 'r1', by: 'cli@host', now: Date.UTC(2026, 11, 7) };
const base: RolloutOptions = { domain: 'adapter', key: 'cache', toProvider: 'redis' };

// Which error and why: every bad option is the caller's, `invalidArgument`, with a message naming it.
function refusal(options: RolloutOptions, fromProvider = 'memory'): FleetError {
  try {
    newRollout(options, fromProvider, identity);
  } catch (error) {
    expect(error).toBeInstanceOf(FleetError);
    expect((error as FleetError).kind).toBe(FleetErrorKind.invalidArgument);
    return error as FleetError;
  }
  throw new Error('newRollout accepted it');
}

describe('newRollout', () => {
  it('fills in the defaults and starts at stage -1, running, with nothing moved', () => {
    expect(newRollout(base, 'memory', identity)).toEqual({
      v: 1, id: 'r1', domain: 'adapter', key: 'cache', fromProvider: 'memory', toProvider: 'redis', canary: 1, steps: [25, 50, 100],
      bakeMs: 30_000, maxErrorRatio: 0.01, onInstanceGone: 'continue', convergeTimeoutMs: 60_000, stage: -1, stageStartedAt: null,
      convergedAt: null, moved: [], gone: [], decisions: [], state: 'running', command: null, driver: null,
      createdAt: '2026-12-07T00:00:00.000Z', createdBy: 'cli@host',
    });
  });

  it('keeps the options given', () => {
    const record = newRollout({ ...base, canary: 0, steps: [100], bakeMs: 0, maxErrorRatio: 1, onInstanceGone: 'abort', convergeTimeoutMs: 1 }, 'memory', identity);
    expect(record).toMatchObject({ canary: 0, steps: [100], bakeMs: 0, maxErrorRatio: 1, onInstanceGone: 'abort', convergeTimeoutMs: 1 });
  });

  it('refuses a rollout to the provider already running', () => {
    expect(refusal(base, 'redis').message).toMatch(/already runs redis: nothing to roll out/);
  });

  it.each([
    ['steps not ending at 100', { ...base, steps: [25, 50] }, /steps 25,50 must be increasing/],
    ['steps not increasing', { ...base, steps: [50, 50, 100] }, /steps 50,50,100/],
    ['a fractional canary', { ...base, canary: 1.5 }, /canary 1.5 must be a whole number/],
    ['a negative bake', { ...base, bakeMs: -1 }, /bake and converge timeout/],
    ['a zero converge timeout', { ...base, convergeTimeoutMs: 0 }, /bake and converge timeout/],
    ['an error ratio above 1', { ...base, maxErrorRatio: 1.5 }, /max error ratio 1.5/],
    ['an empty key', { ...base, key: '' }, /must not be empty/],
    ['a provider with a control character', { ...base, toProvider: 'redis\u001b[2J' }, /provider must be at most 1024 characters without control characters/],
    ['an over-long key', { ...base, key: 'k'.repeat(1025) }, /key must be at most 1024/],
  ] as Array<[string, RolloutOptions, RegExp]>)('refuses %s', (_, options, message) => {
    expect(refusal(options).message).toMatch(message);
  });
});

describe('assertPublishable (what FleetClient checks before writing a note or a provider)', () => {
  it('refuses text the decoders would refuse, with invalidArgument, and accepts the rest', () => {
    expect(() => assertPublishable('note', 'db upgrade — ticket #42')).not.toThrow();
    expect(() => assertPublishable('note', 'n'.repeat(1024))).not.toThrow();
    for (const bad of ['n'.repeat(1025), 'line\nforged', 'esc\u001b[31m', 'bidi\u2066x']) {
      expect(() => assertPublishable('note', bad)).toThrow(expect.objectContaining({ kind: FleetErrorKind.invalidArgument, message: expect.stringMatching(/the note must be at most 1024/) }));
    }
  });
});
