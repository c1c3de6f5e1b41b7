/** The one way Oneiric turns anything thrown into text for a message or a log line. */

/**
 * The message of an `Error`, or the string form of anything else that was thrown (a string, a
 * number, a rejected promise's plain value). Never throws itself: when even that fails (an
 * object without a prototype, a throwing getter or `toString`), `Object.prototype.toString` of
 * it, else `unknown error`.
 */
export function messageOf(error: unknown): string {
  try {
    return error instanceof Error ? String(error.message) : String(error);
  } catch {
    try {
      return String(Object.prototype.toString.call(error));
    } catch {
      return 'unknown error';
    }
  }
}
