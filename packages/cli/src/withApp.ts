// The in-process copy a command acts on with --local or without a runtime: an application (and bridges) for one command.
import type { Oneiric } from '@oneiric/core';
import { optionsFromSettings } from '@oneiric/core';
import { ActivityStore, createDomainBridges, type DomainBridges } from '@oneiric/domains';
import { buildApp } from './buildApp.js';
import type { CliIo } from './cliIo.js';
import type { ExitCode } from './exitCode.js';
import type { GlobalOptions } from './globalOptions.js';
import { loadCachedManifest } from './loadCachedManifest.js';
import { loadCliSettings } from './loadCliSettings.js';

/** How {@link withApp} builds the application. */
export interface WithAppOptions {
  /** Record swaps in the status file of `cache_dir`. */
  readonly persistStatus?: boolean;
  /** Also register the candidates of the cached remote manifest (what `remote-sync` brought). */
  readonly cachedManifest?: boolean;
}

/**
 * Runs `run` with an application built for this command, then closes it: instances built here
 * are cleaned up, but the status file keeps what the command did (the CLI acts on behalf of the
 * application, it is not the application shutting down).
 */
export async function withApp(globals: GlobalOptions, io: CliIo, run: (app: Oneiric) => ExitCode | Promise<ExitCode>, options: WithAppOptions = {}): Promise<ExitCode> {
  const app = await buildApp(globals, io, options.persistStatus === true);
  try {
    if (options.cachedManifest === true) {
      await loadCachedManifest(app, io, globals.config);
    }
    return await run(app);
  } finally {
    await app.close({ recordClosed: false });
  }
}

/** Like {@link withApp}, with the domain bridges over `cache_dir` (checkpoints, activity), not following the activity file. */
export async function withBridges(globals: GlobalOptions, io: CliIo, run: (bridges: DomainBridges) => ExitCode | Promise<ExitCode>): Promise<ExitCode> {
  const cacheDir = await cacheDirOf(globals, io);
  return withApp(globals, io, async (app) => {
    const bridges = await createDomainBridges(app, { watchActivity: false, ...(cacheDir === undefined ? {} : { cacheDir }) });
    try {
      return await run(bridges);
    } finally {
      await bridges.close();
    }
  });
}

/** The activity file of `cache_dir`, loaded. */
export async function activityStoreOf(globals: GlobalOptions, io: CliIo): Promise<ActivityStore> {
  const cacheDir = await cacheDirOf(globals, io);
  const store = new ActivityStore(cacheDir === undefined ? {} : { cacheDir });
  await store.load();
  return store;
}

async function cacheDirOf(globals: GlobalOptions, io: CliIo): Promise<string | undefined> {
  const settings = await loadCliSettings(io, globals.config);
  return optionsFromSettings(settings, { cwd: io.cwd }).cacheDir;
}
