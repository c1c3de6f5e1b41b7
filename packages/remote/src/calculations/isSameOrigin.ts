/** Decides whether an artifact may receive the manifest's auth header. */

/** Whether both URLs parse and share scheme, host and port; false when either does not parse. */
export function isSameOrigin(uri: string, other: string): boolean {
  try {
    return new URL(uri).origin === new URL(other).origin;
  } catch {
    return false;
  }
}
