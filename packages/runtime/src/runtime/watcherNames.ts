/** Names the watchers a runtime runs, for the health snapshot (a pure calculation). */
import { basename } from 'node:path';

/**
 * `selections:<file>:polling|events` per selection watcher, then `activity` and `scheduler` when they run.
 * @param state - the watchers and what runs
 */
export function watcherNames(state: {
  readonly watchers: ReadonlyArray<{ readonly watcher: { readonly isPolling: boolean }; readonly file: string }>;
  readonly watchersEnabled: boolean;
  readonly isRunning: boolean;
  readonly hasScheduler: boolean;
}): string[] {
  const names = state.watchers.map(({ watcher, file }) => `selections:${basename(file)}:${watcher.isPolling ? 'polling' : 'events'}`);
  if (state.watchersEnabled && state.isRunning) {
    names.push('activity');
  }
  if (state.hasScheduler) {
    names.push('scheduler');
  }
  return names;
}
