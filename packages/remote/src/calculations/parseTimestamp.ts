/** Reads a manifest timestamp strictly (RFC 3339 shape, real calendar values); times without a zone are UTC, as in the Python original. */

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;

/**
 * Milliseconds since the epoch, or undefined for text that is not an RFC 3339 date-time (a date
 * alone is midnight UTC; a missing zone is UTC). Every component must be in range and round-trip
 * through the calendar: `2026-02-31`, `T24:00`, `:60` seconds and `+24:00` offsets are refused.
 * @category Calculations
 */
export function parseTimestamp(text: string): number | undefined {
  const match = DATE_TIME.exec(text);
  if (match === null) {
    return undefined;
  }
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', zulu, sign, offsetHours = '00', offsetMinutes = '00'] = match;
  if (match[4] === undefined && (zulu !== undefined || sign !== undefined)) {
    // A zone needs a time to belong to.
    return undefined;
  }
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (hour > 23 || minute > 59 || second > 59 || Number(offsetHours) > 23 || Number(offsetMinutes) > 59) {
    return undefined;
  }
  const utc = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  utc.setUTCFullYear(year);
  if (utc.getUTCFullYear() !== year || utc.getUTCMonth() !== month - 1 || utc.getUTCDate() !== day) {
    return undefined;
  }
  const milliseconds = fraction === '' ? 0 : Math.floor(Number(`0${fraction}`) * 1000);
  const offsetMs = sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000;
  return utc.getTime() + milliseconds - offsetMs;
}
