// Maps a domain to the settings section that holds its selections.
import type { Domain } from '../models/domain.js';
import type { LayerSection } from './layerSection.js';

// `satisfies` makes adding a domain without a section a compile error rather than an undefined at run time.
const SECTION_BY_DOMAIN = {
  adapter: 'adapters',
  service: 'services',
  task: 'tasks',
  event: 'events',
  workflow: 'workflows',
  action: 'actions',
} as const satisfies Record<Domain, LayerSection>;

/**
 * The settings section of a domain: `adapter` → `adapters`, `service` → `services`, and so on.
 * @param domain - a singular domain name
 * @returns the plural section name under which that domain's selections live
 */
export function sectionForDomain(domain: Domain): LayerSection {
  return SECTION_BY_DOMAIN[domain];
}
