/** Reads `ONEIRIC_RUNTIME__...`-style variables of the runtime's own sections (a pure calculation). */
import { RemoteSettings } from '@oneiric/remote';
import { isMapping, mergeOverlay } from './mergeOverlay.js';
import { RuntimeSections } from './runtimeSections.js';

/** The runtime's settings from the environment, and the environment left for core. */
export interface RuntimeEnvironment {
  /** `{ runtime: {...}, plugins: {...}, secrets: {...}, remote: {...} }` from the variables. */
  readonly values: Record<string, unknown>;
  /** The environment without those variables (core refuses sections it does not know). */
  readonly coreEnv: NodeJS.ProcessEnv;
}

const SECTION_PREFIXES = ['RUNTIME', 'PLUGINS', 'SECRETS', 'FLEET', 'REMOTE'] as const;
const INTEGER = /^[+-]?\d+$/;

/**
 * Splits the environment: `ONEIRIC_RUNTIME__HTTP__PORT=8080`, `ONEIRIC_PLUGINS__PACKAGES=a,b`,
 * `ONEIRIC_SECRETS__...`, `ONEIRIC_FLEET__...`, `ONEIRIC_REMOTE__...` become the runtime's settings (names lowercased,
 * `__` nesting), everything else stays for core. A value takes the type of the field's default:
 * lists split on commas, booleans from `true`/`false`/`1`/`0`, integers from digits; a field
 * without a default becomes an integer when it is all digits, except tokens and passwords, which stay text.
 */
export function runtimeSectionsFromEnvironment(env: NodeJS.ProcessEnv): RuntimeEnvironment {
  const defaults: Record<string, unknown> = { ...JSON.parse(JSON.stringify(new RuntimeSections())) as Record<string, unknown>, remote: { ...new RemoteSettings() } };
  let values: Record<string, unknown> = {};
  const coreEnv: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    const path = runtimePathOf(name);
    if (path === undefined || value === undefined) {
      coreEnv[name] = value;
      continue;
    }
    values = mergeOverlay(values, nest(path, coerce(value, defaultAt(defaults, path), path.at(-1) ?? '')));
  }
  return { values, coreEnv };
}

function runtimePathOf(name: string): string[] | undefined {
  const section = SECTION_PREFIXES.find((prefix) => name.startsWith(`ONEIRIC_${prefix}__`));
  if (section === undefined) {
    return undefined;
  }
  const rest = name.slice(`ONEIRIC_${section}__`.length).split('__');
  return rest.some((segment) => segment === '') ? undefined : [section, ...rest].map((segment) => segment.toLowerCase());
}

function defaultAt(defaults: Record<string, unknown>, path: readonly string[]): unknown {
  let current: unknown = defaults;
  for (const segment of path) {
    current = isMapping(current) && Object.hasOwn(current, segment) ? current[segment] : undefined;
  }
  return current;
}

function coerce(text: string, fallback: unknown, field: string): unknown {
  const trimmed = text.trim();
  if (Array.isArray(fallback)) {
    return trimmed === '' ? [] : trimmed.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  }
  if (typeof fallback === 'boolean') {
    return trimmed === 'true' || trimmed === '1' ? true : trimmed === 'false' || trimmed === '0' ? false : text;
  }
  const isText = typeof fallback === 'string' || field.endsWith('token') || field.endsWith('password') || field === 'instance_id' || field === 'bucket' || field === 'user';
  return !isText && INTEGER.test(trimmed) && Number.isSafeInteger(Number(trimmed)) ? Number(trimmed) : text;
}

function nest(path: readonly string[], value: unknown): Record<string, unknown> {
  return path.reduceRight<unknown>((inner, segment) => ({ [segment]: inner }), value) as Record<string, unknown>;
}
