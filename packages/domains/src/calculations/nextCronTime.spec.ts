// Unit tests of parseCron and nextCronTime: fields, ranges, steps, the seconds field, day matching, errors.
import { DomainError, DomainErrorKind } from '../errors/domainError.js';
import { nextCronTime } from './nextCronTime.js';
import { parseCron } from './parseCron.js';

const at = (iso: string): number => Date.parse(iso);
const next = (expression: string, after: string): string | undefined => {
  const time = nextCronTime(parseCron(expression), at(after));
  return time === undefined ? undefined : new Date(time).toISOString();
};

describe('parseCron', () => {
  it('reads 5 fields with seconds 0, and 6 fields with seconds first', () => {
    expect([...parseCron('*/15 * * * *').minutes]).toEqual([0, 15, 30, 45]);
    expect([...parseCron('*/15 * * * *').seconds]).toEqual([0]);
    expect(parseCron('* * * * * *').seconds.size).toBe(60);
  });

  it('reads ranges, steps over ranges, lists, and 7 as Sunday', () => {
    const schedule = parseCron('0 9-17/4 1,15 1-3 7');
    expect([...schedule.hours]).toEqual([9, 13, 17]);
    expect([...schedule.daysOfMonth]).toEqual([1, 15]);
    expect([...schedule.months]).toEqual([1, 2, 3]);
    expect([...schedule.daysOfWeek]).toEqual([0]);
  });

  it.each([
    ['* * * *', 'expected 5 or 6 fields, got 4'],
    ['60 * * * *', 'minute field "60"'],
    ['* * * 13 *', 'month field "13"'],
    ['*/0 * * * *', 'bad range or step'],
    ['a * * * *', 'bad minute field "a"'],
    ['5-1 * * * *', 'bad range or step'],
  ])('rejects %s with invalidSchedule naming the problem', (expression, why) => {
    // each has a field out of range or not cron syntax.
    let caught: unknown;
    try {
      parseCron(expression);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect((caught as DomainError).kind).toBe(DomainErrorKind.invalidSchedule);
    expect((caught as DomainError).message).toContain(why);
  });
});

describe('nextCronTime', () => {
  it('fires every second at the next whole second', () => {
    expect(next('* * * * * *', '2026-01-01T00:00:00.400Z')).toBe('2026-01-01T00:00:01.000Z');
    expect(next('* * * * * *', '2026-01-01T00:00:01.000Z')).toBe('2026-01-01T00:00:02.000Z');
  });

  it('fires at the next matching minute, hour, day and month', () => {
    expect(next('*/15 * * * *', '2026-01-01T10:07:30Z')).toBe('2026-01-01T10:15:00.000Z');
    expect(next('30 7 * * *', '2026-01-01T08:00:00Z')).toBe('2026-01-02T07:30:00.000Z');
    expect(next('0 0 1 3 *', '2026-03-01T00:00:00Z')).toBe('2027-03-01T00:00:00.000Z');
    expect(next('0 0 29 2 *', '2026-01-01T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
  });

  it('matches either day field when both are restricted, as classic cron does', () => {
    // 2026-01-02 is a Friday: day-of-week 5 matches before the 15th.
    expect(next('0 12 15 * 5', '2026-01-01T00:00:00Z')).toBe('2026-01-02T12:00:00.000Z');
    // only day-of-week restricted: Mondays.
    expect(next('0 12 * * 1', '2026-01-01T00:00:00Z')).toBe('2026-01-05T12:00:00.000Z');
  });

  it('returns undefined for a date that never exists', () => {
    expect(next('0 0 31 2 *', '2026-01-01T00:00:00Z')).toBeUndefined();
  });
});
