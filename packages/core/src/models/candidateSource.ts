/** Where a candidate came from; part of a candidate's identity next to domain, key and provider. */

/**
 * Every candidate source.
 * @category Models
 */
export const CANDIDATE_SOURCES = ['local', 'package', 'plugin', 'remote-manifest', 'manual'] as const;

/**
 * Origin of a candidate: `local` (registered from application code), `package` (through
 * `registerPackage`), `plugin`, `remote-manifest`, or `manual`.
 * @category Models
 */
export type CandidateSource = (typeof CANDIDATE_SOURCES)[number];
