/** Turns an outside name (a URI's last segment) into a file name that cannot leave the cache directory. */

/**
 * Keeps only the last path segment (after `/` or `\`, percent-decoded), drops NULs and control
 * characters, replaces anything outside `[A-Za-z0-9._-]` with `_`, strips leading dots (no
 * hidden files, no `..`) and caps the length. Empty results become `artifact`.
 * @category Calculations
 */
export function sanitiseFileName(name: string): string {
  let decoded = name;
  try {
    decoded = decodeURIComponent(name);
  } catch {
    // Malformed encodings stay as they are; the character filter below makes them harmless.
  }
  const lastSegment = decoded.split(/[/\\]/).filter((part) => part !== '').pop() ?? '';
  const cleaned = lastSegment
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/^\.+/, '')
    .slice(0, 100);
  return cleaned === '' ? 'artifact' : cleaned;
}
