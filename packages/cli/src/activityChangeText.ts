// One line saying what a pause or drain did, the same whether the runtime or this process did it.
import type { ActivityState } from '@oneiric/domains';

/** The line `pause`/`drain` print: `Paused adapter:cache (note=...)`, `Cleared drain on task:report`... */
export function activityChangeText(change: 'pause' | 'drain', undo: boolean, label: string, state: ActivityState): string {
  const verb = change === 'pause' ? (undo ? 'Resumed' : 'Paused') : (undo ? 'Cleared drain on' : 'Draining');
  const other = change === 'pause' ? (state.draining ? 'still draining' : '') : (state.paused ? 'still paused' : '');
  const extra = [other, state.note === null ? '' : `note=${state.note}`].filter((part) => part !== '').join(', ');
  return `${verb} ${label}${extra === '' ? '' : ` (${extra})`}\n`;
}
