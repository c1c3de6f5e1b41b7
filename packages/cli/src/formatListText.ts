// Renders `oneiric list` as text, in the line format of the Python CLI (plus a selection marker).
import type { Domain } from '@oneiric/core';
import type { ListEntry } from './listEntry.js';

/**
 * The text of `oneiric list`: an `Active <domain>s:` block, and a `Shadowed <domain>s:` block
 * after a blank line when `shadowed` is given. Each entry reads
 * `  - key/provider (priority=P stack=S source=SRC)`, followed by ` [selected]` when the
 * selection chose it and ` - description` when it has one; an empty block reads `  (none)`.
 */
export function formatListText(domain: Domain, active: readonly ListEntry[], shadowed?: readonly ListEntry[]): string {
  const lines = block(`Active ${domain}s:`, active);
  if (shadowed !== undefined) {
    lines.push('', ...block(`Shadowed ${domain}s:`, shadowed));
  }
  return `${lines.join('\n')}\n`;
}

function block(title: string, entries: readonly ListEntry[]): string[] {
  if (entries.length === 0) {
    return [title, '  (none)'];
  }
  return [title, ...entries.map((entry) => line(entry))];
}

function line(entry: ListEntry): string {
  const marker = entry.selected ? ' [selected]' : '';
  const description = entry.description === undefined ? '' : ` - ${entry.description}`;
  return `  - ${entry.key}/${entry.provider} (priority=${entry.priority} stack=${entry.stackLevel} source=${entry.source})${marker}${description}`;
}
