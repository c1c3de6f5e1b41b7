// The `remote-sync` command: fetch, verify and cache the remote manifest now (or keep doing it with --watch).
import { createLogger, type Oneiric } from '@oneiric/core';
import { createAuditLogger, RemoteSync, type SyncResult } from '@oneiric/remote';
import type { CliIo } from './cliIo.js';
import { ExitCode } from './exitCode.js';
import { isDebug } from './isDebug.js';
import type { RemoteContext } from './loadRemoteContext.js';
import { ProgressBar } from './progressBar.js';

/** Options of `remote-sync`. */
export interface RemoteSyncCommandOptions {
  /** Manifest address overriding `remote.manifest_url`. */
  readonly manifest?: string;
  /** Keep refreshing every `refresh_interval_seconds` until interrupted. */
  readonly watch: boolean;
  /** Print JSON (one line per sync). */
  readonly json: boolean;
  /** Ends `--watch` (the binary passes one aborted by SIGINT/SIGTERM). */
  readonly signal?: AbortSignal;
}

/**
 * Syncs the manifest into `app` and the cache directory (so the application can start offline
 * from it), printing what was registered, kept, retracted and skipped. A progress bar shows
 * artifact downloads when stdout is a terminal. The audit log goes to `remote.audit_log_file`
 * (and to stderr in debug mode), so command output stays clean.
 * @throws RemoteError when the sync fails (without `--watch`)
 */
export async function runRemoteSync(app: Oneiric, context: RemoteContext, options: RemoteSyncCommandOptions, io: CliIo): Promise<ExitCode> {
  const isTerminal = (io.stdout as { isTTY?: boolean }).isTTY === true && !options.json;
  const bar = isTerminal ? new ProgressBar(io.stdout) : undefined;
  const debug = isDebug(io.env);
  const remote = new RemoteSync({
    app,
    cacheDir: context.cacheDir,
    settings: context.settings,
    env: io.env,
    // Factory modules resolve from the project the command runs in.
    cwd: io.cwd,
    logger: debug ? createLogger({ level: 'debug', json: false }) : app.logger,
    auditLogger: createAuditLogger({ quiet: !debug, ...(context.settings.audit_log_file === undefined ? {} : { file: context.settings.audit_log_file }) }),
    ...(bar === undefined ? {} : { onProgress: (progress) => bar.update(progress.done, progress.total, progress.uri.split('/').pop() ?? '') }),
  });
  try {
    if (!options.watch) {
      const result = await remote.sync(options.manifest);
      bar?.finish();
      io.stdout.write(formatResult(result, options.json));
      return ExitCode.success;
    }
    const intervalMs = context.settings.refresh_interval_seconds * 1000;
    while (options.signal?.aborted !== true) {
      try {
        const result = await remote.sync(options.manifest);
        bar?.finish();
        io.stdout.write(formatResult(result, options.json));
      } catch (error) {
        bar?.finish();
        // --watch reports and keeps going: a failed refresh never ends the loop.
        io.stderr.write(options.json ? `${JSON.stringify({ error: { message: error instanceof Error ? error.message : String(error), kind: (error as { kind?: unknown }).kind ?? 'unexpected' } })}\n` : `oneiric: ${error instanceof Error ? error.message : String(error)}\n`);
      }
      await sleep(intervalMs, options.signal);
    }
    return ExitCode.success;
  } finally {
    remote.close();
  }
}

function formatResult(result: SyncResult, json: boolean): string {
  if (json) {
    return `${JSON.stringify(result)}\n`;
  }
  const lines = [
    `Synced manifest serial ${result.serial} from ${result.source}${result.offline ? ' (offline, from the cache)' : ''}; signed by ${result.signerKeyIds.join(', ') || 'nobody (unsigned allowed)'}`,
    `  registered: ${result.registered.length}, unchanged: ${result.unchanged.length}, retracted: ${result.retracted.length}, skipped: ${result.skipped.length}, artifacts checked: ${result.digestChecks}, ${result.durationMs} ms`,
    ...result.skipped.map((skipped) => `  skipped ${skipped.id} (${skipped.kind}): ${skipped.reason}`),
  ];
  return `${lines.join('\n')}\n`;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
