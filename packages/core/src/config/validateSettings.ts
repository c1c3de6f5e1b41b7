// Validates merged settings and turns class-validator's error tree into one ConfigError naming file and field.
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { ConfigError, ConfigErrorKind } from '../errors/configError.js';
import { isPlainObject, type PlainObject } from './isPlainObject.js';
import { OneiricSettings } from './oneiricSettings.js';
import type { SettingsCheckContext } from './settingsCheck.js';
import type { ValueOrigin } from './valueOrigin.js';

// class-transformer silently drops these keys; rejecting them beats a selection that vanishes without a word.
const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor']);

/** One thing wrong, at one path. */
interface Problem {
  readonly path: readonly string[];
  readonly message: string;
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) {
    return String(value);
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  if (value instanceof Date) {
    return 'a date';
  }
  return isPlainObject(value) ? 'a mapping' : `a ${typeof value}`;
}

function valueAt(plain: PlainObject, path: readonly string[]): { found: boolean; value?: unknown } {
  let current: unknown = plain;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, segment)) {
      return { found: false };
    }
    current = (current as Record<string, unknown>)[segment];
  }
  return { found: true, value: current };
}

function findReservedKey(value: unknown, path: readonly string[]): string[] | undefined {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findReservedKey(item, [...path, String(index)]);
      if (found !== undefined) {
        return found;
      }
    }
    return undefined;
  }
  if (!isPlainObject(value)) {
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    if (RESERVED_KEYS.has(key)) {
      return [...path, key];
    }
    const found = findReservedKey(item, [...path, key]);
    if (found !== undefined) {
      return found;
    }
  }
  return undefined;
}

function knownFields(parent: unknown): string[] {
  // Every settings class gives each field a default, so a fresh instance lists exactly the accepted names.
  const constructor = typeof parent === 'object' && parent !== null ? parent.constructor : undefined;
  if (typeof constructor !== 'function' || constructor === Object) {
    return [];
  }
  return Object.keys(new (constructor as new () => object)());
}

function isCheckContext(value: unknown): value is SettingsCheckContext {
  return typeof value === 'object' && value !== null && 'check' in value && typeof value.check === 'function';
}

function collectProblems(errors: readonly ValidationError[], parentPath: readonly string[], plain: PlainObject, problems: Problem[]): void {
  for (const error of errors) {
    const path = [...parentPath, error.property];
    const constraints = error.constraints ?? {};
    if ('whitelistValidation' in constraints) {
      const known = knownFields(error.target);
      problems.push({ path, message: `is not a known setting${known.length > 0 ? ` (known: ${known.join(', ')})` : ''}` });
      continue;
    }
    const located = Object.keys(constraints)
      .map((type) => error.contexts?.[type])
      .filter(isCheckContext)
      .map((context) => context.check(error.value))
      .filter((problem) => problem !== undefined);
    for (const problem of located) {
      problems.push({ path: [...path, ...problem.path], message: problem.message });
    }
    const plainMessages = [...new Set(Object.entries(constraints)
      .filter(([type]) => !isCheckContext(error.contexts?.[type]))
      .map(([, message]) => message))];
    if (plainMessages.length > 0) {
      const given = valueAt(plain, path);
      const got = given.found ? ` (got ${describeValue(given.value)})` : '';
      problems.push({ path, message: `${plainMessages.join(' and ')}${got}` });
    }
    // A value of the wrong shape has no meaningful inside; its children would only repeat the complaint.
    if (Object.keys(constraints).length === 0) {
      collectProblems(error.children ?? [], path, plain, problems);
    }
  }
}

function originLabel(origin: ValueOrigin): string {
  return origin.variable === undefined ? origin.source : `${origin.source} (${origin.variable})`;
}

function invalid(problems: readonly Problem[], originOf: (path: readonly string[]) => ValueOrigin): ConfigError {
  const described = problems.map((problem) => ({ ...problem, origin: originOf(problem.path), field: problem.path.join('.') }));
  const message = described.map((problem) => `${originLabel(problem.origin)}: ${problem.field} ${problem.message}`).join('; ');
  const first = described[0];
  return new ConfigError(ConfigErrorKind.invalidField, message, first === undefined ? {} : { file: first.origin.source, field: first.field });
}

/**
 * Builds `OneiricSettings` from a merged plain object: class-transformer applies the defaults
 * and per-field coercions, class-validator checks every field and forbids unknown ones.
 * @param plain - the merged settings, nested like the settings file format
 * @param originOf - names the layer that last set a path, for the error message
 * @returns the validated settings
 * @throws ConfigError (`invalidField`) listing every problem as `<origin>: <dotted.path> <complaint>`,
 *   with `context.file` and `context.field` taken from the first one
 */
export function validateSettings(plain: unknown, originOf: (path: readonly string[]) => ValueOrigin): OneiricSettings {
  if (!isPlainObject(plain)) {
    const origin = originOf([]);
    throw new ConfigError(
      ConfigErrorKind.invalidField,
      `${originLabel(origin)}: the settings must be a mapping (got ${describeValue(plain)})`,
      { file: origin.source },
    );
  }
  const reserved = findReservedKey(plain, []);
  if (reserved !== undefined) {
    throw invalid([{ path: reserved, message: 'uses a reserved name that cannot be a settings key' }], originOf);
  }
  const settings = plainToInstance(OneiricSettings, plain);
  const errors = validateSync(settings, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length === 0) {
    return settings;
  }
  const problems: Problem[] = [];
  collectProblems(errors, [], plain, problems);
  throw invalid(problems, originOf);
}
