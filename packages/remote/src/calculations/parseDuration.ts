/** Reads durations such as `90s`, `15m`, `12h`, `30d`, `2w` (the CLI's `--expires-in`). */

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * Milliseconds, or undefined for text that is not a positive number followed by ms, s, m, h, d or w.
 * @category Calculations
 */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/i.exec(text.trim());
  if (match === null) {
    return undefined;
  }
  const amount = Number(match[1]);
  const unit = UNIT_MS[(match[2] ?? '').toLowerCase()];
  return unit === undefined || amount <= 0 ? undefined : Math.round(amount * unit);
}
