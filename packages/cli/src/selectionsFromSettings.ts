// Picks the per-domain selections (tier 1 of precedence) out of loaded settings.
import { DOMAINS, sectionForDomain, type OneiricSettings, type SelectionsByDomain } from '@oneiric/core';

/**
 * The selections of every domain, keyed by singular domain as `Oneiric.applySelections` takes
 * them: `settings.adapters.selections` becomes `adapter`, and so on. Every domain is present
 * (possibly empty) so applying them replaces any earlier selections rather than merging.
 */
export function selectionsFromSettings(settings: OneiricSettings): SelectionsByDomain {
  const selections: Partial<Record<(typeof DOMAINS)[number], Readonly<Record<string, string>>>> = {};
  for (const domain of DOMAINS) {
    selections[domain] = { ...settings[sectionForDomain(domain)].selections };
  }
  return selections;
}
