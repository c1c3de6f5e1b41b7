/** Reads a manifest timestamp; times without a zone are UTC, as in the Python original. */

const ZONE = /(?:Z|[+-]\d{2}:?\d{2})$/i;
const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/i;

/** Milliseconds since the epoch, or undefined for text that is not an ISO 8601 date-time. */
export function parseTimestamp(text: string): number | undefined {
  if (!ISO.test(text)) {
    return undefined;
  }
  const withZone = ZONE.test(text) || !text.includes(':') ? text : `${text}Z`;
  const time = Date.parse(withZone.length === 10 ? `${withZone}T00:00:00Z` : withZone);
  return Number.isNaN(time) ? undefined : time;
}
