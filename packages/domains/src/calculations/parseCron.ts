/** Parses a cron expression into the sets of values each field allows (a pure calculation). */
import { DomainError, DomainErrorKind } from '../errors/domainError.js';

/** A parsed cron expression; every set holds the allowed values of its field. */
export interface CronSchedule {
  /** The expression as given. */
  readonly expression: string;
  /** Seconds 0-59 (just 0 for a 5-field expression). */
  readonly seconds: ReadonlySet<number>;
  /** Minutes 0-59. */
  readonly minutes: ReadonlySet<number>;
  /** Hours 0-23. */
  readonly hours: ReadonlySet<number>;
  /** Days of the month 1-31. */
  readonly daysOfMonth: ReadonlySet<number>;
  /** Months 1-12. */
  readonly months: ReadonlySet<number>;
  /** Days of the week 0-6, Sunday 0 (7 is accepted as Sunday too). */
  readonly daysOfWeek: ReadonlySet<number>;
  /** Day of month was restricted (not `*`): with a restricted day of week, either may match. */
  readonly isDayOfMonthRestricted: boolean;
  /** Day of week was restricted (not `*`). */
  readonly isDayOfWeekRestricted: boolean;
}

const FIELDS = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
] as const;

/**
 * Parses `minute hour day-of-month month day-of-week`, or the same with a leading seconds
 * field (6 fields, so a task can run every second). Each field is `*`, a number, a range
 * `a-b`, a step `* /n` or `a-b/n` (without the space), or a comma list of those.
 * @throws DomainError `invalidSchedule` naming the field and the expression
 */
export function parseCron(expression: string): CronSchedule {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5 && parts.length !== 6) {
    throw invalid(expression, `expected 5 or 6 fields, got ${parts.length}`);
  }
  const withSeconds = parts.length === 6 ? parts : ['0', ...parts];
  const sets = withSeconds.map((part, index) => parseField(expression, part, FIELDS[index]!));
  const daysOfWeek = new Set([...sets[5]!].map((day) => (day === 7 ? 0 : day)));
  return {
    expression,
    seconds: sets[0]!,
    minutes: sets[1]!,
    hours: sets[2]!,
    daysOfMonth: sets[3]!,
    months: sets[4]!,
    daysOfWeek,
    isDayOfMonthRestricted: withSeconds[3] !== '*',
    isDayOfWeekRestricted: withSeconds[5] !== '*',
  };
}

function parseField(expression: string, text: string, field: { name: string; min: number; max: number }): Set<number> {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(item);
    if (match === null) {
      throw invalid(expression, `bad ${field.name} field "${text}"`);
    }
    const isStar = match[1] === '*';
    const start = isStar ? field.min : Number(match[2]);
    // `5/15` means from 5 to the end in steps of 15, as in common cron implementations.
    const end = isStar ? field.max : match[3] !== undefined ? Number(match[3]) : match[4] !== undefined ? field.max : start;
    const step = match[4] === undefined ? 1 : Number(match[4]);
    if (start < field.min || end > field.max || start > end || step < 1) {
      throw invalid(expression, `${field.name} field "${text}" is outside ${field.min}-${field.max} or has a bad range or step`);
    }
    for (let value = start; value <= end; value += step) {
      values.add(value);
    }
  }
  return values;
}

function invalid(expression: string, why: string): DomainError {
  return new DomainError(DomainErrorKind.invalidSchedule, `Invalid cron expression "${expression}": ${why}`);
}
