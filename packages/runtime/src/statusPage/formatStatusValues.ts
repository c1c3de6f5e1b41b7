/** How the status page writes durations, instants and ages (pure calculations). */

const SECOND_MS = 1_000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** `0.4 ms`, `12 ms`, `1.5 s`, `2.0 min`; an unknown duration is `—`. */
export function formatDurationMs(durationMs: number | null): string {
  if (durationMs === null || !Number.isFinite(durationMs) || durationMs < 0) {
    return '—';
  }
  if (durationMs < 10) {
    return `${durationMs.toFixed(1)} ms`;
  }
  if (durationMs < SECOND_MS) {
    return `${String(Math.round(durationMs))} ms`;
  }
  if (durationMs < MINUTE_MS) {
    return `${(durationMs / SECOND_MS).toFixed(1)} s`;
  }
  return `${(durationMs / MINUTE_MS).toFixed(1)} min`;
}

/** `12 s ago`, `3 min ago`, `5 h ago`, `2 d ago`; an instant after `now` (clock skew) counts as now. */
export function formatAge(elapsedMs: number): string {
  const age = Math.max(0, elapsedMs);
  if (age < MINUTE_MS) {
    return `${String(Math.floor(age / SECOND_MS))} s ago`;
  }
  if (age < HOUR_MS) {
    return `${String(Math.floor(age / MINUTE_MS))} min ago`;
  }
  if (age < DAY_MS) {
    return `${String(Math.floor(age / HOUR_MS))} h ago`;
  }
  return `${String(Math.floor(age / DAY_MS))} d ago`;
}

/**
 * An instant in UTC with its age: `14:16:47 (12 s ago)` on the day of `now`, with the date on
 * another day (`2026-12-06 14:16:47 (1 d ago)`). Undefined is `never`; an unparsable text is
 * shown as it came.
 */
export function formatInstant(instant: string | undefined, now: string): string {
  if (instant === undefined) {
    return 'never';
  }
  const at = Date.parse(instant);
  const nowMs = Date.parse(now);
  if (Number.isNaN(at) || Number.isNaN(nowMs)) {
    return instant;
  }
  const iso = new Date(at).toISOString();
  const sameDay = iso.slice(0, 10) === new Date(nowMs).toISOString().slice(0, 10);
  const clock = iso.slice(11, 19);
  return `${sameDay ? clock : `${iso.slice(0, 10)} ${clock}`} (${formatAge(nowMs - at)})`;
}
