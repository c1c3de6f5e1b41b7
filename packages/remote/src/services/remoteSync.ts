/** Keeps an application's remote-manifest candidates in step with a signed manifest: the facade over fetcher, verifier, loader, applier and status recorder. */
import type { AcceptedSerial } from '../calculations/checkSerial.js';
import { createSilentLogger, inSpan, SpanAttribute, TimeoutError, withTimeout, type Oneiric, type OneiricLogger } from '@oneiric/core';
import { messageOf } from '@oneiric/core/internal';
import { policyFromSettings } from '../calculations/policyFromSettings.js';
import { redactUri } from '../calculations/redactUri.js';
import type { RemoteSettings } from '../config/remoteSettings.js';
import { RemoteError, RemoteErrorKind } from '../errors/remoteError.js';
import { createAuditLogger } from '../logging/createAuditLogger.js';
import type { ArtifactProgress } from '../models/artifactProgress.js';
import type { RemoteStatus } from '../models/remoteStatus.js';
import type { SyncResult } from '../models/syncResult.js';
import { ArtifactLoader } from './artifactLoader.js';
import { ManifestFetcher } from './manifestFetcher.js';
import { ManifestVerifier } from './manifestVerifier.js';
import { RefreshLoop } from './refreshLoop.js';
import { RegistryApplier } from './registryApplier.js';
import { RemoteCache } from './remoteCache.js';
import { StatusRecorder } from './statusRecorder.js';

/**
 * Options of {@link RemoteSync}.
 * @category Sync
 */
export interface RemoteSyncOptions {
  /** The application whose registry receives the candidates. */
  readonly app: Oneiric;
  /** Remote settings (see `parseRemoteSettings`). */
  readonly settings: RemoteSettings;
  /** Cache directory: last verified manifest, artifacts, anti-rollback state, status. */
  readonly cacheDir: string;
  /** Operational logger (defaults to the application's). */
  readonly logger?: OneiricLogger;
  /** Audit logger (default: `createAuditLogger` writing to stderr and `audit_log_file`). */
  readonly auditLogger?: OneiricLogger;
  /** Secrets hook: returns the auth token when `auth_token` is not set. Its value is never logged. */
  readonly authToken?: () => string | undefined | Promise<string | undefined>;
  /** Environment read for `ONEIRIC_TRUSTED_PUBLIC_KEYS` (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Clock, in epoch milliseconds (tests move it). */
  readonly now?: () => number;
  /** Called after each artifact is fetched or found in the cache (its `uri` redacted). */
  readonly onProgress?: (progress: ArtifactProgress) => void;
  /** The application root: installed factory modules are resolved from here (default `process.cwd()`). */
  readonly cwd?: string;
}

/**
 * Syncs remote-manifest candidates into an {@link Oneiric} application.
 *
 * `sync()` fetches the manifest (timeout, retries with backoff, an opossum circuit breaker, a
 * minimum interval), verifies it (signatures over the RFC 8785 form, threshold in distinct
 * trusted keys, expiry, maximum age, anti-rollback serial — one floor per cache directory),
 * checks each entry (skipping invalid ones), downloads and digest-checks artifacts, imports them
 * (skipping an entry whose artifact or module fails), writes the cache, and only then changes the
 * registry in one step: changed and new entries registered, unlisted ones unregistered, unchanged
 * ones left alone; `app.sync()` then swaps keys whose winner changed. The manifest and its
 * artifacts are cached for `syncFromCache()` (offline start); `startRefreshLoop()` repeats
 * `sync()` and never stops on a failure. Every security decision is one audit log line.
 * @example
 * ```ts
 * const remote = new RemoteSync({ app, settings: parseRemoteSettings(plain), cacheDir: '.oneiric_cache' });
 * await remote.syncOrFallBack(); // online, or from the cache when the remote is unreachable
 * await app.start();
 * remote.startRefreshLoop();
 * ```
 * @category Sync
 */
export class RemoteSync {
  /** The cache files. */
  public readonly cache: RemoteCache;
  readonly #settings: RemoteSettings;
  readonly #logger: OneiricLogger;
  readonly #fetcher: ManifestFetcher;
  readonly #verifier: ManifestVerifier;
  readonly #applier: RegistryApplier;
  readonly #status: StatusRecorder;
  readonly #loop: RefreshLoop;
  #syncing: Promise<unknown> = Promise.resolve();

  /**
   * @param options - application, settings, cache directory, loggers and hooks
   * @throws RemoteError `invalidKey` when a trusted key (settings or `ONEIRIC_TRUSTED_PUBLIC_KEYS`) cannot be read
   */
  public constructor(options: RemoteSyncOptions) {
    const { app, settings } = options;
    this.#settings = settings;
    const logger = options.logger ?? app.logger ?? createSilentLogger();
    this.#logger = logger;
    const audit = options.auditLogger ?? createAuditLogger(settings.audit_log_file === undefined ? {} : { file: settings.audit_log_file });
    const now = options.now ?? Date.now;
    const cache = new RemoteCache(options.cacheDir);
    this.cache = cache;
    const policy = policyFromSettings(settings, options.env ?? process.env);
    const verifier = new ManifestVerifier({ policy, maxManifestBytes: settings.max_manifest_bytes, cache, audit, now });
    this.#verifier = verifier;
    this.#fetcher = new ManifestFetcher({ settings, logger, audit, now, authToken: options.authToken, parse: (bytes, source) => verifier.parse(bytes, source, source) });
    const loader = new ArtifactLoader({
      cache, audit, importTimeoutMs: settings.import_timeout_ms, cwd: options.cwd ?? process.cwd(), onProgress: options.onProgress,
      fetchArtifact: (uri, manifestSource) => this.#fetcher.fetchArtifact(uri, manifestSource),
    });
    this.#applier = new RegistryApplier({ app, loader, cache, factoryAllowlist: settings.factory_allowlist, activationTimeoutMs: settings.activation_timeout_ms, logger, audit, now });
    this.#status = new StatusRecorder({ cache, logger, now });
    this.#loop = new RefreshLoop(() => this.refreshOnce());
  }

  /** Whether the manifest URL's circuit is open (fetches are refused without a request). */
  public get isCircuitOpen(): boolean {
    return this.#fetcher.isCircuitOpen;
  }

  /**
   * Fetches, verifies and applies the manifest at `manifestUrl` (default: `manifest_url`, used
   * only when `enabled` is true). The registry changes only after everything else (cache writes
   * included) succeeded; an entry whose artifact or module cannot be loaded is skipped and reported
   * in `skipped` (an earlier registration of it is kept) while the rest applies. The status file
   * records the outcome.
   * @throws RemoteError saying why the manifest was refused or not fetched;
   *   `circuitOpen` when the breaker is open, `rateLimited` when called too soon
   */
  public sync(manifestUrl?: string): Promise<SyncResult> {
    const source = redactUri(manifestUrl ?? this.#settings.manifest_url ?? '');
    return traceSync(source, false, () => this.#exclusive((signal) => this.#status.recorded(source, false, async () => {
      const uri = this.#manifestUri(manifestUrl);
      const fetched = await inSpan('oneiric.remote.fetch', { kind: 'client', attributes: { [SpanAttribute.manifestSource]: source } }, () => this.#fetcher.fetchManifest(uri));
      const verified = await inSpan('oneiric.remote.verify', {}, () => this.#verifier.verify(fetched, source));
      return inSpan('oneiric.remote.apply', { attributes: { [SpanAttribute.manifestSerial]: verified.manifest.serial } }, () => this.#applier.apply(verified, { source, offline: false }, signal));
    })));
  }

  /**
   * Applies the last verified manifest from the cache (verified again, artifacts re-hashed
   * before import): the offline start.
   * @throws RemoteError `noCachedManifest` when nothing was cached, or why the cached copy was refused
   */
  public syncFromCache(): Promise<SyncResult> {
    return traceSync('cache', true, () => this.#exclusive(async (signal) => {
      const cached = await this.cache.readManifest();
      // Caches written by older versions may hold an unredacted source.
      const source = redactUri(cached?.source ?? 'cache');
      return this.#status.recorded(source, true, async () => {
        if (cached === undefined) {
          throw new RemoteError(RemoteErrorKind.noCachedManifest, 'no verified manifest in the cache to start from');
        }
        const fetched = this.#verifier.parse(new TextEncoder().encode(cached.text), 'cached manifest', source);
        const verified = await inSpan('oneiric.remote.verify', {}, () => this.#verifier.verify(fetched, source));
        return inSpan('oneiric.remote.apply', { attributes: { [SpanAttribute.manifestSerial]: verified.manifest.serial } }, () => this.#applier.apply(verified, { source, offline: true }, signal));
      });
    }));
  }

  /**
   * `sync()`, falling back to `syncFromCache()` when it fails (unreachable remote, open circuit,
   * or a refused manifest: the last good one is kept). Logs the reason of the fallback.
   * @throws the cache's error when both fail
   */
  public async syncOrFallBack(manifestUrl?: string): Promise<SyncResult> {
    try {
      return await this.sync(manifestUrl);
    } catch (error) {
      this.#logger.warn('remote manifest sync failed; starting from the cached manifest', { error: messageOf(error) });
      return this.syncFromCache();
    }
  }

  /**
   * One refresh: `sync()` with every error caught, logged and recorded. Never rejects.
   * @returns the result, or undefined when the sync failed
   */
  public async refreshOnce(): Promise<SyncResult | undefined> {
    try {
      return await this.sync();
    } catch (error) {
      this.#logger.warn('remote manifest refresh failed', { error: messageOf(error), kind: error instanceof RemoteError ? error.kind : 'unexpected' });
      return undefined;
    }
  }

  /**
   * Refreshes every `refresh_interval_seconds` (or `intervalMs`) until `stopRefreshLoop()`. A
   * failed refresh is logged and recorded; the loop goes on. Calling it twice is a no-op.
   */
  public startRefreshLoop(intervalMs = this.#settings.refresh_interval_seconds * 1000): void {
    this.#loop.start(intervalMs);
  }

  /** Stops the refresh loop (a refresh in progress finishes). */
  public stopRefreshLoop(): void {
    this.#loop.stop();
  }

  /** The persisted status. */
  public status(): Promise<RemoteStatus> {
    return this.cache.readStatus();
  }

  /**
   * The anti-rollback floor of this cache directory: the last accepted manifest's serial and
   * digest, or undefined when none was accepted.
   * @throws RemoteError `rollbackStateUnreadable`
   */
  public acceptedManifest(): Promise<AcceptedSerial | undefined> {
    return this.cache.readAccepted();
  }

  /**
   * Raises the anti-rollback floor to `floor` when it is higher (never lowers it), so manifests
   * below it are refused from now on: how a fleet floor raised by another instance reaches this one.
   * @throws RemoteError `rollbackStateUnreadable`
   */
  public raiseAcceptedFloor(floor: AcceptedSerial): Promise<void> {
    return this.cache.writeAccepted(floor);
  }

  /** Stops the loop and the breaker's timers. */
  public close(): void {
    this.stopRefreshLoop();
    this.#fetcher.close();
  }

  // The URL to fetch: the one passed, else `manifest_url` when remote manifests are enabled.
  #manifestUri(manifestUrl: string | undefined): string {
    if (manifestUrl === undefined && !this.#settings.enabled) {
      throw new RemoteError(RemoteErrorKind.invalidSettings, 'remote manifests are disabled (remote.enabled is false); enable them or pass a manifest URL');
    }
    const uri = manifestUrl ?? this.#settings.manifest_url;
    if (uri === undefined) {
      throw new RemoteError(RemoteErrorKind.invalidSettings, 'no manifest URL: set remote.manifest_url or pass one');
    }
    return uri;
  }

  // Syncs never overlap: the registry change and the cache write of one finish before the next
  // starts. A sync past `sync_timeout_ms` fails with `timeout` and releases the queue; its signal
  // is aborted, so if its work ever resumes it stops before touching the registry.
  #exclusive<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      const controller = new AbortController();
      const timeoutMs = this.#settings.sync_timeout_ms;
      try {
        return await withTimeout(work(controller.signal), timeoutMs, 'remote sync');
      } catch (error) {
        if (error instanceof TimeoutError) {
          controller.abort();
          const timeout = new RemoteError(RemoteErrorKind.timeout, `the remote sync did not finish within ${timeoutMs} ms`, {}, error);
          await this.#status.recordTimeout(timeout);
          throw timeout;
        }
        throw error;
      }
    };
    const next = this.#syncing.then(run, run);
    this.#syncing = next.catch(() => undefined);
    return next;
  }
}

// One `oneiric.remote.sync` span around a whole sync (waiting for an earlier one included), with
// fetch, verify and apply as its children, and the outcome's counts once it is known.
function traceSync(source: string, isOffline: boolean, sync: () => Promise<SyncResult>): Promise<SyncResult> {
  return inSpan('oneiric.remote.sync', { attributes: { [SpanAttribute.manifestSource]: source, [SpanAttribute.offline]: isOffline } }, async (span) => {
    const result = await sync();
    span.setAttributes({
      [SpanAttribute.manifestSerial]: result.serial,
      [SpanAttribute.registered]: result.registered.length,
      [SpanAttribute.retracted]: result.retracted.length,
      [SpanAttribute.skipped]: result.skipped.length,
    });
    return result;
  });
}
