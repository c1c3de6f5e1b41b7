// Reads the few command lines the light path sends straight to a running runtime (a pure calculation).
import type { Domain } from '@oneiric/core';
import { DOMAIN_NAMES } from './domainNames.js';

/** A command line the light path can send to a running runtime without building the commander program. */
export type RoutedCommandLine =
  | { readonly command: 'status'; readonly config?: string; readonly json: boolean; readonly domain: Domain; readonly key?: string }
  | { readonly command: 'list'; readonly config?: string; readonly json: boolean; readonly domain: Domain; readonly shadowed: boolean }
  | { readonly command: 'health'; readonly config?: string; readonly json: boolean; readonly domain?: Domain }
  | { readonly command: 'swap'; readonly config?: string; readonly json: boolean; readonly domain: Domain; readonly key: string; readonly provider?: string; readonly force: boolean };

/** The commands of {@link RoutedCommandLine}. */
export type RoutedCommandName = RoutedCommandLine['command'];

// Per command: its options with a value, its flags, and whether it takes the key as its one argument.
const GRAMMAR: Readonly<Record<RoutedCommandName, { readonly valued: readonly string[]; readonly flags: readonly string[]; readonly takesKey: boolean }>> = {
  status: { valued: ['--domain', '--key'], flags: ['--json'], takesKey: false },
  list: { valued: ['--domain'], flags: ['--json', '--shadowed'], takesKey: false },
  health: { valued: ['--domain'], flags: ['--json'], takesKey: false },
  swap: { valued: ['--domain', '--provider'], flags: ['--json', '--force'], takesKey: true },
};

// Global options every command accepts; `--import` only matters to an in-process copy, which the light path never makes.
const GLOBAL_VALUED = ['--config', '--import'];

/**
 * The command line when it is one of `status`, `list`, `health` (without `--probe`) or `swap`
 * with options spelled plainly (`--name value` or `--name=value`, each at most once, `--import`
 * repeatable, a valid `--domain`); undefined for anything else (`--help`, `--version`, `--local`,
 * `--probe`, `--`, an unknown or repeated option, a missing or extra argument, a value starting
 * with `-`, a bad domain), which the full commander program then handles, with its usage errors.
 */
export function parseRoutedCommandLine(argv: readonly string[]): RoutedCommandLine | undefined {
  const commandIndex = indexOfCommand(argv);
  const command = commandIndex === -1 ? undefined : argv[commandIndex]!;
  if (command === undefined || !Object.hasOwn(GRAMMAR, command)) {
    return undefined;
  }
  const grammar = GRAMMAR[command as RoutedCommandName];
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const positionals: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    if (!arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = equals === -1 ? arg : arg.slice(0, equals);
    // Before the command only global options are known (as for commander's program).
    const isCommandOption = index > commandIndex && (grammar.valued.includes(name) || grammar.flags.includes(arg));
    if (GLOBAL_VALUED.includes(name) || (isCommandOption && grammar.valued.includes(name))) {
      const value = equals === -1 ? argv[index + 1] : arg.slice(equals + 1);
      if (value === undefined || value.startsWith('-') || (name !== '--import' && values.has(name))) {
        return undefined;
      }
      values.set(name, value);
      index += equals === -1 ? 1 : 0;
    } else if (isCommandOption && !flags.has(arg)) {
      flags.add(arg);
    } else {
      return undefined;
    }
  }
  // The command itself is the first positional; the key, when the command takes one, the second.
  if (positionals[0] !== command || positionals.length !== (grammar.takesKey ? 2 : 1)) {
    return undefined;
  }
  const domainValue = values.get('--domain');
  const domain = domainValue === undefined ? undefined : DOMAIN_NAMES.find((name) => name === domainValue.trim().toLowerCase());
  if (domainValue !== undefined && domain === undefined) {
    return undefined;
  }
  const config = values.get('--config');
  const common = { json: flags.has('--json'), ...(config === undefined ? {} : { config }) };
  const key = values.get('--key');
  const provider = values.get('--provider');
  switch (command as RoutedCommandName) {
    case 'status':
      return { command: 'status', ...common, domain: domain ?? 'adapter', ...(key === undefined ? {} : { key }) };
    case 'list':
      return { command: 'list', ...common, domain: domain ?? 'adapter', shadowed: flags.has('--shadowed') };
    case 'health':
      return { command: 'health', ...common, ...(domain === undefined ? {} : { domain }) };
    case 'swap':
      return { command: 'swap', ...common, domain: domain ?? 'adapter', key: positionals[1]!, force: flags.has('--force'), ...(provider === undefined ? {} : { provider }) };
  }
}

// Index of the command: the first argument that is neither an option nor the value of a global option given as `--config value`.
function indexOfCommand(argv: readonly string[]): number {
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    if (!arg.startsWith('-')) {
      return index;
    }
    if (GLOBAL_VALUED.includes(arg)) {
      index += 1;
    }
  }
  return -1;
}
