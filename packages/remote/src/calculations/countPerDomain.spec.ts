// Tests of countPerDomain: entries in use per domain, new entries that failed to load left out.
import type { AcceptedEntry } from '../models/acceptedEntry.js';
import type { ManifestEntry } from '../models/manifestEntry.js';
import { countPerDomain } from './countPerDomain.js';

function accepted(id: string, domain: string): AcceptedEntry {
  return { id, index: 0, fingerprint: id, entry: { domain, key: 'k', provider: id } as ManifestEntry, exportName: 'X', specifier: 'm' };
}

describe('countPerDomain', () => {
  it('counts each domain, leaving out entries that were not loaded', () => {
    const entries = [accepted('a', 'adapter'), accepted('b', 'adapter'), accepted('c', 'service'), accepted('d', 'service')];

    expect(countPerDomain(entries, new Set(['d']))).toEqual({ adapter: 2, service: 1 });
  });

  it('leaves out a domain whose every entry failed', () => {
    expect(countPerDomain([accepted('a', 'task')], new Set(['a']))).toEqual({});
  });
});
