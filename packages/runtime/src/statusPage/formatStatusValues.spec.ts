import { formatAge, formatDurationMs, formatInstant } from './formatStatusValues.js';

describe('formatDurationMs', () => {
  it.each([
    [null, '—'],
    [-1, '—'],
    [Number.NaN, '—'],
    [0.42, '0.4 ms'],
    [9.94, '9.9 ms'],
    [12.4, '12 ms'],
    [999.4, '999 ms'],
    [1_500, '1.5 s'],
    [59_949, '59.9 s'],
    [120_000, '2.0 min'],
  ])('writes %p as %p', (durationMs, text) => {
    expect(formatDurationMs(durationMs)).toBe(text);
  });
});

describe('formatAge', () => {
  it.each([
    [-5_000, '0 s ago'],
    [12_999, '12 s ago'],
    [60_000, '1 min ago'],
    [3_599_999, '59 min ago'],
    [7_200_000, '2 h ago'],
    [2 * 86_400_000 + 5, '2 d ago'],
  ])('writes %p ms as %p', (elapsedMs, text) => {
    expect(formatAge(elapsedMs)).toBe(text);
  });
});

describe('formatInstant', () => {
  const now = '2026-12-07T14:16:47.500Z';

  it('writes an instant of the same UTC day as its clock time and age', () => {
    expect(formatInstant('2026-12-07T14:16:35.100Z', now)).toBe('14:16:35 (12 s ago)');
  });

  it('adds the date for an instant of another day', () => {
    expect(formatInstant('2026-12-06T23:59:59.000Z', now)).toBe('2026-12-06 23:59:59 (14 h ago)');
  });

  it('says never for no instant, and shows an unparsable text as it came', () => {
    expect(formatInstant(undefined, now)).toBe('never');
    expect(formatInstant('yesterday', now)).toBe('yesterday');
  });
});
