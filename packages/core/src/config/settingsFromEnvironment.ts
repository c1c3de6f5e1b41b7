// Reads `ONEIRIC_SECTION__FIELD=value` environment variables into a settings layer.
import { ConfigError, ConfigErrorKind } from '../errors/configError.js';
import { isPlainObject, type PlainObject } from './isPlainObject.js';
import type { SettingsLayer } from './settingsLayer.js';

const PREFIX = 'ONEIRIC_';

// Short names kept for habit and for other tools; the nested spelling of the same path wins over them.
const ALIASES: ReadonlyMap<string, readonly string[]> = new Map([
  ['ONEIRIC_LOG_LEVEL', ['logging', 'level']],
  ['ONEIRIC_CACHE_DIR', ['cache_dir']],
  // The loader reads its files from this directory, so the settings report the directory actually used.
  ['ONEIRIC_CONFIG_DIR', ['config_dir']],
]);

interface Assignment {
  readonly variable: string;
  readonly path: readonly string[];
  readonly value: string;
  readonly alias: boolean;
}

function keyOf(path: readonly string[]): string {
  return JSON.stringify(path);
}

function conflict(variable: string, other: string | undefined, path: readonly string[]): ConfigError {
  return new ConfigError(
    ConfigErrorKind.invalidEnvironment,
    `${variable}: conflicts with ${other ?? 'another variable'}, which also sets ${path.join('.')}`,
    { file: 'environment', field: variable },
  );
}

function assignmentOf(variable: string, value: string): Assignment | undefined {
  const alias = ALIASES.get(variable);
  if (alias !== undefined) {
    return { variable, path: alias, value, alias: true };
  }
  const rest = variable.slice(PREFIX.length);
  // Single-underscore names (ONEIRIC_CONFIG, ONEIRIC_STACK_ORDER, ...) are other features' switches, not settings.
  if (!rest.includes('__')) {
    return undefined;
  }
  const path = rest.split('__').map((segment) => segment.toLowerCase());
  if (path.some((segment) => segment === '')) {
    throw new ConfigError(
      ConfigErrorKind.invalidEnvironment,
      `${variable}: the name has an empty segment; write ONEIRIC_SECTION__FIELD with single words between double underscores`,
      { file: 'environment', field: variable },
    );
  }
  return { variable, path, value, alias: false };
}

/**
 * Builds the environment layer of the settings.
 *
 * - `ONEIRIC_SECTION__FIELD__SUB=value` sets `section.field.sub`: double underscores nest and
 *   every segment is lower-cased, map keys included, so `ONEIRIC_ADAPTERS__SELECTIONS__CACHE=memory`
 *   sets `adapters.selections.cache`. A key that needs capitals or characters a variable name
 *   cannot hold has to be set in a file.
 * - Aliases: `ONEIRIC_LOG_LEVEL` → `logging.level`, `ONEIRIC_CACHE_DIR` → `cache_dir`,
 *   `ONEIRIC_CONFIG_DIR` → `config_dir`. When both spellings are set, the nested one wins.
 * - Values stay strings; each field coerces them (`"200"` → 200, `"false"` → false). Strings
 *   inside open maps (`options`, `provider_settings`) stay strings.
 * - Ignored: variables not starting with `ONEIRIC_`, `ONEIRIC_*` names without `__` other than
 *   the aliases (`ONEIRIC_CONFIG`, `ONEIRIC_STACK_ORDER`, ... belong to other features), and
 *   variables set to the empty string (treated as unset, as `FOO= command` intends).
 * @param env - the environment to read; never modified
 * @returns the layer, or `undefined` when no variable contributes a setting
 * @throws ConfigError (`invalidEnvironment`) for a name with an empty segment
 *   (`ONEIRIC_APP____NAME`) or two variables that set the same path, or a path and a path inside it
 */
export function settingsFromEnvironment(env: NodeJS.ProcessEnv): SettingsLayer | undefined {
  const assignments: Assignment[] = [];
  // Sorted so conflicts and error messages do not depend on the order the platform lists variables in.
  for (const variable of Object.keys(env).sort()) {
    const value = env[variable];
    if (!variable.startsWith(PREFIX) || value === undefined || value === '') {
      continue;
    }
    const assignment = assignmentOf(variable, value);
    if (assignment !== undefined) {
      assignments.push(assignment);
    }
  }
  if (assignments.length === 0) {
    return undefined;
  }

  const values: PlainObject = {};
  const setters = new Map<string, Assignment>();
  // Aliases first, so the nested spelling of the same path replaces them.
  const ordered = [...assignments.filter((a) => a.alias), ...assignments.filter((a) => !a.alias)];
  for (const assignment of ordered) {
    const { path, variable } = assignment;
    let node = values;
    for (let depth = 0; depth < path.length - 1; depth += 1) {
      const segment = path[depth] as string;
      const next = Object.hasOwn(node, segment) ? node[segment] : undefined;
      if (next === undefined) {
        const created: PlainObject = {};
        Object.defineProperty(node, segment, { value: created, writable: true, enumerable: true, configurable: true });
        node = created;
      } else if (isPlainObject(next)) {
        node = next;
      } else {
        const prefix = path.slice(0, depth + 1);
        throw conflict(variable, setters.get(keyOf(prefix))?.variable, prefix);
      }
    }
    const leaf = path[path.length - 1] as string;
    const existing = Object.hasOwn(node, leaf) ? node[leaf] : undefined;
    if (isPlainObject(existing)) {
      const inside = [...setters.values()].find((other) => keyOf(other.path.slice(0, path.length)) === keyOf(path));
      throw conflict(variable, inside?.variable, path);
    }
    const previous = setters.get(keyOf(path));
    if (previous !== undefined && !previous.alias) {
      throw conflict(variable, previous.variable, path);
    }
    Object.defineProperty(node, leaf, { value: assignment.value, writable: true, enumerable: true, configurable: true });
    setters.set(keyOf(path), assignment);
  }

  return {
    source: 'environment',
    values,
    variableAt: (path: readonly string[]): string | undefined => setters.get(keyOf(path))?.variable,
  };
}
