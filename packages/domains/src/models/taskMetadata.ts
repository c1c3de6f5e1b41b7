/** The scheduling fields a `@Task` may declare in its `metadata`. */

/**
 * Put these in `@Task(key, provider, { metadata: { ... } })`; configuration
 * (`tasks.options.schedules.<key>`) may set or override them.
 * @example
 * ```ts
 * @Task('report', 'default', { metadata: { cron: '0 7 * * 1-5' } })
 * class Report { async run() { return 'sent'; } }
 * ```
 * @category Models
 */
export interface TaskMetadata {
  /** A cron expression: 5 fields (minute first), or 6 with seconds first (`* * * * * *` is every second). */
  readonly cron?: string;
  /** A fixed interval between runs, in milliseconds. */
  readonly intervalMs?: number;
  /** Allow a scheduled run to start while the previous one is still running (default false). */
  readonly allowOverlap?: boolean;
  /**
   * Time allowed for one run, in milliseconds (default 60 000, or the task bridge's
   * `timeoutMs`): a longer run fails with a TimeoutError and counts as finished for the
   * scheduler's overlap rule. Read from the task's own metadata.
   */
  readonly timeoutMs?: number;
}
