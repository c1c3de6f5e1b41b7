// The `list` command: active (and optionally shadowed) providers of one domain, as text or JSON.
import type { Domain, Oneiric } from '@oneiric/core';
import { ExitCode } from './exitCode.js';
import { formatListText } from './formatListText.js';
import { listEntry, type ListEntry } from './listEntry.js';

/** Options of {@link runList}. */
export interface ListOptions {
  /** Domain to list. */
  readonly domain: Domain;
  /** Also list the candidates that lost to each key's winner. */
  readonly shadowed: boolean;
  /** Print `{ domain, active, shadowed? }` as JSON instead of text. */
  readonly json: boolean;
}

/** The JSON document `oneiric list --json` prints; `shadowed` only with `--shadowed`. */
export interface ListReport {
  /** The domain listed. */
  readonly domain: Domain;
  /** The winner of each key, in order of the keys' first registration. */
  readonly active: readonly ListEntry[];
  /** Every other candidate of the domain. */
  readonly shadowed?: readonly ListEntry[];
}

/** Writes the active (and shadowed) providers of a domain to `stdout`; always succeeds. */
export function runList(app: Oneiric, options: ListOptions, stdout: { write(chunk: string): unknown }): ExitCode {
  const { domain } = options;
  const active = app.winners(domain)
    .map((candidate) => listEntry(candidate, app.selection(domain, candidate.key) === candidate.provider));
  const shadowed = options.shadowed
    ? app.shadowed(domain).map((candidate) => listEntry(candidate, app.selection(domain, candidate.key) === candidate.provider))
    : undefined;
  if (options.json) {
    const report: ListReport = { domain, active, ...(shadowed === undefined ? {} : { shadowed }) };
    stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    stdout.write(formatListText(domain, active, shadowed));
  }
  return ExitCode.success;
}
