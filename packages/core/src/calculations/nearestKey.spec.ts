import { nearestKey } from './nearestKey.js';

describe('nearestKey', () => {
  it('suggests the registered key one typo away', () => {
    expect(nearestKey('cahce', ['cache', 'database', 'queue'])).toBe('cache');
  });

  it('ignores case when comparing', () => {
    expect(nearestKey('Mailer', ['mailer', 'cache'])).toBe('mailer');
  });

  it('suggests nothing when no key is a plausible typo', () => {
    expect(nearestKey('payments', ['cache', 'queue'])).toBeUndefined();
  });

  it('suggests nothing when nothing is registered', () => {
    expect(nearestKey('cache', [])).toBeUndefined();
  });
});
