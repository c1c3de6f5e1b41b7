/** Checks a manifest factory (`module-specifier:exportName`) against the allowlist and the blocked Node built-ins. */
import { isNodeBuiltin } from './isNodeBuiltin.js';

/**
 * A factory that passed the checks.
 * @category Calculations
 */
export interface FactoryReference {
  /** The module specifier (`@acme/providers`, `@acme/providers/cache`). */
  readonly specifier: string;
  /** The export that builds the instance. */
  readonly exportName: string;
}

/**
 * The outcome: the reference, or why it was refused (`blocked` marks Node built-ins).
 * @category Calculations
 */
export type FactoryCheck =
  | { readonly ok: true; readonly reference: FactoryReference }
  | { readonly ok: false; readonly reason: string; readonly blocked: boolean };

// npm package names are lower-case; an optional scope, then subpath segments.
const SPECIFIER = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*(?:\/[a-z0-9._~-]+)*$/;
const EXPORT_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/**
 * Parses `specifier:exportName` (whitespace around the colon allowed) and checks it: Node
 * built-ins are always refused; specifiers with `.` or `..` segments, `%`, backslashes, absolute
 * paths or URL schemes are refused; then the specifier must equal an allowlist entry or lie below
 * it (`@acme` allows `@acme/anything`); an empty allowlist refuses everything. Where the module
 * actually resolves is checked again at import time (`resolveFactoryModule`).
 * @category Calculations
 */
export function parseFactory(factory: string, allowlist: readonly string[]): FactoryCheck {
  const parts = factory.split(':');
  if (parts.length === 2 && isNodeBuiltin(parts[0] ?? '')) {
    return { ok: false, reason: `factory ${factory} names a blocked Node built-in`, blocked: true };
  }
  if (parts.length === 3 && parts[0]?.trim().toLowerCase() === 'node') {
    return { ok: false, reason: `factory ${factory} names a blocked Node built-in`, blocked: true };
  }
  if (parts.length !== 2) {
    return { ok: false, reason: `factory ${factory} is not module-specifier:exportName`, blocked: false };
  }
  const specifier = (parts[0] ?? '').trim();
  const exportName = (parts[1] ?? '').trim();
  const unsafe = unsafeSpecifier(specifier);
  if (unsafe !== undefined) {
    return { ok: false, reason: `factory ${factory} refused: ${unsafe}`, blocked: false };
  }
  if (!SPECIFIER.test(specifier) || !EXPORT_NAME.test(exportName)) {
    return { ok: false, reason: `factory ${factory} is not module-specifier:exportName`, blocked: false };
  }
  const allowed = allowlist.map((entry) => entry.trim().replace(/\/+$/, '')).filter((entry) => entry !== '' && !isNodeBuiltin(entry));
  if (!allowed.some((entry) => specifier === entry || specifier.startsWith(`${entry}/`))) {
    return { ok: false, reason: `factory module ${specifier} is not on the factory allowlist`, blocked: false };
  }
  return { ok: true, reference: { specifier, exportName } };
}

// Checked before the pattern, so the reason names the trick (`opossum/../../tmp/evil.mjs`).
function unsafeSpecifier(specifier: string): string | undefined {
  if (specifier.includes('%')) {
    return 'percent-encoding in a module specifier';
  }
  if (specifier.includes('\\')) {
    return 'backslash in a module specifier';
  }
  if (specifier.startsWith('/') || /^[a-z]:/i.test(specifier)) {
    return 'absolute path as a module specifier';
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(specifier)) {
    return 'URL as a module specifier';
  }
  if (specifier.split('/').some((segment) => segment === '.' || segment === '..' || segment === '')) {
    return '"." , ".." or empty segment in a module specifier';
  }
  return undefined;
}
