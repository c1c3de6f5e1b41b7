// The `explain` command: why a key resolves to its winner, as the core Explanation (JSON) or a readable view.
import { ResolutionError, ResolutionErrorKind, type Domain, type Oneiric } from '@oneiric/core';
import { ExitCode } from './exitCode.js';
import { explanationReport } from './explanationReport.js';
import { formatExplanationText } from './formatExplanationText.js';

/** Options of {@link runExplain}. */
export interface ExplainOptions {
  /** Domain of the key. */
  readonly domain: Domain;
  /** The key to explain. */
  readonly key: string;
  /** Capabilities to request (tier 2 of precedence and a filter). */
  readonly capabilities: readonly string[];
  /** True: candidates must have every requested capability; false: at least one. */
  readonly requireAll: boolean;
  /** Print the core `Explanation` as indented JSON instead of text. */
  readonly json: boolean;
}

/**
 * Writes the explanation of a key to `stdout`.
 *
 * A key with no registered candidate at all is an error rather than an empty ranking: it is
 * nearly always a misspelt key or a missing `--import`, and scripts should see a non-zero
 * exit. A key whose candidates were all removed by the capability filter still prints its
 * explanation (the filtered list says why) and succeeds.
 * @throws ResolutionError `noCandidate` when no candidate is registered for the key (exit 1)
 */
export function runExplain(app: Oneiric, options: ExplainOptions, stdout: { write(chunk: string): unknown }): ExitCode {
  const { domain, key } = options;
  const explanation = app.explain(domain, key, { capabilities: options.capabilities, requireAll: options.requireAll });
  if (explanation.ranked.length === 0 && explanation.filtered.length === 0) {
    throw new ResolutionError(ResolutionErrorKind.noCandidate, `no candidates registered for ${domain}:${key}`, { domain, key });
  }
  const report = explanationReport(explanation);
  stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatExplanationText(report));
  return ExitCode.success;
}
