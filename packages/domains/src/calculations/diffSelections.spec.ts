// Unit tests of diffSelections and refusalFor.
import { DomainErrorKind } from '../errors/domainError.js';
import { diffSelections } from './diffSelections.js';
import { refusalFor } from './refusalFor.js';

describe('diffSelections', () => {
  it('reports added, changed and removed keys, sorted, and nothing when equal', () => {
    expect(diffSelections({ a: 'x', b: 'y', c: 'z' }, { a: 'x', b: 'w', d: 'v' })).toEqual([
      { key: 'b', provider: 'w' }, { key: 'c', provider: undefined }, { key: 'd', provider: 'v' },
    ]);
    expect(diffSelections({ a: 'x' }, { a: 'x' })).toEqual([]);
  });
});

describe('refusalFor', () => {
  const state = (paused: boolean, draining: boolean, note: string | null = null) => ({ paused, draining, note, updatedAt: '' });

  it('accepts work when nothing is set or both flags are clear', () => {
    expect(refusalFor('service', 'api', undefined)).toBeUndefined();
    expect(refusalFor('service', 'api', state(false, false, 'kept note'))).toBeUndefined();
  });

  it('names the state (and the note) in the error', () => {
    expect(refusalFor('service', 'api', state(true, false))?.message).toBe('service:api is paused');
    expect(refusalFor('service', 'api', state(false, true))?.kind).toBe(DomainErrorKind.draining);
    expect(refusalFor('service', 'api', state(true, true, 'deploy'))?.message).toBe('service:api is paused and draining (note: deploy)');
  });
});
