/** The message of anything thrown, without ever throwing itself (a pure calculation). */

/**
 * `error.message` for an Error, else `String(error)`; when even that throws (an object without
 * a prototype, a throwing getter or `toString`), `Object.prototype.toString` of it.
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
