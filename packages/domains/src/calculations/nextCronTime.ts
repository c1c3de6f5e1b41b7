/** Plans the next time a cron schedule fires, in UTC, with croner (the project's one cron implementation). */
import { Cron } from 'croner';
import type { CronSchedule } from './parseCron.js';

// Croner walks the calendar field by field; a bounded horizon keeps impossible dates (`0 0 31 2 *`) cheap.
const HORIZON_MS = 30 * 366 * 24 * 3600 * 1000;

/**
 * The first instant strictly after `afterMs` (epoch milliseconds) that the schedule allows,
 * at a whole second, in UTC; undefined when none exists within 30 years (e.g. `0 0 31 2 *`).
 * Day of month and day of week are OR-ed when both are restricted, as classic cron does.
 * @category Calculations
 */
export function nextCronTime(schedule: CronSchedule, afterMs: number): number | undefined {
  const fields = schedule.expression.trim().split(/\s+/);
  const withSeconds = fields.length === 6 ? fields : ['0', ...fields];
  const job = new Cron(withSeconds.join(' '), { timezone: 'UTC', paused: true, mode: '6-part', domAndDow: false });
  const next = job.nextRun(new Date(afterMs));
  job.stop();
  if (next === null || next.getTime() > afterMs + HORIZON_MS) {
    return undefined;
  }
  return next.getTime();
}
