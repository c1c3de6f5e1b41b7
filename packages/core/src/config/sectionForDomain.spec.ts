// Tests of sectionForDomain: every domain maps to its own plural section.
import { DOMAINS } from '../models/domain.js';
import { LAYER_SECTIONS } from './layerSection.js';
import { sectionForDomain } from './sectionForDomain.js';

describe('sectionForDomain', () => {
  describe('sectionForDomain(domain)', () => {
    describe('for each domain', () => {
      it.each([
        ['adapter', 'adapters'],
        ['service', 'services'],
        ['task', 'tasks'],
        ['event', 'events'],
        ['workflow', 'workflows'],
        ['action', 'actions'],
      ] as const)('maps %s to %s', (domain, section) => {
        expect(sectionForDomain(domain)).toBe(section);
      });

      it('covers the domains one to one, in the same order as the sections', () => {
        expect(DOMAINS.map(sectionForDomain)).toEqual([...LAYER_SECTIONS]);
      });
    });
  });
});
