/** The one way Oneiric turns anything thrown into text for a message or a log line. */

/**
 * The message of an `Error`, or the string form of anything else that was thrown (a string, a
 * number, a rejected promise's plain value).
 */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
