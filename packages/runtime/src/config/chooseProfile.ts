/** Picks the active profile: `--profile`, then `ONEIRIC_PROFILE`, then `profile.name` (a pure calculation). */
import { ConfigError, ConfigErrorKind } from '@oneiric/core';
import { BUILT_IN_PROFILES, type ProfileOverlay } from './builtInProfiles.js';

/**
 * Where the profile name may come from, highest precedence first.
 * @category Configuration
 */
export interface ProfileSources {
  /** `--profile` or `createRuntime({ profile })`. */
  readonly explicit?: string | undefined;
  /** `ONEIRIC_PROFILE`. */
  readonly environment?: string | undefined;
  /** `profile.name` in the settings. */
  readonly settings?: string | undefined;
}

/**
 * The chosen profile and its overlay.
 * @category Configuration
 */
export interface ChosenProfile {
  /** The profile's name. */
  readonly name: string;
  /** What it lays over the settings (a named profile may build on a built-in one). */
  readonly overlays: readonly ProfileOverlay[];
}

/**
 * The active profile among the built-in ones and those declared under `profiles` in the
 * settings. A declared profile named like a built-in one extends it. `default` when no source
 * names one.
 * @throws ConfigError `invalidField` (field `profile.name`) for an unknown name, listing those that exist
 * @category Configuration
 */
export function chooseProfile(sources: ProfileSources, declared: Readonly<Record<string, ProfileOverlay>>): ChosenProfile {
  const name = nonEmpty(sources.explicit) ?? nonEmpty(sources.environment) ?? nonEmpty(sources.settings) ?? 'default';
  const builtIn = Object.hasOwn(BUILT_IN_PROFILES, name) ? BUILT_IN_PROFILES[name] : undefined;
  const own = Object.hasOwn(declared, name) ? declared[name] : undefined;
  if (builtIn === undefined && own === undefined) {
    const known = [...new Set([...Object.keys(BUILT_IN_PROFILES), ...Object.keys(declared)])].sort();
    throw new ConfigError(ConfigErrorKind.invalidField, `unknown runtime profile "${name}"; profiles that exist: ${known.join(', ')}`, { field: 'profile.name' });
  }
  return { name, overlays: [builtIn ?? {}, own ?? {}] };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
