/** Turns loaded settings into the options an {@link Oneiric} application is built with. */
import { isAbsolute, resolve } from 'node:path';
import { sectionForDomain } from '../config/sectionForDomain.js';
import type { OneiricSettings } from '../config/oneiricSettings.js';
import { DOMAINS, type Domain } from '../models/domain.js';
import type { OneiricOptions, SelectionsByDomain } from './oneiricOptions.js';

/**
 * Options of {@link optionsFromSettings}.
 * @category Application
 */
export interface OptionsFromSettingsOptions {
  /** Directory a relative `cache_dir` is resolved against (default: the process's cwd). */
  readonly cwd?: string;
  /** Keep statuses in memory instead of `cache_dir` (e.g. for read-only commands). */
  readonly persistStatus?: boolean;
}

/**
 * The six `*.selections` sections, keyed by singular domain.
 * @category Application
 */
export function selectionsFromSettings(settings: OneiricSettings): SelectionsByDomain {
  const selections: Partial<Record<Domain, Readonly<Record<string, string>>>> = {};
  for (const domain of DOMAINS) {
    selections[domain] = { ...settings[sectionForDomain(domain)].selections };
  }
  return selections;
}

/**
 * Selections (tier 1), provider settings (`<domain>s.provider_settings.<provider>`), lifecycle
 * timeouts, circuit breaking and the status directory, from settings. A relative `cache_dir`
 * is resolved against `cwd`, never moved elsewhere.
 * @example
 * ```ts
 * const { settings } = await loadSettings();
 * const app = new Oneiric({ ...optionsFromSettings(settings), logger });
 * ```
 * @category Application
 */
export function optionsFromSettings(settings: OneiricSettings, options: OptionsFromSettingsOptions = {}): OneiricOptions {
  const lifecycle = settings.lifecycle;
  const breaker = lifecycle.circuit_breaker;
  const guarded = new Set(breaker.guarded);
  const cacheDir = isAbsolute(settings.cache_dir) ? settings.cache_dir : resolve(options.cwd ?? process.cwd(), settings.cache_dir);
  return {
    selections: selectionsFromSettings(settings),
    timeouts: {
      activationTimeoutMs: lifecycle.activation_timeout_ms,
      healthTimeoutMs: lifecycle.health_timeout_ms,
      cleanupTimeoutMs: lifecycle.cleanup_timeout_ms,
      hookTimeoutMs: lifecycle.hook_timeout_ms,
      drainTimeoutMs: lifecycle.drain_timeout_ms,
    },
    providerSettings: (candidate) => {
      const section = sectionForDomain(candidate.domain);
      return {
        plain: settings[section].provider_settings[candidate.provider],
        path: `${section}.provider_settings.${candidate.provider}`,
      };
    },
    ...(options.persistStatus === false ? {} : { cacheDir }),
    ...(breaker.enabled
      ? {
        circuitBreaker: {
          guarded: (domain: Domain, key: string) => guarded.has(domain) || guarded.has(`${domain}:${key}`),
          options: {
            callTimeoutMs: breaker.call_timeout_ms,
            errorThresholdPercentage: breaker.error_threshold_percentage,
            volumeThreshold: breaker.volume_threshold,
            rollingCountTimeoutMs: breaker.rolling_count_timeout_ms,
            resetTimeoutMs: breaker.reset_timeout_ms,
          },
        },
      }
      : {}),
  };
}
