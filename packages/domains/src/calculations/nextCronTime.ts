/** Plans the next time a cron schedule fires (a pure calculation, in UTC). */
import type { CronSchedule } from './parseCron.js';

// Far enough for any valid schedule (Feb 29 on a Monday recurs within 28 years) yet bounded.
const HORIZON_MS = 30 * 366 * 24 * 3600 * 1000;

/**
 * The first instant strictly after `afterMs` (epoch milliseconds) that the schedule allows,
 * at a whole second, in UTC; undefined when none exists within 30 years (e.g. `0 0 31 2 *`).
 * Fields are skipped from the largest down, so the search takes a few hundred steps at most.
 */
export function nextCronTime(schedule: CronSchedule, afterMs: number): number | undefined {
  const date = new Date(Math.floor(afterMs / 1000) * 1000 + 1000);
  const limit = afterMs + HORIZON_MS;
  while (date.getTime() <= limit) {
    if (!schedule.months.has(date.getUTCMonth() + 1)) {
      date.setUTCMonth(date.getUTCMonth() + 1, 1);
      date.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!dayMatches(schedule, date)) {
      date.setUTCDate(date.getUTCDate() + 1);
      date.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!schedule.hours.has(date.getUTCHours())) {
      date.setUTCHours(date.getUTCHours() + 1, 0, 0, 0);
      continue;
    }
    if (!schedule.minutes.has(date.getUTCMinutes())) {
      date.setUTCMinutes(date.getUTCMinutes() + 1, 0, 0);
      continue;
    }
    if (!schedule.seconds.has(date.getUTCSeconds())) {
      date.setUTCSeconds(date.getUTCSeconds() + 1, 0);
      continue;
    }
    return date.getTime();
  }
  return undefined;
}

// Classic cron: when both day fields are restricted, a day matching either one fires.
function dayMatches(schedule: CronSchedule, date: Date): boolean {
  const byMonthDay = schedule.daysOfMonth.has(date.getUTCDate());
  const byWeekDay = schedule.daysOfWeek.has(date.getUTCDay());
  if (schedule.isDayOfMonthRestricted && schedule.isDayOfWeekRestricted) {
    return byMonthDay || byWeekDay;
  }
  return byMonthDay && byWeekDay;
}
