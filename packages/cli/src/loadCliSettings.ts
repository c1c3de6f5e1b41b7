// Core's settings for the in-process copy, also when --config is a runtime's file holding its own sections.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadSettings, type OneiricSettings } from '@oneiric/core';
import yaml from 'js-yaml';
import type { CliIo } from './cliIo.js';

// The sections a runtime's settings file may hold beside core's (the runtime's RUNTIME_SECTION_NAMES).
const RUNTIME_SECTIONS = ['runtime', 'plugins', 'secrets', 'fleet', 'remote', 'profile', 'profiles'];

/**
 * The validated settings of core, from every layer with `explicitConfig` (else `ONEIRIC_CONFIG`)
 * on top. A file holding runtime sections (`runtime`, `plugins`, `profiles`...), which core's
 * loader refuses as unknown, is read the way the runtime reads it (its profile overlay
 * included), so `oneiric --config app.yaml ...` means the same with or without a runtime.
 * @throws ConfigError naming the file and field
 */
export async function loadCliSettings(io: CliIo, explicitConfig: string | undefined): Promise<OneiricSettings> {
  const explicit = nonEmpty(explicitConfig) ?? nonEmpty(io.env['ONEIRIC_CONFIG']);
  if (explicit !== undefined && await holdsRuntimeSections(resolve(io.cwd, explicit))) {
    const { loadRuntimeConfig } = await import('@oneiric/runtime');
    return (await loadRuntimeConfig({ cwd: io.cwd, env: io.env as NodeJS.ProcessEnv, config: explicit })).settings;
  }
  return (await loadSettings({ cwd: io.cwd, env: io.env, ...(explicitConfig === undefined ? {} : { explicitPath: explicitConfig }) })).settings;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

// Unreadable or broken files say no: core's loader then reports them properly.
async function holdsRuntimeSections(file: string): Promise<boolean> {
  try {
    const parsed: unknown = yaml.load(await readFile(file, 'utf8'));
    return typeof parsed === 'object' && parsed !== null && RUNTIME_SECTIONS.some((name) => Object.hasOwn(parsed, name));
  } catch {
    return false;
  }
}
