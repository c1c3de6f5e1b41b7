// Tests of defaultSettings: the documented defaults, returned as a fresh object each time.
import { defaultSettings } from './defaultSettings.js';
import { LAYER_SECTIONS } from './layerSection.js';

describe('defaultSettings', () => {
  describe('defaultSettings()', () => {
    describe('called with nothing configured', () => {
      it('returns the documented defaults', () => {
        const settings = defaultSettings();
        expect(settings.config_dir).toBe('settings');
        expect(settings.cache_dir).toBe('.oneiric_cache');
        expect(settings.app).toEqual({ name: 'oneiric', environment: 'development', debug: false });
        expect(settings.logging).toEqual({ level: 'warn', json: true });
        expect(settings.lifecycle).toEqual({
          activation_timeout_ms: 30000, health_timeout_ms: 5000, cleanup_timeout_ms: 10000, hook_timeout_ms: 5000, drain_timeout_ms: 10000,
          circuit_breaker: {
            enabled: false, guarded: ['adapter'], call_timeout_ms: 10000, error_threshold_percentage: 50,
            volume_threshold: 5, rolling_count_timeout_ms: 10000, reset_timeout_ms: 30000,
          },
        });
        for (const section of LAYER_SECTIONS) {
          expect(settings[section]).toEqual({ selections: {}, provider_settings: {}, options: {} });
        }
      });
    });

    describe('called twice', () => {
      it('returns independent objects, so changing one leaves the other intact', () => {
        const first = defaultSettings();
        first.adapters.selections['cache'] = 'redis';
        first.lifecycle.health_timeout_ms = 1;
        const second = defaultSettings();
        expect(second.adapters.selections).toEqual({});
        expect(second.lifecycle.health_timeout_ms).toBe(5000);
      });
    });
  });
});
