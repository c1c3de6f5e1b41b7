/** Removes passwords from connection URLs before they reach a message or a log. */

/** The URL without its password (`redis://user:***@host`), for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}
