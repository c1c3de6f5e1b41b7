/** The text of a thrown value, for logs, audit lines and the status file. */

/** An error's message, or the thrown value as a string. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
