import fc from 'fast-check';
import { compareScores } from '../calculations/compareScores.js';
import { filterByCapabilities } from '../calculations/filterByCapabilities.js';
import { normaliseCapabilities } from '../calculations/normaliseCapabilities.js';
import { pickWinner } from '../calculations/pickWinner.js';
import { rankCandidates } from '../calculations/rankCandidates.js';
import { scoreCandidate } from '../calculations/scoreCandidate.js';
import type { Candidate } from '../models/candidate.js';
import { PRECEDENCE_TIERS, type CandidateScore } from '../models/candidateScore.js';
import type { CandidateSource } from '../models/candidateSource.js';
import type { Explanation } from '../models/explanation.js';
import { candidate as makeCandidate } from '../testing/candidate.js';
import { Resolver } from './resolver.js';

// Small value ranges on purpose: ties on every tier must be frequent for the properties to bite.
const PROVIDERS = ['p1', 'p2', 'p3', 'p4'] as const;
const SOURCES = ['local', 'plugin', 'manual'] as const satisfies readonly CandidateSource[];
const CAPABILITIES = ['read', 'write', 'ttl', 'stream'] as const;
const KEYS = ['cache', 'queue'] as const;

const providerArb = fc.constantFrom(...PROVIDERS);
const sourceArb = fc.constantFrom(...SOURCES);
const priorityArb = fc.oneof(fc.integer({ min: -2, max: 2 }), fc.integer({ min: -1_000_000, max: 1_000_000 }));
const stackLevelArb = fc.integer({ min: -1, max: 2 });
const capabilitiesArb = fc.subarray([...CAPABILITIES]);
/** A selection naming a registered-or-not provider, or none. */
const selectionArb = fc.option(fc.constantFrom(...PROVIDERS, 'ghost'), { nil: undefined });
/** A raw capability request, as a caller might write it (padding, duplicates, blanks). */
const requestedArb = fc.array(fc.constantFrom(...CAPABILITIES, ' read', 'write ', '', 'unknown'), { maxLength: 4 });

interface CandidateSpec {
  readonly provider: string;
  readonly source: CandidateSource;
  readonly priority: number;
  readonly stackLevel: number;
  readonly capabilities: readonly string[];
}

const specArb: fc.Arbitrary<CandidateSpec> = fc.record({
  provider: providerArb,
  source: sourceArb,
  priority: priorityArb,
  stackLevel: stackLevelArb,
  capabilities: capabilitiesArb,
});

function toCandidate(spec: CandidateSpec, sequence: number, key = 'cache'): Candidate {
  return makeCandidate(spec.provider, {
    key,
    priority: spec.priority,
    stackLevel: spec.stackLevel,
    capabilities: [...new Set(spec.capabilities)].sort(),
    source: spec.source,
    sequence,
  });
}

/** Candidates with unique sequences in a random input order. */
const candidateSetArb: fc.Arbitrary<Candidate[]> = fc
  .uniqueArray(fc.record({ spec: specArb, sequence: fc.integer({ min: 1, max: 10_000 }) }), {
    selector: (entry) => entry.sequence,
    maxLength: 14,
  })
  .map((entries) => entries.map(({ spec, sequence }) => toCandidate(spec, sequence)));

const scoreArb: fc.Arbitrary<CandidateScore> = fc.record({
  selection: fc.integer({ min: 0, max: 1 }),
  capabilities: fc.integer({ min: 0, max: 2 }),
  priority: fc.integer({ min: -1, max: 1 }),
  stackLevel: fc.integer({ min: -1, max: 1 }),
  registration: fc.integer({ min: 0, max: 2 }),
});

function newResolver(): Resolver {
  return new Resolver({ stackOrder: new Map() });
}

function registerSpec(resolver: Resolver, spec: CandidateSpec, key = 'cache'): Candidate {
  return resolver.register({
    domain: 'adapter',
    key,
    provider: spec.provider,
    source: spec.source,
    priority: spec.priority,
    stackLevel: spec.stackLevel,
    capabilities: spec.capabilities,
    factory: { kind: 'class', target: class {} },
  });
}

/** Identity of a candidate as both resolve() and explain() expose it. */
function identity(candidate: Candidate | undefined): string | null {
  return candidate === undefined ? null : `${candidate.provider}/${candidate.source}#${candidate.sequence}`;
}

function explainedIdentity(entry: Explanation['ranked'][number] | undefined): string | null {
  return entry === undefined ? null : `${entry.provider}/${entry.source}#${entry.score.registration}`;
}

/** Lexicographic comparison written independently of compareScores: the oracle. */
function lexicographic(a: readonly number[], b: readonly number[]): number {
  for (let index = 0; index < a.length; index += 1) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) {
      return Math.sign(difference);
    }
  }
  return 0;
}

function tuple(score: CandidateScore): number[] {
  return PRECEDENCE_TIERS.map((tier) => score[tier]);
}

describe('Resolver (properties)', () => {
  describe('rankCandidates() and compareScores()', () => {
    describe('having generated candidate sets, selections and capability requests', () => {
      it('ranks in strictly decreasing order and keeps every candidate either ranked or removed', () => {
        fc.assert(
          fc.property(candidateSetArb, selectionArb, requestedArb, fc.boolean(), (candidates, selection, requested, requireAll) => {
            const capabilities = normaliseCapabilities(requested);
            const ranking = rankCandidates(candidates, selection, capabilities, requireAll);
            for (let index = 1; index < ranking.ranked.length; index += 1) {
              const previous = ranking.ranked[index - 1];
              const current = ranking.ranked[index];
              expect(previous).toBeDefined();
              expect(current).toBeDefined();
              expect(compareScores(previous!.score, current!.score).order).toBeGreaterThan(0);
            }
            for (const { candidate, score } of ranking.ranked) {
              expect(score).toEqual(scoreCandidate(candidate, selection, capabilities));
            }
            const seen = [...ranking.ranked.map((entry) => entry.candidate), ...ranking.removed.map((entry) => entry.candidate)];
            expect(seen).toHaveLength(candidates.length);
            expect(new Set(seen)).toEqual(new Set(candidates));
            expect(ranking.ranked.map((entry) => entry.candidate).sort((a, b) => a.sequence - b.sequence))
              .toEqual([...filterByCapabilities(candidates, capabilities, requireAll).kept].sort((a, b) => a.sequence - b.sequence));
            expect(pickWinner(candidates, selection, capabilities, requireAll)).toBe(ranking.ranked[0]?.candidate);
          }),
          { numRuns: 400 },
        );
      });

      it('compares scores antisymmetrically, reflexively and lexicographically', () => {
        fc.assert(
          fc.property(scoreArb, scoreArb, (a, b) => {
            const forward = compareScores(a, b);
            const backward = compareScores(b, a);
            expect(Math.sign(forward.order) === -Math.sign(backward.order)).toBe(true);
            expect(forward.tier).toBe(backward.tier);
            expect(compareScores(a, a)).toEqual({ tier: null, order: 0 });
            expect(Math.sign(forward.order)).toBe(lexicographic(tuple(a), tuple(b)));
            expect(forward.tier === null).toBe(forward.order === 0);
            if (forward.order === 0) {
              expect(a).toEqual(b);
            }
          }),
          { numRuns: 500 },
        );
      });

      it('compares scores transitively', () => {
        fc.assert(
          fc.property(scoreArb, scoreArb, scoreArb, (a, b, c) => {
            const ab = Math.sign(compareScores(a, b).order);
            const bc = Math.sign(compareScores(b, c).order);
            const ac = Math.sign(compareScores(a, c).order);
            if (ab >= 0 && bc >= 0) {
              expect(ac).toBeGreaterThanOrEqual(0);
              if (ab > 0 || bc > 0) {
                expect(ac).toBeGreaterThan(0);
              }
            }
            if (ab <= 0 && bc <= 0) {
              expect(ac).toBeLessThanOrEqual(0);
            }
          }),
          { numRuns: 500 },
        );
      });
    });
  });

  describe('.resolve() and .explain()', () => {
    describe('having generated registrations, a selection and a capability request', () => {
      it('resolves to the first ranked entry of the explanation', () => {
        const unhealthyArb = fc.oneof(fc.constant([] as string[]), fc.subarray<string>([...PROVIDERS]));
        fc.assert(
          fc.property(fc.array(specArb, { maxLength: 12 }), selectionArb, requestedArb, fc.boolean(), unhealthyArb, (specs, selection, requested, requireAll, unhealthy) => {
            const resolver = newResolver();
            for (const spec of specs) {
              registerSpec(resolver, spec);
            }
            resolver.setSelection('adapter', 'cache', selection);
            for (const provider of unhealthy) {
              resolver.setHealth('adapter', 'cache', provider, false, 'circuit open');
            }

            const plain = resolver.explain('adapter', 'cache');
            expect(identity(resolver.resolve('adapter', 'cache'))).toBe(explainedIdentity(plain.ranked[0]));
            expect(resolver.resolve('adapter', 'cache')?.provider ?? null).toBe(plain.winner);

            const request = { capabilities: requested, requireAll };
            const explained = resolver.explain('adapter', 'cache', request);
            expect(identity(resolver.resolve('adapter', 'cache', request))).toBe(explainedIdentity(explained.ranked[0]));
            expect(resolver.resolve('adapter', 'cache', request)?.provider ?? null).toBe(explained.winner);
            expect(explained.ranked.length + explained.filtered.length).toBe(resolver.registry.count('adapter', 'cache'));

            // resolve(provider) is the best-ranked candidate of that provider (health does not apply):
            // without health marks, its first entry in the explanation.
            const capabilities = normaliseCapabilities(requested);
            for (const provider of [...PROVIDERS, 'ghost']) {
              const resolved = resolver.resolve('adapter', 'cache', { ...request, provider });
              const own = resolver.registry.list('adapter', 'cache').filter((candidate) => candidate.provider === provider);
              expect(resolved).toBe(rankCandidates(own, selection, capabilities, requireAll).ranked[0]?.candidate);
              if (unhealthy.length === 0) {
                expect(identity(resolved)).toBe(explainedIdentity(explained.ranked.find((entry) => entry.provider === provider)));
              }
            }
            expect(JSON.parse(JSON.stringify(explained))).toEqual(explained);
          }),
          { numRuns: 300 },
        );
      });
    });
  });

  describe('registration order', () => {
    describe('having two candidates registered in either order', () => {
      it('decides their relative order only when selection, capabilities, priority and stack level all tie', () => {
        const twoArb = fc.record({
          a: fc.record({ priority: fc.integer({ min: 0, max: 1 }), stackLevel: fc.integer({ min: 0, max: 1 }), capabilities: fc.subarray(['read', 'write']) }),
          b: fc.record({ priority: fc.integer({ min: 0, max: 1 }), stackLevel: fc.integer({ min: 0, max: 1 }), capabilities: fc.subarray(['read', 'write']) }),
          selection: fc.option(fc.constantFrom('a', 'b', 'ghost'), { nil: undefined }),
          requested: fc.subarray(['read', 'write']),
          requireAll: fc.boolean(),
        });
        fc.assert(
          fc.property(twoArb, ({ a, b, selection, requested, requireAll }) => {
            const specA: CandidateSpec = { provider: 'a', source: 'local', ...a };
            const specB: CandidateSpec = { provider: 'b', source: 'local', ...b };
            const order = (first: CandidateSpec, second: CandidateSpec): { ranked: string[]; filtered: string[] } => {
              const resolver = newResolver();
              registerSpec(resolver, first);
              registerSpec(resolver, second);
              resolver.setSelection('adapter', 'cache', selection);
              const explanation = resolver.explain('adapter', 'cache', { capabilities: requested, requireAll });
              return {
                ranked: explanation.ranked.map((entry) => entry.provider),
                filtered: explanation.filtered.map((entry) => entry.provider).sort(),
              };
            };
            const aFirst = order(specA, specB);
            const bFirst = order(specB, specA);
            expect(aFirst.filtered).toEqual(bFirst.filtered);

            // The tiers above registration, computed here without the code under test.
            const matched = (capabilities: readonly string[]): number => requested.filter((name) => capabilities.includes(name)).length;
            const tiers = (provider: string, spec: typeof a): number[] =>
              [selection === provider ? 1 : 0, matched(spec.capabilities), spec.priority, spec.stackLevel];
            const comparison = lexicographic(tiers('a', a), tiers('b', b));
            if (aFirst.ranked.length === 2) {
              if (comparison === 0) {
                // A full tie: the later registration wins.
                expect(aFirst.ranked).toEqual(['b', 'a']);
                expect(bFirst.ranked).toEqual(['a', 'b']);
              } else {
                expect(aFirst.ranked).toEqual(bFirst.ranked);
                expect(aFirst.ranked[0]).toBe(comparison > 0 ? 'a' : 'b');
              }
            } else {
              expect(aFirst.ranked).toEqual(bFirst.ranked);
            }
          }),
          { numRuns: 400 },
        );
      });
    });
  });

  describe('winner cache', () => {
    type Command =
      | { readonly type: 'register'; readonly key: string; readonly spec: CandidateSpec }
      | { readonly type: 'unregister'; readonly key: string; readonly provider: string; readonly source: CandidateSource | undefined }
      | { readonly type: 'select'; readonly key: string; readonly provider: string | undefined }
      | { readonly type: 'selectAll'; readonly selections: Readonly<Record<string, string>> }
      | { readonly type: 'resolve'; readonly key: string }
      | { readonly type: 'health'; readonly key: string; readonly provider: string; readonly healthy: boolean }
      | { readonly type: 'resolveRequest'; readonly key: string; readonly requested: string[]; readonly requireAll: boolean };

    const keyArb = fc.constantFrom(...KEYS);
    const commandArb: fc.Arbitrary<Command> = fc.oneof(
      { weight: 4, arbitrary: fc.record({ type: fc.constant('register' as const), key: keyArb, spec: specArb }) },
      {
        weight: 2,
        arbitrary: fc.record({
          type: fc.constant('unregister' as const),
          key: keyArb,
          provider: fc.constantFrom(...PROVIDERS, 'ghost'),
          source: fc.option(sourceArb, { nil: undefined }),
        }),
      },
      { weight: 2, arbitrary: fc.record({ type: fc.constant('select' as const), key: keyArb, provider: selectionArb }) },
      {
        weight: 1,
        arbitrary: fc.record({
          type: fc.constant('selectAll' as const),
          selections: fc.dictionary(keyArb, fc.constantFrom(...PROVIDERS, 'ghost'), { maxKeys: 2 }),
        }),
      },
      { weight: 3, arbitrary: fc.record({ type: fc.constant('resolve' as const), key: keyArb }) },
      {
        weight: 3,
        // 'winner' targets the model's current winner of the key, the case the cache must notice.
        arbitrary: fc.record({ type: fc.constant('health' as const), key: keyArb, provider: fc.constantFrom(...PROVIDERS, 'winner'), healthy: fc.boolean() }),
      },
      {
        weight: 1,
        arbitrary: fc.record({ type: fc.constant('resolveRequest' as const), key: keyArb, requested: requestedArb, requireAll: fc.boolean() }),
      },
    );

    /** An independent model of the registry: identity -> candidate, with the registry's sequence. */
    interface ModelEntry extends CandidateSpec {
      readonly key: string;
      readonly sequence: number;
    }

    /** Unhealthy providers are left out, unless that leaves nothing (then health is ignored). */
    function healthyOnly<T extends { readonly provider: string }>(entries: readonly T[], unhealthy: ReadonlySet<string>): readonly T[] {
      const healthy = entries.filter((entry) => !unhealthy.has(entry.provider));
      return healthy.length === 0 ? entries : healthy;
    }

    function modelWinner(entries: readonly ModelEntry[], key: string, selection: string | undefined): ModelEntry | undefined {
      let best: ModelEntry | undefined;
      const rank = (entry: ModelEntry): number[] =>
        [selection === entry.provider ? 1 : 0, 0, entry.priority, entry.stackLevel, entry.sequence];
      for (const entry of entries) {
        if (entry.key === key && (best === undefined || lexicographic(rank(entry), rank(best)) > 0)) {
          best = entry;
        }
      }
      return best;
    }

    describe('having any sequence of registrations, unregistrations, selections, health marks and resolutions', () => {
      it('resolves every key to the winner computed from scratch', () => {
        fc.assert(
          // Checking after every step keeps the cache warm before each change (the incremental path);
          // checking only on `resolve` commands leaves it cold or stale for longer.
          fc.property(fc.array(commandArb, { maxLength: 40, size: 'max' }), fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }), (commands, checkEveryStep) => {
            const resolver = newResolver();
            const model = new Map<string, ModelEntry>();
            const unhealthyByKey = new Map<string, Set<string>>(KEYS.map((key) => [key, new Set<string>()]));
            let sequence = 0;

            const check = (key: string): void => {
              const listed = resolver.registry.list('adapter', key);
              const modelled = [...model.values()].filter((entry) => entry.key === key).sort((x, y) => x.sequence - y.sequence);
              expect(listed.map((c) => `${c.provider}/${c.source}#${c.sequence}:${c.priority}:${c.stackLevel}`))
                .toEqual(modelled.map((e) => `${e.provider}/${e.source}#${e.sequence}:${e.priority}:${e.stackLevel}`));
              const selection = resolver.selection('adapter', key);
              const unhealthy = unhealthyByKey.get(key) ?? new Set<string>();
              expect(new Set(resolver.unhealthy('adapter', key).keys())).toEqual(unhealthy);
              const resolved = resolver.resolve('adapter', key);
              // From scratch over the registry (minus unhealthy providers), as the cache promises.
              const eligible = healthyOnly(listed, unhealthy);
              expect(resolved).toBe(pickWinner(eligible, selection));
              expect(resolved).toBe(rankCandidates(eligible, selection, [], true).ranked[0]?.candidate);
              // And against the independent model.
              const expected = modelWinner(healthyOnly(modelled, unhealthy), key, selection);
              expect(identity(resolved)).toBe(expected === undefined ? null : `${expected.provider}/${expected.source}#${expected.sequence}`);
            };

            for (const command of commands) {
              switch (command.type) {
                case 'register': {
                  sequence += 1;
                  const stored = registerSpec(resolver, command.spec, command.key);
                  expect(stored.sequence).toBe(sequence);
                  const id = `${command.key}/${command.spec.provider}/${command.spec.source}`;
                  model.delete(id);
                  model.set(id, { ...command.spec, key: command.key, sequence });
                  break;
                }
                case 'unregister': {
                  const removed = resolver.unregister('adapter', command.key, command.provider, command.source);
                  let expectedRemoved = 0;
                  for (const [id, entry] of model) {
                    if (entry.key === command.key && entry.provider === command.provider && (command.source === undefined || entry.source === command.source)) {
                      model.delete(id);
                      expectedRemoved += 1;
                    }
                  }
                  expect(removed).toHaveLength(expectedRemoved);
                  break;
                }
                case 'select':
                  resolver.setSelection('adapter', command.key, command.provider);
                  break;
                case 'selectAll':
                  resolver.setSelections('adapter', command.selections);
                  expect(resolver.selections('adapter')).toEqual(command.selections);
                  break;
                case 'resolve':
                  check(command.key);
                  break;
                case 'health': {
                  const unhealthy = unhealthyByKey.get(command.key) ?? new Set<string>();
                  const modelled = [...model.values()].filter((entry) => entry.key === command.key);
                  const provider = command.provider === 'winner'
                    ? modelWinner(healthyOnly(modelled, unhealthy), command.key, resolver.selection('adapter', command.key))?.provider ?? 'p1'
                    : command.provider;
                  resolver.setHealth('adapter', command.key, provider, command.healthy, 'circuit open');
                  if (command.healthy) {
                    unhealthy.delete(provider);
                  } else {
                    unhealthy.add(provider);
                  }
                  break;
                }
                case 'resolveRequest': {
                  const capabilities = normaliseCapabilities(command.requested);
                  const listed = resolver.registry.list('adapter', command.key);
                  const selection = resolver.selection('adapter', command.key);
                  const eligible = healthyOnly(listed, unhealthyByKey.get(command.key) ?? new Set<string>());
                  expect(resolver.resolve('adapter', command.key, { capabilities: command.requested, requireAll: command.requireAll }))
                    .toBe(pickWinner(eligible, selection, capabilities, command.requireAll));
                  break;
                }
              }
              if (checkEveryStep) {
                KEYS.forEach(check);
              }
            }
            KEYS.forEach(check);
          }),
          { numRuns: 300 },
        );
      });
    });
  });
});
