// Tests of mergeLayers: deep merge rules and the provenance of every merged path.
import { mergeLayers } from './mergeLayers.js';
import type { SettingsLayer } from './settingsLayer.js';

const layer = (source: string, values: Record<string, unknown>): SettingsLayer => ({ source, values });

describe('mergeLayers', () => {
  describe('mergeLayers(layers)', () => {
    describe('with nested mappings', () => {
      it('merges key by key at every depth, later layers winning', () => {
        const merged = mergeLayers([
          layer('a.yaml', { app: { name: 'a', environment: 'dev' }, adapters: { selections: { cache: 'redis', queue: 'sqs' } } }),
          layer('b.yaml', { app: { name: 'b' }, adapters: { selections: { cache: 'memory' } } }),
        ]);
        expect(merged.values).toEqual({
          app: { name: 'b', environment: 'dev' },
          adapters: { selections: { cache: 'memory', queue: 'sqs' } },
        });
      });

      it('replaces lists, scalars and null rather than merging into them', () => {
        const merged = mergeLayers([
          layer('a.yaml', { options: { hosts: ['x', 'y'], mode: { fast: true } } }),
          layer('b.yaml', { options: { hosts: ['z'], mode: null } }),
        ]);
        expect(merged.values).toEqual({ options: { hosts: ['z'], mode: null } });
      });

      it('copies its inputs instead of modifying them', () => {
        const lower = { app: { name: 'a' } };
        mergeLayers([layer('a.yaml', lower), layer('b.yaml', { app: { name: 'b' } })]).values['app'] = 'changed';
        expect(lower).toEqual({ app: { name: 'a' } });
      });
    });

    describe('when asked where a value came from', () => {
      it('names the layer that last set each path, and "defaults" for untouched ones', () => {
        const merged = mergeLayers([
          layer('a.yaml', { app: { name: 'a', debug: 'x' } }),
          layer('b.yaml', { app: { name: 'b' } }),
        ]);
        expect(merged.originOf(['app', 'name'])).toEqual({ source: 'b.yaml' });
        expect(merged.originOf(['app', 'debug'])).toEqual({ source: 'a.yaml' });
        expect(merged.originOf(['lifecycle', 'hook_timeout_ms'])).toEqual({ source: 'defaults' });
      });

      it('forgets the lower layer\'s paths when a scalar replaces a mapping', () => {
        const merged = mergeLayers([
          layer('a.yaml', { app: { name: 'a' } }),
          layer('b.yaml', { app: 'flat' }),
        ]);
        expect(merged.originOf(['app'])).toEqual({ source: 'b.yaml' });
        expect(merged.originOf(['app', 'name'])).toEqual({ source: 'b.yaml' });
      });

      it('keeps map keys that contain dots distinct from nested paths', () => {
        const merged = mergeLayers([
          layer('a.yaml', { adapters: { selections: { 'cache.primary': 'redis' } } }),
          layer('b.yaml', { adapters: { selections: { cache: 'memory' } } }),
        ]);
        expect(merged.originOf(['adapters', 'selections', 'cache.primary'])).toEqual({ source: 'a.yaml' });
      });

      it('adds the environment variable when the layer can name it', () => {
        const env: SettingsLayer = { source: 'environment', values: { app: { name: 'e' } }, variableAt: () => 'ONEIRIC_APP__NAME' };
        expect(mergeLayers([env]).originOf(['app', 'name'])).toEqual({ source: 'environment', variable: 'ONEIRIC_APP__NAME' });
      });
    });
  });
});
