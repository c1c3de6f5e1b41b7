// Renders a core Explanation for people: winner first, then every ranked candidate with its reasons, then the filtered ones.
import type { ExplanationReport } from './explanationReport.js';

/**
 * The text of `oneiric explain`:
 *
 * ```text
 * Winner for adapter:cache: redis (beat memory on priority 400 > 100)
 * Selection: none
 *
 * Ranked candidates:
 *   #1  redis   source=local  winner
 *       beat memory on priority 400 > 100
 *       - no selection configured for this key
 *       - ...
 *   #2  memory  source=local
 *       lost to redis on priority 400 > 100
 *       - ...
 * ```
 *
 * The winner is marked `winner`, and a candidate the configured selection names `selected`.
 * A `Requested capabilities:` line appears when capabilities were requested, and a
 * `Filtered out:` block lists the candidates the capability filter removed, with the reason.
 */
export function formatExplanationText(explanation: ExplanationReport): string {
  const { domain, key, ranked, filtered, request } = explanation;
  const lines: string[] = [`Winner for ${domain}:${key}: ${winnerText(explanation)}`, `Selection: ${selectionText(explanation)}`];
  if (request.capabilities.length > 0) {
    lines.push(`Requested capabilities: ${request.capabilities.join(', ')} (${request.requireAll ? 'all required' : 'any suffices'})`);
  }
  lines.push('', 'Ranked candidates:');
  if (ranked.length === 0) {
    lines.push('  (none)');
  }
  // Pad rank and provider so the columns line up when names differ in length.
  const rankWidth = Math.max(0, ...ranked.map((entry) => `#${entry.rank}`.length));
  const providerWidth = Math.max(0, ...ranked.map((entry) => entry.provider.length));
  for (const entry of ranked) {
    const head = `  ${`#${entry.rank}`.padEnd(rankWidth)}  ${entry.provider.padEnd(providerWidth)}  source=${entry.source}`;
    const marks = [entry.winner ? 'winner' : '', entry.selected ? 'selected' : ''].filter((mark) => mark !== '').join(' ');
    lines.push(marks === '' ? head : `${head}  ${marks}`);
    const indent = ' '.repeat(2 + rankWidth + 2);
    lines.push(`${indent}${entry.summary}`, ...entry.reasons.map((reason) => `${indent}- ${reason}`));
  }
  if (request.capabilities.length > 0 || filtered.length > 0) {
    lines.push('', 'Filtered out:');
    if (filtered.length === 0) {
      lines.push('  (none)');
    }
    for (const entry of filtered) {
      lines.push(`  - ${entry.provider} (source=${entry.source}): ${entry.reason}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function winnerText(explanation: ExplanationReport): string {
  const winner = explanation.ranked[0];
  if (explanation.winner === null || winner === undefined) {
    return explanation.filtered.length > 0 ? 'none (every candidate was filtered out)' : 'none';
  }
  return `${explanation.winner} (${winner.summary})`;
}

function selectionText(explanation: ExplanationReport): string {
  if (explanation.selection === null) {
    return 'none';
  }
  return explanation.selectionUnmatched
    ? `${explanation.selection} (not registered, so ignored)`
    : explanation.selection;
}
