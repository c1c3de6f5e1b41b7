// The `remote-sync` command: fetch, verify and cache the remote manifest now (or keep doing it with --watch).
import { createLogger, type Oneiric } from '@oneiric/core';
import { createAuditLogger, RemoteError, RemoteErrorKind, RemoteSync, type SyncResult } from '@oneiric/remote';
import type { CliIo } from './cliIo.js';
import { ExitCode } from './exitCode.js';
import { isDebug } from './isDebug.js';
import type { RemoteContext } from './loadRemoteContext.js';
import { ProgressBar } from './progressBar.js';
import { syncResultText as formatResult } from './syncResultText.js';

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
 * (and to stderr in debug mode), so command output stays clean. When the sync fails because the remote is
 * unreachable (fetch failed, timeout, open circuit, rate limit) the last verified manifest in the cache is applied instead, with a warning
 * on stderr and `offline: true` in the result (exit 0).
 * @throws RemoteError when the sync fails and nothing usable is cached (without `--watch`)
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
      const result = await syncOrUseCache(remote, options.manifest, io);
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

// The remote being down must not leave the application without its last verified manifest.
async function syncOrUseCache(remote: RemoteSync, manifest: string | undefined, io: CliIo): Promise<SyncResult> {
  try {
    return await remote.sync(manifest);
  } catch (syncError) {
    // Only for an unreachable remote: a refused manifest (rollback, bad signature) is reported as
    // the failure it is (the cached manifest stays what the application runs).
    if (!isUnavailable(syncError) || await remote.cache.readManifest() === undefined) {
      throw syncError;
    }
    let result: SyncResult;
    try {
      result = await remote.syncFromCache();
    } catch {
      // Nothing usable cached: the sync's own error says what to fix.
      throw syncError;
    }
    io.stderr.write(`oneiric: warning: remote sync failed (${syncError instanceof Error ? syncError.message : String(syncError)}); applied the cached manifest, serial ${result.serial}\n`);
    return result;
  }
}

const UNAVAILABLE_KINDS: ReadonlySet<string> = new Set([RemoteErrorKind.fetchFailed, RemoteErrorKind.timeout, RemoteErrorKind.circuitOpen, RemoteErrorKind.rateLimited]);

function isUnavailable(error: unknown): boolean {
  return error instanceof RemoteError && UNAVAILABLE_KINDS.has(error.kind);
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
