// A class-validator decorator whose check can point at the exact entry of a map that is wrong.
import { registerDecorator, type ValidationArguments } from 'class-validator';

/** What is wrong with a value, and where inside it. */
export interface SettingsProblem {
  /** Path below the decorated property (`['cache']` for `selections.cache`); empty for the value itself. */
  readonly path: readonly string[];
  /** The complete complaint, e.g. `must be a mapping (got a list)`; the field path is prepended by the caller. */
  readonly message: string;
}

/** Inspects a value and returns its first problem, or `undefined` when it is fine. */
export type SettingsCheckFunction = (value: unknown) => SettingsProblem | undefined;

/**
 * The `contexts` entry a failed {@link SettingsCheck} leaves on its `ValidationError`. Open maps
 * (selections, provider settings) are validated as one property, yet the error must name the
 * entry, because provenance is tracked per entry and a different file may have set each one.
 */
export interface SettingsCheckContext {
  /** The check, so the error formatter can re-run it and get the entry path. */
  readonly check: SettingsCheckFunction;
}

/**
 * Property decorator running `check` as a class-validator constraint named `name`.
 * @param name - constraint name, as it appears in `ValidationError.constraints`
 * @param check - returns the value's first problem, or `undefined` when valid
 */
export function SettingsCheck(name: string, check: SettingsCheckFunction): PropertyDecorator {
  const context: SettingsCheckContext = { check };
  return (target: object, propertyName: string | symbol): void => {
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      options: { context },
      validator: {
        validate: (value: unknown): boolean => check(value) === undefined,
        defaultMessage: (args?: ValidationArguments): string => {
          const problem = check(args?.value);
          return problem === undefined ? '' : [args?.property ?? '', ...problem.path].join('.') + ' ' + problem.message;
        },
      },
    });
  };
}
