/** Parses `ONEIRIC_STACK_ORDER`: the priorities of registering packages. */
import { ConfigError, ConfigErrorKind } from '../errors/configError.js';

/**
 * `name:value` maps a package to exactly that priority; a bare `name` gets 10 × the number of
 * names already mapped; blank entries are skipped. `"first,second,third"` gives 0, 10, 20;
 * `"first,,third:30"` gives 0 and 30.
 * @throws ConfigError (`invalidEnvironment`) when a value is not an integer.
 */
export function parseStackOrder(value: string | undefined, variable = 'ONEIRIC_STACK_ORDER'): ReadonlyMap<string, number> {
  const priorities = new Map<string, number>();
  if (value === undefined) {
    return priorities;
  }
  for (const rawEntry of value.split(',')) {
    const entry = rawEntry.trim();
    if (entry === '') {
      continue;
    }
    const colon = entry.indexOf(':');
    if (colon === -1) {
      priorities.set(entry, 10 * priorities.size);
      continue;
    }
    const name = entry.slice(0, colon).trim();
    const rawPriority = entry.slice(colon + 1).trim();
    const priority = Number(rawPriority);
    // Digits only, like an integer parse: "1e2", "0x10" and "1.0" are refused rather than guessed.
    if (name === '' || !/^[+-]?\d+$/.test(rawPriority) || !Number.isSafeInteger(priority)) {
      throw new ConfigError(
        ConfigErrorKind.invalidEnvironment,
        `${variable}: entry "${entry}" must be "name" or "name:integer"`,
        { field: variable },
      );
    }
    priorities.set(name, priority);
  }
  return priorities;
}
