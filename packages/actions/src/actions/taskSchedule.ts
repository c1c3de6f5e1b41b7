/** `task.schedule`: plans cron (croner) or interval runs with previews, a window and a run limit; runs nothing. */
import { Cron } from 'croner';
import { IsDateString, IsInt, IsObject, IsString, Max, MaxLength, Min } from 'class-validator';
import { Optional } from '../models/optional.js';
import { actionError, ActionErrorKind } from '../errors/actionError.js';
import type { ActionKitDefinition } from '../models/actionKitDefinition.js';
import type { BuiltinAction } from '../models/actionKit.js';
import { messageOf } from '@oneiric/core/internal';

const KEY = 'task.schedule';
const MAX_PREVIEWS = 50;

/**
 * Payload of `task.schedule`: exactly one of `cron` and `intervalSeconds`.
 * @category Action kits
 */
export class TaskSchedulePayload {
  /** 5 fields (minute first) or 6 (seconds first); `0` and `7` are both Sunday; day of month and day of week are OR-ed. */
  @Optional() @IsString() @MaxLength(256) public cron?: string;
  /** Every N seconds from the window's start. */
  @Optional() @IsInt() @Min(1) @Max(366 * 86_400) public intervalSeconds?: number;
  /** IANA time zone of the cron fields (default UTC). */
  @Optional() @IsString() @MaxLength(64) public timezone?: string;
  /** Plan from this instant (ISO 8601; default now). */
  @Optional() @IsDateString() public from?: string;
  /** Window start: no run before it. */
  @Optional() @IsDateString() public startAt?: string;
  /** Window end: no run at or after it. */
  @Optional() @IsDateString() public endAt?: string;
  /** Runs left in all; the plan stops there. */
  @Optional() @IsInt() @Min(0) public maxRuns?: number;
  /** Upcoming runs to list (default 5, at most 50). */
  @Optional() @IsInt() @Min(1) @Max(MAX_PREVIEWS) public previews?: number;
  /** Handed back unchanged, for the scheduler that acts on the plan. */
  @Optional() @IsObject() public payload?: Record<string, unknown>;
}

/**
 * Result of `task.schedule`.
 * @category Action kits
 */
export interface TaskScheduleResult {
  /** `scheduled` with a next run, `exhausted` when none is left (window over, run limit 0, impossible date). */
  readonly status: 'scheduled' | 'exhausted';
  readonly rule: { readonly type: 'cron'; readonly expression: string; readonly timezone: string } | { readonly type: 'interval'; readonly intervalSeconds: number };
  readonly nextRun: string | null;
  readonly upcomingRuns: readonly string[];
  readonly payload: Record<string, unknown>;
}

/**
 * Plans a schedule.
 * @example
 * ```sh
 * oneiric --import @oneiric/actions action invoke task.schedule --payload '{"cron":"0 9 * * 1-5","previews":3}' --json
 * ```
 * @category Action kits
 */
export class TaskSchedule implements BuiltinAction<TaskSchedulePayload, TaskScheduleResult> {
  /** The payload class. */
  public readonly payloadType = TaskSchedulePayload;

  /** @throws ActionError `invalidPayload` for both or neither rule, a bad expression, time zone or window */
  public async execute(payload: TaskSchedulePayload): Promise<TaskScheduleResult> {
    if ((payload.cron === undefined) === (payload.intervalSeconds === undefined)) {
      throw actionError(ActionErrorKind.invalidPayload, KEY, 'give exactly one of cron and intervalSeconds', 'cron');
    }
    const from = new Date(payload.from ?? Date.now());
    const startAt = payload.startAt === undefined ? undefined : new Date(payload.startAt);
    const endAt = payload.endAt === undefined ? undefined : new Date(payload.endAt);
    if (startAt !== undefined && endAt !== undefined && endAt <= startAt) {
      throw actionError(ActionErrorKind.invalidPayload, KEY, 'endAt must be after startAt', 'endAt');
    }
    const count = Math.min(payload.previews ?? 5, payload.maxRuns ?? MAX_PREVIEWS);
    const window = { from, startAt, endAt };
    const planned = payload.cron === undefined
      ? { rule: { type: 'interval' as const, intervalSeconds: payload.intervalSeconds! }, runs: intervalRuns(payload.intervalSeconds!, window, count) }
      : cronPlan(payload.cron, payload.timezone ?? 'UTC', window, count);
    const upcomingRuns = planned.runs.map((run) => run.toISOString());
    return {
      status: upcomingRuns.length > 0 ? 'scheduled' : 'exhausted', rule: planned.rule,
      nextRun: upcomingRuns[0] ?? null, upcomingRuns, payload: payload.payload ?? {},
    };
  }
}

interface PlanWindow {
  readonly from: Date;
  readonly startAt: Date | undefined;
  readonly endAt: Date | undefined;
}

function intervalRuns(intervalSeconds: number, window: PlanWindow, count: number): Date[] {
  const stepMs = intervalSeconds * 1000;
  const anchorMs = (window.startAt ?? window.from).getTime();
  // The first run strictly after `from` on the grid anchored at the window's start.
  const fromMs = window.from.getTime();
  let nextMs = anchorMs > fromMs ? anchorMs : anchorMs + (Math.floor((fromMs - anchorMs) / stepMs) + 1) * stepMs;
  const runs: Date[] = [];
  while (runs.length < count && (window.endAt === undefined || nextMs < window.endAt.getTime())) {
    runs.push(new Date(nextMs));
    nextMs += stepMs;
  }
  return runs;
}

function cronPlan(expression: string, timezone: string, window: PlanWindow, count: number): Pick<TaskScheduleResult, 'rule'> & { runs: Date[] } {
  const fields = expression.trim().split(/\s+/).length;
  if (fields !== 5 && fields !== 6) {
    throw actionError(ActionErrorKind.invalidPayload, KEY, `cron needs 5 or 6 fields, got ${fields}`, 'cron');
  }
  let job: Cron;
  try {
    // Croner only meets the zone when it computes a date; checked here so a bad zone is a payload error.
    new Intl.DateTimeFormat('en', { timeZone: timezone });
    job = new Cron(expression.trim(), {
      paused: true, timezone, mode: '5-or-6-parts', domAndDow: false,
      ...(window.startAt === undefined ? {} : { startAt: window.startAt }),
      ...(window.endAt === undefined ? {} : { stopAt: window.endAt }),
    });
  } catch (error) {
    throw actionError(ActionErrorKind.invalidPayload, KEY, `cron or timezone is not valid: ${messageOf(error)}`, 'cron', error);
  }
  const runs = count === 0 ? [] : job.nextRuns(count, window.from);
  job.stop();
  return { rule: { type: 'cron', expression: expression.trim(), timezone }, runs };
}

/** Registration entry of `task.schedule`. */
export const taskScheduleKit: ActionKitDefinition = {
  key: KEY,
  description: 'plan cron (croner) or interval runs: previews, window, run limit',
  build: () => new TaskSchedule(),
};
