// Tests of isStaleRemoteProvider: after a failed activation, which live remote providers fail closed.
import type { Candidate } from '@oneiric/core';
import type { ListedEntry } from '../models/listedEntry.js';
import { isStaleRemoteProvider } from './isStaleRemoteProvider.js';

const listed: ListedEntry = { domain: 'adapter', key: 'cache', provider: 'remote-redis' };

function live(fields: { provider?: string; source?: Candidate['source']; serial?: number } = {}): Pick<Candidate, 'provider' | 'source' | 'metadata'> {
  return { provider: fields.provider ?? 'remote-redis', source: fields.source ?? 'remote-manifest', metadata: { manifestSerial: fields.serial ?? 7 } };
}

describe('isStaleRemoteProvider', () => {
  it('is stale when the manifest no longer lists the live remote provider (retracted)', () => {
    expect(isStaleRemoteProvider(live(), listed, false, 7)).toBe(true);
  });

  it('is stale when the live instance comes from an earlier serial (replaced by an entry that failed to activate)', () => {
    expect(isStaleRemoteProvider(live({ serial: 6 }), listed, true, 7)).toBe(true);
  });

  it('is not stale when the live instance is the listed entry of this serial', () => {
    expect(isStaleRemoteProvider(live(), listed, true, 7)).toBe(false);
  });

  it('never touches nothing live, another provider, or a provider from another source', () => {
    expect(isStaleRemoteProvider(undefined, listed, false, 7)).toBe(false);
    expect(isStaleRemoteProvider(live({ provider: 'memory' }), listed, false, 7)).toBe(false);
    expect(isStaleRemoteProvider(live({ source: 'package' }), listed, false, 7)).toBe(false);
  });
});
