/** Parses a cron expression with croner (the project's one cron implementation) into the values each field allows. */
import { CronPattern } from 'croner';
import { DomainError, DomainErrorKind } from '../errors/domainError.js';
import { messageOf } from '@oneiric/core/internal';

/**
 * A parsed cron expression; every set holds the allowed values of its field.
 * @category Calculations
 */
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

const FIELD_NAMES = ['second', 'minute', 'hour', 'day of month', 'month', 'day of week'] as const;
const FIELD_RANGES = ['0-59', '0-59', '0-23', '1-31', '1-12', '0-7'] as const;

/**
 * Parses `minute hour day-of-month month day-of-week`, or the same with a leading seconds
 * field (6 fields, so a task can run every second). Each field is `*`, a number, a range
 * `a-b`, a step `* /n` or `a-b/n` (without the space), or a comma list of those; croner's
 * extensions (month and weekday names, `L`, `#`, `W`) are accepted too.
 * @throws DomainError `invalidSchedule` naming the field and the expression
 * @category Calculations
 */
export function parseCron(expression: string): CronSchedule {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5 && parts.length !== 6) {
    throw invalid(expression, `expected 5 or 6 fields, got ${parts.length}`);
  }
  const withSeconds = parts.length === 6 ? parts : ['0', ...parts];
  const pattern = patternOf(expression, withSeconds);
  return {
    expression,
    seconds: flagged(pattern.second, 0),
    minutes: flagged(pattern.minute, 0),
    hours: flagged(pattern.hour, 0),
    daysOfMonth: flagged(pattern.day, 1),
    months: flagged(pattern.month, 1),
    // croner keeps 7 as its own slot in some versions; Sunday is 0 here either way.
    daysOfWeek: new Set([...flagged(pattern.dayOfWeek, 0)].map((day) => (day === 7 ? 0 : day))),
    isDayOfMonthRestricted: !pattern.starDOM,
    isDayOfWeekRestricted: !pattern.starDOW,
  };
}

// Croner's own message does not say which field was wrong: on failure each field is tried alone to name it.
function patternOf(expression: string, fields: readonly string[]): CronPattern {
  try {
    return new CronPattern(fields.join(' '), 'UTC', { mode: '6-part' });
  } catch (error) {
    const reason = messageOf(error);
    const index = fields.findIndex((field, at) => !isValidAlone(field, at));
    if (index < 0) {
      throw invalid(expression, reason);
    }
    throw invalid(expression, `bad ${FIELD_NAMES[index]} field "${fields[index]}": outside ${FIELD_RANGES[index]} or has a bad range or step (${reason})`);
  }
}

function isValidAlone(field: string, index: number): boolean {
  const probe = ['0', '0', '0', '*', '*', '*'];
  probe[index] = field;
  try {
    new CronPattern(probe.join(' '), 'UTC', { mode: '6-part' });
    return true;
  } catch {
    return false;
  }
}

// croner stores each field as flags indexed from the field's first value; nth-weekday entries hold a non-zero code.
function flagged(flags: readonly number[], firstValue: number): Set<number> {
  const values = new Set<number>();
  flags.forEach((flag, index) => {
    if (flag !== 0) {
      values.add(index + firstValue);
    }
  });
  return values;
}

function invalid(expression: string, why: string): DomainError {
  return new DomainError(DomainErrorKind.invalidSchedule, `Invalid cron expression "${expression}": ${why}`);
}
