// remote-sync in this process (--local, --manifest or --watch): an application for the command, SIGINT/SIGTERM ending --watch.
import type { CliIo } from './cliIo.js';
import type { ExitCode } from './exitCode.js';
import type { GlobalOptions } from './globalOptions.js';
import { loadRemoteContext } from './loadRemoteContext.js';
import { runRemoteSync } from './runRemoteSync.js';
import { withApp } from './withApp.js';

/** Syncs into an in-process application and the cache directory; `--watch` runs until SIGINT or SIGTERM. */
export async function remoteSyncInProcess(globals: GlobalOptions, io: CliIo, options: { readonly manifest?: string; readonly watch: boolean; readonly json: boolean }): Promise<ExitCode> {
  const context = await loadRemoteContext(io, globals.config);
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  if (options.watch) {
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }
  try {
    return await withApp(globals, io, (app) => runRemoteSync(app, context, { ...options, signal: controller.signal }, io), { persistStatus: true });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
