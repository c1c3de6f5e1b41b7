/** Names a cached artifact after its digest, so a cached file is only ever reused for the same bytes. */
import { sanitiseFileName } from './sanitiseFileName.js';

/**
 * `<sha256>-<sanitised last segment of uri>.mjs`; `.mjs` makes Node load it as an ES module wherever the cache is.
 * @category Calculations
 */
export function artifactFileName(sha256: string, uri: string): string {
  const lastSegment = uri.split(/[?#]/)[0] ?? '';
  const stem = sanitiseFileName(lastSegment).replace(/\.(?:m?js|cjs)$/i, '').slice(0, 60);
  return `${sha256.toLowerCase()}-${stem}.mjs`;
}
