/** The identity of a manifest entry inside a manifest: what retraction and change detection compare. */

/**
 * `domain:key:provider`.
 * @category Calculations
 */
export function entryId(entry: { readonly domain: string; readonly key: string; readonly provider: string }): string {
  return `${entry.domain}:${entry.key}:${entry.provider}`;
}
