// Tests of acceptEntries: valid entries are kept with their fingerprint, invalid and repeated ones refused.
import type { ManifestEntry } from '../models/manifestEntry.js';
import { acceptEntries } from './acceptEntries.js';
import { canonicalJson } from './canonicalJson.js';

const ALLOWLIST = ['@acme/providers'];

function entry(fields: Partial<ManifestEntry> & { provider: string }): ManifestEntry {
  return { domain: 'adapter', key: 'cache', factory: '@acme/providers:Cache', ...fields } as ManifestEntry;
}

describe('acceptEntries', () => {
  it('keeps a valid entry with its factory and the canonical JSON of its signed form as fingerprint', () => {
    const plain = { domain: 'adapter', key: 'cache', provider: 'redis', factory: '@acme/providers:Cache', priority: 1 };

    const { accepted, refused } = acceptEntries([entry({ provider: 'redis', priority: 1 })], [plain], ALLOWLIST);

    expect(refused).toEqual([]);
    expect(accepted).toMatchObject([{ id: 'adapter:cache:redis', index: 0, fingerprint: canonicalJson(plain), exportName: 'Cache', specifier: '@acme/providers' }]);
  });

  it('refuses an invalid entry with the validator\'s kind and keeps the rest, because one bad entry must not block a manifest', () => {
    const entries = [entry({ provider: 'good' }), entry({ provider: 'off-list', factory: 'left-pad:Cache' }), entry({ provider: 'loud', priority: 5000 })];

    const { accepted, refused } = acceptEntries(entries, [{}, {}, {}], ALLOWLIST);

    expect(accepted.map((item) => item.id)).toEqual(['adapter:cache:good']);
    expect(refused.map(({ index, kind }) => ({ index, kind }))).toEqual([{ index: 1, kind: 'factoryRefused' }, { index: 2, kind: 'invalidEntry' }]);
  });

  it('uses the first listing of an id listed twice and refuses the second as invalidEntry', () => {
    const { accepted, refused } = acceptEntries([entry({ provider: 'redis', priority: 1 }), entry({ provider: 'redis', priority: 2 })], [{ first: true }, { second: true }], ALLOWLIST);

    expect(accepted).toMatchObject([{ index: 0, fingerprint: canonicalJson({ first: true }) }]);
    expect(refused).toEqual([{ id: 'adapter:cache:redis', index: 1, kind: 'invalidEntry', reason: 'listed twice; the first listing is used' }]);
  });
});
