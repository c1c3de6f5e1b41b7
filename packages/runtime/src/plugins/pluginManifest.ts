/** Reads what a package.json says about plugins (pure calculations). */
import path from 'node:path';
import { PluginErrorKind, PluginLoadError } from './pluginErrorKind.js';

/** The fields of a package.json that plugin discovery reads. */
export interface PackageManifest {
  readonly name?: unknown;
  readonly dependencies?: unknown;
  readonly optionalDependencies?: unknown;
  readonly exports?: unknown;
  readonly oneiric?: unknown;
}

// Conditions tried in an `exports` entry, in this order: the runtime imports providers as ES modules.
const IMPORT_CONDITIONS = ['import', 'node', 'default'] as const;

function namesOf(field: unknown): string[] {
  return typeof field === 'object' && field !== null && !Array.isArray(field) ? Object.keys(field) : [];
}

/**
 * The packages discovery considers: with `autoLoad`, every `dependencies` and
 * `optionalDependencies` entry of the application's package.json (sorted, so plugins load in
 * the same order everywhere); otherwise exactly `packages`, in the order given.
 */
export function pluginCandidates(application: PackageManifest, autoLoad: boolean, packages: readonly string[]): string[] {
  if (!autoLoad) {
    return [...new Set(packages)];
  }
  return [...new Set([...namesOf(application.dependencies), ...namesOf(application.optionalDependencies), ...packages])].sort();
}

/**
 * The providers module a package's `oneiric` field names: `"oneiric": "./dist/providers.js"`
 * or `"oneiric": { "providers": "./dist/providers.js" }`, a path relative to the package.
 * @returns undefined when the package declares no `oneiric` field (it is not a plugin)
 * @throws PluginLoadError `invalidManifest` for any other shape, or a path leaving the package
 */
export function declaredProvidersModule(manifest: PackageManifest, packageName: string): string | undefined {
  const field = manifest.oneiric;
  if (field === undefined) {
    return undefined;
  }
  const declared = typeof field === 'object' && field !== null && !Array.isArray(field) ? (field as { providers?: unknown }).providers : field;
  if (typeof declared !== 'string' || !declared.startsWith('./')) {
    throw new PluginLoadError(PluginErrorKind.invalidManifest, `${packageName}: the "oneiric" field must be a path starting with ./ (or { "providers": "./..." }) naming the providers module`);
  }
  const normalised = path.posix.normalize(declared);
  if (normalised === '..' || normalised.startsWith('../') || path.posix.isAbsolute(normalised)) {
    throw new PluginLoadError(PluginErrorKind.invalidManifest, `${packageName}: the "oneiric" field ${declared} leaves the package`);
  }
  return declared;
}

function conditionalTarget(entry: unknown): string | undefined {
  if (typeof entry === 'string') {
    return entry;
  }
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    return undefined;
  }
  for (const condition of IMPORT_CONDITIONS) {
    const target = conditionalTarget((entry as Record<string, unknown>)[condition]);
    if (target !== undefined) {
      return target;
    }
  }
  return undefined;
}

/**
 * The file an `exports` subpath (`./providers`) maps to under ES module conditions (`import`,
 * then `node`, then `default`, nested conditions followed), or undefined when the package does
 * not export it. Patterns with `*` are not followed: a plugin names its module exactly.
 */
export function exportedTarget(manifest: PackageManifest, subpath: string): string | undefined {
  const exportsField = manifest.exports;
  if (exportsField === undefined || exportsField === null) {
    return undefined;
  }
  const keyed = typeof exportsField === 'object' && !Array.isArray(exportsField) && Object.keys(exportsField).some((key) => key.startsWith('.'));
  if (!keyed) {
    // Sugar: `"exports": "./index.js"` or a conditions object is the package root, `.` only.
    return subpath === '.' ? conditionalTarget(exportsField) : undefined;
  }
  const target = conditionalTarget((exportsField as Record<string, unknown>)[subpath]);
  return target?.startsWith('./') === true ? target : undefined;
}
