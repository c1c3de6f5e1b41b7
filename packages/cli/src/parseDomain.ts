// Validates the --domain option: case-insensitive, one of the six core domains.
import type { Domain } from '@oneiric/core';
import { DOMAIN_NAMES } from './domainNames.js';
import { UsageError } from './usageError.js';

/**
 * The domain named by a `--domain` value, compared case-insensitively (as the Python CLI did);
 * `adapter` when the option is absent.
 * @throws UsageError `invalidDomain` listing the accepted domains
 */
export function parseDomain(value: string | undefined): Domain {
  if (value === undefined) {
    return 'adapter';
  }
  const normalised = value.trim().toLowerCase();
  const domain = DOMAIN_NAMES.find((name) => name === normalised);
  if (domain === undefined) {
    throw new UsageError(
      'invalidDomain',
      `unknown domain ${JSON.stringify(value)} (expected one of: ${DOMAIN_NAMES.join(', ')})`,
      { domain: value },
    );
  }
  return domain;
}
