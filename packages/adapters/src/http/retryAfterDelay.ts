/** The wait a server asks for in its Retry-After header, for the next retry. */

/**
 * The delay, in milliseconds, a `Retry-After` header value asks for: delta-seconds (`120`) or
 * an HTTP date (`Wed, 21 Oct 2026 07:28:00 GMT`, a date in the past meaning 0), capped at
 * `maxDelayMs` so a server cannot stall the caller for long. `undefined` when there is no
 * header or it is neither form (the client then uses its own backoff).
 * @param value - the header value, if any
 * @param nowMs - the current time (`Date.now()`), injectable for tests
 * @param maxDelayMs - the longest wait honoured
 * @example
 * ```ts
 * retryAfterDelay('2', Date.now(), 5_000); // 2000
 * ```
 */
export function retryAfterDelay(value: string | undefined, nowMs: number, maxDelayMs: number): number | undefined {
  const text = value?.trim();
  if (text === undefined || text === '') {
    return undefined;
  }
  let delayMs: number;
  if (/^\d+$/.test(text)) {
    delayMs = Number(text) * 1_000;
  } else {
    const date = Date.parse(text);
    // An HTTP date names its day and zone; a bare number or word parsed loosely by Date is not one.
    if (Number.isNaN(date) || !/[A-Za-z]{3}/.test(text)) {
      return undefined;
    }
    delayMs = date - nowMs;
  }
  return Math.min(maxDelayMs, Math.max(0, delayMs));
}
