// Unit tests of matchesFilters and readEnvelopePath: equals, any-of, exists over topic, payload and header paths.
import type { EventEnvelope } from '../models/eventEnvelope.js';
import { matchesFilters } from './matchesFilters.js';

const envelope: EventEnvelope = {
  topic: 'user.created',
  payload: { plan: 'pro', user: { country: 'NL', age: 0 }, nothing: null },
  headers: { eventId: 'e1', timestamp: '2026-01-01T00:00:00.000Z', source: 'test', tenant: 'acme' },
};

describe('matchesFilters', () => {
  it('matches everything without filters', () => {
    expect(matchesFilters(envelope, [])).toBe(true);
  });

  it('reads the topic, payload paths, nested paths, bare payload paths and header paths', () => {
    expect(matchesFilters(envelope, [{ path: 'topic', equals: 'user.created' }])).toBe(true);
    expect(matchesFilters(envelope, [{ path: 'payload.plan', equals: 'pro' }])).toBe(true);
    expect(matchesFilters(envelope, [{ path: 'payload.user.country', equals: 'NL' }])).toBe(true);
    expect(matchesFilters(envelope, [{ path: 'user.age', equals: 0 }])).toBe(true);
    expect(matchesFilters(envelope, [{ path: 'headers.tenant', equals: 'acme' }])).toBe(true);
    expect(matchesFilters(envelope, [{ path: 'headers.tenant', equals: 'other' }])).toBe(false);
  });

  it('matches any-of against a list', () => {
    expect(matchesFilters(envelope, [{ path: 'plan', anyOf: ['free', 'pro'] }])).toBe(true);
    expect(matchesFilters(envelope, [{ path: 'plan', anyOf: ['free'] }])).toBe(false);
  });

  it('reads a scalar any-of as a one-element list: no substring match, no throw for a number', () => {
    // 'pro' as a string once matched 'p' by substring search.
    expect(matchesFilters({ ...envelope, payload: { plan: 'p' } }, [{ path: 'plan', anyOf: 'pro' as never }])).toBe(false);
    expect(matchesFilters(envelope, [{ path: 'plan', anyOf: 'pro' as never }])).toBe(true);
    // a number has no includes(): it used to throw a TypeError.
    expect(matchesFilters(envelope, [{ path: 'user.age', anyOf: 0 as never }])).toBe(true);
    expect(matchesFilters(envelope, [{ path: 'user.age', anyOf: 1 as never }])).toBe(false);
  });

  it('tells an absent path from one holding null with exists', () => {
    expect(matchesFilters(envelope, [{ path: 'nothing', exists: true }])).toBe(true);
    expect(matchesFilters(envelope, [{ path: 'missing', exists: false }])).toBe(true);
    expect(matchesFilters(envelope, [{ path: 'missing', exists: true }])).toBe(false);
    expect(matchesFilters(envelope, [{ path: 'plan', exists: false }])).toBe(false);
  });

  it('never matches equals or any-of on an absent path, even against null', () => {
    expect(matchesFilters(envelope, [{ path: 'missing', equals: null }])).toBe(false);
    expect(matchesFilters(envelope, [{ path: 'missing.deeper', anyOf: [null] }])).toBe(false);
  });

  it('requires every filter (AND) and skips entries without a string path', () => {
    expect(matchesFilters(envelope, [{ path: 'plan', equals: 'pro' }, { path: 'user.country', equals: 'DE' }])).toBe(false);
    expect(matchesFilters(envelope, [{ equals: 'x' } as never, { path: 'plan', equals: 'pro' }])).toBe(true);
  });
});
