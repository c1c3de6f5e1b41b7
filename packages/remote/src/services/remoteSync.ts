/** Keeps an application's remote-manifest candidates in step with a signed manifest: fetch, verify, cache, load, register, retract. */
import { readFile } from 'node:fs/promises';
import CircuitBreaker from 'opossum';
import { createSilentLogger, retryWithBackoff, withTimeout, type CandidateInput, type Domain, type Oneiric, type OneiricLogger } from '@oneiric/core';
import { candidateFromEntry } from '../calculations/candidateFromEntry.js';
import { canonicalJson } from '../calculations/canonicalJson.js';
import { checkManifestTimes } from '../calculations/checkManifestTimes.js';
import { checkSerial } from '../calculations/checkSerial.js';
import { digestMatches } from '../calculations/digestMatches.js';
import { entryId } from '../calculations/entryId.js';
import { factoryFromExport } from '../calculations/factoryFromExport.js';
import { parseManifest, type ParsedManifest } from '../calculations/parseManifest.js';
import { parseTrustedKeys } from '../calculations/parseTrustedKeys.js';
import { planSync } from '../calculations/planSync.js';
import { redactUri } from '../calculations/redactUri.js';
import { sha256Hex } from '../calculations/sha256Hex.js';
import { validateEntry } from '../calculations/validateEntry.js';
import { verifyManifest } from '../calculations/verifyManifest.js';
import type { RemoteSettings } from '../config/remoteSettings.js';
import { fetchResource } from '../actions/fetchResource.js';
import { importVerifiedModule } from '../actions/importVerifiedModule.js';
import { writeBytesAtomic } from '../actions/writeBytesAtomic.js';
import { RemoteError, RemoteErrorKind } from '../errors/remoteError.js';
import { createAuditLogger } from '../logging/createAuditLogger.js';
import type { ManifestEntry } from '../models/manifestEntry.js';
import type { RemoteStatus } from '../models/remoteStatus.js';
import type { SkippedEntry, SyncResult } from '../models/syncResult.js';
import type { VerificationPolicy } from '../models/verificationPolicy.js';
import type { VerifiedManifest } from '../models/verifiedManifest.js';
import { RemoteCache } from './remoteCache.js';

/** Progress of artifact downloads, for progress bars. */
export interface ArtifactProgress {
  /** Artifacts handled so far. */
  readonly done: number;
  /** Artifacts this sync handles. */
  readonly total: number;
  /** The artifact just handled (redacted by `redactUri`). */
  readonly uri: string;
}

/** Options of {@link RemoteSync}. */
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

interface FetchedManifest {
  readonly bytesDigest: string;
  readonly parsed: ParsedManifest;
}

interface AcceptedEntry {
  readonly id: string;
  readonly index: number;
  readonly fingerprint: string;
  readonly entry: ManifestEntry;
  readonly exportName: string;
  readonly specifier: string;
}

interface ListedEntry {
  readonly domain: Domain;
  readonly key: string;
  readonly provider: string;
}

// The breaker's failures are what the remote did wrong (unreachable, error status, garbage);
// a rate-limited call never reached the remote and must not count.
// Nor does a local refusal made before any request (an auth token that is not a valid header value).
const NOT_A_REMOTE_FAILURE = new Set<string>([RemoteErrorKind.rateLimited, RemoteErrorKind.fileUriRefused, RemoteErrorKind.pathTraversal, RemoteErrorKind.unsupportedUri, RemoteErrorKind.invalidSettings]);

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
 */
export class RemoteSync {
  /** The cache files. */
  public readonly cache: RemoteCache;
  readonly #app: Oneiric;
  readonly #settings: RemoteSettings;
  readonly #logger: OneiricLogger;
  readonly #audit: OneiricLogger;
  readonly #options: RemoteSyncOptions;
  readonly #now: () => number;
  readonly #breaker: CircuitBreaker<[string], FetchedManifest>;
  readonly #policy: VerificationPolicy;
  // The last verified bytes: identical bytes need no parsing and no signature check again, only the clock checks.
  #lastVerified: { readonly bytesDigest: string; readonly verified: VerifiedManifest } | undefined;
  // What the registry holds from the last applied manifest, to answer an unchanged re-sync without work.
  // `activationError` is set while the last apply's `app.sync()` failed: the same manifest is then not short-cut, so `app.sync()` is retried.
  // `loadFailures` is set when an entry's artifact or module could not be loaded: the same manifest is then not short-cut either, so the load is retried.
  #applied: { readonly digest: string; readonly skipped: readonly SkippedEntry[]; readonly perDomain: Readonly<Record<string, number>>; readonly touched: readonly ListedEntry[]; readonly loadFailures: boolean; activationError?: string | undefined } | undefined;
  readonly #fingerprints = new Map<string, string>();
  readonly #listed = new Map<string, ListedEntry>();
  #lastFetchStartedMs: number | undefined;
  #loopTimer: NodeJS.Timeout | undefined;
  #loopRunning = false;
  #syncing: Promise<unknown> = Promise.resolve();

  /** @param options - application, settings, cache directory, loggers and hooks */
  public constructor(options: RemoteSyncOptions) {
    this.#options = options;
    this.#app = options.app;
    this.#settings = options.settings;
    this.#logger = options.logger ?? options.app.logger ?? createSilentLogger();
    this.#audit = options.auditLogger ?? createAuditLogger(options.settings.audit_log_file === undefined ? {} : { file: options.settings.audit_log_file });
    this.#now = options.now ?? Date.now;
    this.cache = new RemoteCache(options.cacheDir);
    const settings = options.settings;
    const env = options.env ?? process.env;
    this.#policy = {
      trustedKeys: parseTrustedKeys([...settings.trusted_public_keys, ...(env['ONEIRIC_TRUSTED_PUBLIC_KEYS'] ?? '').split(',')]),
      signatureRequired: settings.signature_required,
      threshold: settings.signature_threshold,
      requireExpiry: settings.signature_require_expiry,
      clockSkewMs: settings.clock_skew_seconds * 1000,
      ...(settings.signature_max_age_seconds === undefined ? {} : { maxAgeMs: settings.signature_max_age_seconds * 1000 }),
    };
    this.#breaker = new CircuitBreaker((uri: string) => this.#fetchAndParse(uri), {
      // Each attempt has its own fetch timeout; the breaker only counts outcomes.
      timeout: false,
      volumeThreshold: settings.circuit_breaker_threshold,
      errorThresholdPercentage: 50,
      resetTimeout: settings.circuit_breaker_reset_ms,
      // A window long enough that failures spread over refresh intervals still add up.
      rollingCountTimeout: Math.max(10_000, settings.refresh_interval_seconds * 1000 * (settings.circuit_breaker_threshold + 1)),
      errorFilter: (error: unknown) => error instanceof RemoteError && NOT_A_REMOTE_FAILURE.has(error.kind),
    });
  }

  /** Whether the manifest URL's circuit is open (fetches are refused without a request). */
  public get isCircuitOpen(): boolean {
    return this.#breaker.opened;
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
    return this.#exclusive((signal) => this.#recorded(redactUri(manifestUrl ?? this.#settings.manifest_url ?? ''), false, async () => {
      if (manifestUrl === undefined && !this.#settings.enabled) {
        throw new RemoteError(RemoteErrorKind.invalidSettings, 'remote manifests are disabled (remote.enabled is false); enable them or pass a manifest URL');
      }
      const uri = manifestUrl ?? this.#settings.manifest_url;
      if (uri === undefined) {
        throw new RemoteError(RemoteErrorKind.invalidSettings, 'no manifest URL: set remote.manifest_url or pass one');
      }
      this.#checkRateLimit();
      let fetched: FetchedManifest;
      try {
        fetched = await this.#breaker.fire(uri);
      } catch (error) {
        throw this.#breakerError(error, uri);
      }
      const source = redactUri(uri);
      const verified = await this.#verify(fetched, source);
      return this.#apply(verified, source, false, signal);
    }));
  }

  /**
   * Applies the last verified manifest from the cache (verified again, artifacts re-hashed
   * before import): the offline start.
   * @throws RemoteError `noCachedManifest` when nothing was cached, or why the cached copy was refused
   */
  public syncFromCache(): Promise<SyncResult> {
    return this.#exclusive(async (signal) => {
      const cached = await this.cache.readManifest();
      // Caches written by older versions may hold an unredacted source.
      const source = redactUri(cached?.source ?? 'cache');
      return this.#recorded(source, true, async () => {
        if (cached === undefined) {
          throw new RemoteError(RemoteErrorKind.noCachedManifest, 'no verified manifest in the cache to start from');
        }
        const verified = await this.#verify(this.#parseUnlessKnown(new TextEncoder().encode(cached.text), 'cached manifest', source), source);
        return this.#apply(verified, source, true, signal);
      });
    });
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
      this.#logger.warn('remote manifest sync failed; starting from the cached manifest', { error: errorText(error) });
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
      this.#logger.warn('remote manifest refresh failed', { error: errorText(error), kind: error instanceof RemoteError ? error.kind : 'unexpected' });
      return undefined;
    }
  }

  /**
   * Refreshes every `refresh_interval_seconds` (or `intervalMs`) until `stopRefreshLoop()`. A
   * failed refresh is logged and recorded; the loop goes on. Calling it twice is a no-op.
   */
  public startRefreshLoop(intervalMs = this.#settings.refresh_interval_seconds * 1000): void {
    if (this.#loopRunning) {
      return;
    }
    this.#loopRunning = true;
    const tick = (): void => {
      this.#loopTimer = setTimeout(() => {
        // refreshOnce never rejects; the catch is a last guard so the loop can never die.
        void this.refreshOnce().catch(() => undefined).finally(() => {
          if (this.#loopRunning) {
            tick();
          }
        });
      }, intervalMs);
      // The loop alone must not keep a process alive.
      this.#loopTimer.unref();
    };
    tick();
  }

  /** Stops the refresh loop (a refresh in progress finishes). */
  public stopRefreshLoop(): void {
    this.#loopRunning = false;
    if (this.#loopTimer !== undefined) {
      clearTimeout(this.#loopTimer);
      this.#loopTimer = undefined;
    }
  }

  /** The persisted status. */
  public status(): Promise<RemoteStatus> {
    return this.cache.readStatus();
  }

  /** Stops the loop and the breaker's timers. */
  public close(): void {
    this.stopRefreshLoop();
    this.#breaker.shutdown();
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
        if (isTimeout(error)) {
          controller.abort();
          const timeout = new RemoteError(RemoteErrorKind.timeout, `the remote sync did not finish within ${timeoutMs} ms`, {}, error);
          await this.#recordTimeout(timeout);
          throw timeout;
        }
        throw error;
      }
    };
    const next = this.#syncing.then(run, run);
    this.#syncing = next.catch(() => undefined);
    return next;
  }

  async #recordTimeout(error: RemoteError): Promise<void> {
    const status = await this.cache.readStatus();
    const { lastError: _error, lastErrorKind: _kind, ...rest } = status;
    await this.#writeStatusSafely({ ...rest, lastFailureAt: new Date(this.#now()).toISOString(), consecutiveFailures: status.consecutiveFailures + 1, lastError: error.message, lastErrorKind: error.kind });
  }

  async #recorded(source: string, offline: boolean, work: () => Promise<SyncResult>): Promise<SyncResult> {
    const startedMs = this.#now();
    const status = await this.cache.readStatus();
    try {
      const result = await work();
      // Fetch, verification and apply: the whole sync, not only the registry step.
      const durationMs = this.#now() - startedMs;
      await this.#writeStatusSafely({
        ...status,
        lastSuccessAt: new Date(this.#now()).toISOString(),
        consecutiveFailures: 0,
        lastSource: result.source,
        lastOffline: result.offline,
        lastSerial: result.serial,
        lastRegistered: result.registered.length,
        lastUnchanged: result.unchanged.length,
        lastRetracted: result.retracted.length,
        lastSkipped: result.skipped.length,
        lastDigestChecks: result.digestChecks,
        lastPerDomain: { ...result.perDomain },
        lastDurationMs: durationMs,
      });
      return { ...result, durationMs };
    } catch (error) {
      const { lastError: _error, lastErrorKind: _kind, ...rest } = status;
      await this.#writeStatusSafely({
        ...rest,
        lastFailureAt: new Date(this.#now()).toISOString(),
        consecutiveFailures: status.consecutiveFailures + 1,
        lastError: errorText(error),
        ...(error instanceof RemoteError ? { lastErrorKind: error.kind } : {}),
        lastSource: source,
        lastOffline: offline,
        lastDurationMs: this.#now() - startedMs,
      });
      throw error;
    }
  }

  async #writeStatusSafely(status: RemoteStatus): Promise<void> {
    try {
      await this.cache.writeStatus(status);
    } catch (error) {
      // Telemetry must never turn a good sync into a failure.
      this.#logger.warn('could not write the remote status file', { error: errorText(error) });
    }
  }

  #checkRateLimit(): void {
    const now = this.#now();
    if (this.#lastFetchStartedMs !== undefined && now - this.#lastFetchStartedMs < this.#settings.min_fetch_interval_ms) {
      throw new RemoteError(RemoteErrorKind.rateLimited, `manifest fetched ${now - this.#lastFetchStartedMs} ms ago; the minimum interval is ${this.#settings.min_fetch_interval_ms} ms`);
    }
    this.#lastFetchStartedMs = now;
  }

  #breakerError(error: unknown, uri: string): unknown {
    if (error instanceof RemoteError) {
      if (error.kind === RemoteErrorKind.pathTraversal || error.kind === RemoteErrorKind.fileUriRefused) {
        this.#audit.warn('manifest location refused', { event: error.kind === RemoteErrorKind.pathTraversal ? 'path.refused' : 'file.refused', decision: 'refused', uri: redactUri(uri), reason: error.message });
      }
      return error;
    }
    // By code, not class: the breaker's error may come from another realm under test runners.
    if (typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'EOPENBREAKER') {
      return new RemoteError(RemoteErrorKind.circuitOpen, `the circuit of ${redactUri(uri)} is open after repeated failures; no request was made`, { uri: redactUri(uri) });
    }
    return error;
  }

  async #fetchAndParse(uri: string): Promise<FetchedManifest> {
    const headers = await this.#authHeaders();
    const bytes = await this.#fetchWithRetry(uri, headers, this.#settings.max_manifest_bytes);
    return this.#parseUnlessKnown(bytes, redactUri(uri), redactUri(uri));
  }

  #parseUnlessKnown(bytes: Uint8Array, origin: string, source: string): FetchedManifest {
    const bytesDigest = sha256Hex(bytes);
    if (this.#lastVerified?.bytesDigest === bytesDigest) {
      return { bytesDigest, parsed: this.#lastVerified.verified };
    }
    if (bytes.byteLength > this.#settings.max_manifest_bytes) {
      throw new RemoteError(RemoteErrorKind.manifestTooLarge, `${origin}: ${bytes.byteLength} bytes is more than max_manifest_bytes (${this.#settings.max_manifest_bytes})`);
    }
    try {
      return { bytesDigest, parsed: parseManifest(new TextDecoder('utf-8', { fatal: false }).decode(bytes), origin, { maxBytes: this.#settings.max_manifest_bytes }) };
    } catch (error) {
      // The schema decides some signature refusals (an algorithm other than ed25519, the legacy
      // `signature` field): they are security decisions, audited like the verifier's.
      if (error instanceof RemoteError && isSignatureRefusal(error)) {
        this.#audit.warn('manifest signature rejected', { event: 'signature.rejected', decision: 'refused', source, kind: error.kind, field: error.context.field, reason: errorText(error) });
      }
      throw error;
    }
  }

  #fetchWithRetry(uri: string, headers: Readonly<Record<string, string>>, maxBytes: number): Promise<Uint8Array> {
    const settings = this.#settings;
    return retryWithBackoff(() => fetchResource(uri, {
      timeoutMs: settings.fetch_timeout_ms,
      maxBytes,
      headers,
      allowFileUris: settings.allow_file_uris,
      allowedFileRoots: settings.allowed_file_uri_roots,
    }), {
      attempts: settings.max_attempts,
      baseDelayMs: settings.retry_base_delay_ms,
      maxDelayMs: settings.retry_max_delay_ms,
      jitter: settings.retry_jitter,
      // Refusals are decisions, not accidents: retrying cannot change them.
      retryOn: (error) => !(error instanceof RemoteError) || error.kind === RemoteErrorKind.fetchFailed || error.kind === RemoteErrorKind.timeout,
      onRetry: (error, attempt, delayMs) => this.#logger.info('retrying a remote fetch', { uri: redactUri(uri), attempt, delayMs, error: errorText(error) }),
    });
  }

  async #authHeaders(): Promise<Record<string, string>> {
    const hook = this.#options.authToken;
    let token = this.#settings.auth_token;
    if (token === undefined && hook !== undefined) {
      try {
        token = await withTimeout(hook(), this.#settings.auth_token_timeout_ms, 'auth token hook');
      } catch (error) {
        if (isTimeout(error)) {
          throw new RemoteError(RemoteErrorKind.timeout, `the auth token hook did not answer within ${this.#settings.auth_token_timeout_ms} ms`);
        }
        throw error;
      }
    }
    return token === undefined || token === '' ? {} : { [this.#settings.auth_header_name]: token };
  }

  async #verify(fetched: FetchedManifest, source: string): Promise<VerifiedManifest> {
    const { parsed } = fetched;
    const known = this.#lastVerified?.bytesDigest === fetched.bytesDigest ? this.#lastVerified.verified : undefined;
    let verified: VerifiedManifest;
    try {
      if (known === undefined) {
        verified = verifyManifest(parsed, this.#policy, this.#now());
      } else {
        // Same bytes, same trusted keys: the signatures still hold; only the clock may have moved.
        checkManifestTimes(known.manifest, this.#policy, this.#now());
        verified = known;
      }
    } catch (error) {
      this.#audit.warn('manifest signature rejected', { event: 'signature.rejected', decision: 'refused', source, serial: parsed.manifest.serial, kind: error instanceof RemoteError ? error.kind : 'unexpected', reason: errorText(error) });
      throw error;
    }
    try {
      // One floor per cache directory (the application's manifest channel), whatever URL the
      // manifest came from: `?cb=1`, `#x` or `localhost` for `127.0.0.1` must not open a lower one.
      checkSerial(await this.cache.readAccepted(), verified.manifest.serial, verified.digest);
    } catch (error) {
      this.#audit.warn('manifest rollback refused', { event: 'rollback.refused', decision: 'refused', source, serial: verified.manifest.serial, kind: error instanceof RemoteError ? error.kind : 'unexpected', reason: errorText(error) });
      throw error;
    }
    this.#audit.info('manifest signature accepted', { event: 'signature.accepted', decision: 'accepted', source, serial: verified.manifest.serial, signers: verified.signerKeyIds, untrustedSignatures: verified.untrustedSignatures, digest: verified.digest, ...(known === undefined ? {} : { unchangedBytes: true }) });
    this.#lastVerified = { bytesDigest: fetched.bytesDigest, verified };
    return verified;
  }

  async #apply(verified: VerifiedManifest, source: string, offline: boolean, signal: AbortSignal): Promise<SyncResult> {
    const startedMs = this.#now();
    const { manifest, plain } = verified;
    const applied = this.#applied;
    if (applied?.digest === verified.digest && !applied.loadFailures) {
      // The registry already holds exactly this manifest: nothing to load, register or retract;
      // but a failed activation of the last apply is retried.
      const activationError = applied.activationError === undefined ? undefined : await this.#activate(applied.touched, manifest.serial, signal);
      applied.activationError = activationError;
      return {
        serial: manifest.serial, source, offline, signerKeyIds: verified.signerKeyIds, registered: [], unchanged: [...this.#fingerprints.keys()],
        retracted: [], skipped: applied.skipped, perDomain: applied.perDomain, digestChecks: 0, durationMs: this.#now() - startedMs,
        ...(activationError === undefined ? {} : { activationError }),
      };
    }
    const plainEntries = Array.isArray(plain['entries']) ? (plain['entries'] as unknown[]) : [];
    const skipped: SkippedEntry[] = [];
    const accepted: AcceptedEntry[] = [];
    const seen = new Set<string>();
    manifest.entries.forEach((entry, index) => {
      const id = entryId(entry);
      const check = validateEntry(entry, this.#settings.factory_allowlist);
      if (!check.ok || seen.has(id)) {
        const refusal = check.ok ? { kind: 'invalidEntry', reason: 'listed twice; the first listing is used' } : check;
        skipped.push({ id, index, kind: refusal.kind, reason: refusal.reason });
        this.#audit.warn('manifest entry refused', { event: eventOfKind(refusal.kind), decision: 'refused', id, index, kind: refusal.kind, reason: refusal.reason });
        return;
      }
      seen.add(id);
      accepted.push({ id, index, fingerprint: canonicalJson(plainEntries[index]), entry, exportName: check.factory.exportName, specifier: check.factory.specifier });
    });
    const plan = planSync(this.#fingerprints, accepted);
    const { loaded, failed, digestChecks } = await this.#buildCandidates(plan.register, manifest.serial, source, offline);
    // An entry whose artifact or module cannot be loaded is skipped, not the whole manifest: the
    // rest applies, retractions included. One already registered by an earlier manifest keeps that
    // registration (it is neither retracted nor counted as unchanged); a new one is not registered.
    const keptEarlier = new Set<string>();
    for (const { item, error } of failed) {
      const kept = this.#fingerprints.has(item.id);
      if (kept) {
        keptEarlier.add(item.id);
      }
      const reason = kept ? `${error.message}; the registration from an earlier manifest is kept` : error.message;
      skipped.push({ id: item.id, index: item.index, kind: error.kind, reason });
      this.#audit.warn('manifest entry skipped', { event: eventOfKind(error.kind), decision: 'refused', id: item.id, index: item.index, kind: error.kind, reason, keptEarlierRegistration: kept });
    }
    skipped.sort((left, right) => left.index - right.index);
    // A sync that timed out must not change anything behind the next one's back.
    signal.throwIfAborted();
    // Everything that can fail runs before the registry changes, storage included (a held lock, a
    // full disk): if a write fails, the registry is untouched and the sync is recorded failed.
    // The manifest first: should the floor's write then fail, the cached manifest is still one
    // the (lower) floor accepts for an offline start.
    if (!offline) {
      await this.cache.writeManifest({ text: JSON.stringify(plain), source: redactUri(source) });
    }
    await this.cache.writeAccepted({ serial: manifest.serial, digest: verified.digest });
    signal.throwIfAborted();
    // Now the registry changes in one synchronous step.
    const touched: ListedEntry[] = [];
    this.#app.register(...loaded.map(({ input }) => input));
    for (const id of plan.retract) {
      const listed = this.#listed.get(id);
      if (listed !== undefined) {
        touched.push(listed);
        this.#app.unregister(listed.domain, listed.key, listed.provider, 'remote-manifest');
      }
      this.#listed.delete(id);
      this.#fingerprints.delete(id);
    }
    for (const { item } of loaded) {
      touched.push({ domain: item.entry.domain as Domain, key: item.entry.key, provider: item.entry.provider });
      this.#fingerprints.set(item.id, item.fingerprint);
      this.#listed.set(item.id, { domain: item.entry.domain as Domain, key: item.entry.key, provider: item.entry.provider });
    }
    const activationError = await this.#activate(touched, manifest.serial, signal);
    const notLoaded = new Set(failed.filter(({ item }) => !keptEarlier.has(item.id)).map(({ item }) => item.id));
    const perDomain: Record<string, number> = {};
    for (const item of accepted) {
      if (!notLoaded.has(item.id)) {
        perDomain[item.entry.domain] = (perDomain[item.entry.domain] ?? 0) + 1;
      }
    }
    this.#applied = { digest: verified.digest, skipped, perDomain, touched, loadFailures: failed.length > 0, ...(activationError === undefined ? {} : { activationError }) };
    return {
      serial: manifest.serial,
      source,
      offline,
      signerKeyIds: verified.signerKeyIds,
      registered: loaded.map(({ item }) => item.id),
      unchanged: plan.unchanged.map((item) => item.id),
      retracted: [...plan.retract],
      skipped,
      perDomain,
      digestChecks,
      durationMs: this.#now() - startedMs,
      ...(activationError === undefined ? {} : { activationError }),
    };
  }

  // `app.sync()` under a time limit. When it fails, fail closed: a remote provider that is still
  // live although the manifest retracted or replaced it is deactivated (core keeps the key marked,
  // so a later `app.sync()` activates its winner). Returns the activation error, if any.
  async #activate(touched: readonly ListedEntry[], serial: number, signal: AbortSignal): Promise<string | undefined> {
    signal.throwIfAborted();
    try {
      await withTimeout(this.#app.sync(), this.#settings.activation_timeout_ms, 'activation of remote candidates');
      return undefined;
    } catch (error) {
      const activationError = isTimeout(error) ? `activation did not finish within ${this.#settings.activation_timeout_ms} ms` : errorText(error);
      this.#logger.warn('a remote candidate could not be activated', { error: activationError });
      for (const listed of touched) {
        await this.#deactivateIfStale(listed, serial);
      }
      return activationError;
    }
  }

  async #deactivateIfStale(listed: ListedEntry, serial: number): Promise<void> {
    const { domain, key, provider } = listed;
    const active = this.#app.active(domain, key);
    if (active === undefined || active.provider !== provider || active.source !== 'remote-manifest') {
      return;
    }
    const stillListed = [...this.#listed.values()].some((entry) => entry.domain === domain && entry.key === key && entry.provider === provider);
    const current = (active.metadata as { manifestSerial?: unknown } | undefined)?.manifestSerial;
    if (stillListed && current === serial) {
      return;
    }
    try {
      await this.#app.deactivate(domain, key);
      this.#audit.warn('retracted remote provider deactivated', { event: 'provider.deactivated', decision: 'refused', domain, key, provider, reason: 'its replacement could not be activated; failing closed' });
    } catch (error) {
      this.#logger.error('a retracted remote provider could not be deactivated', { domain, key, provider, error: errorText(error) });
    }
  }

  // Loads each entry's factory. A per-entry failure (artifact not fetched, digest mismatch, module
  // not resolvable or refused, import failed or timed out, export missing) is returned in `failed`
  // for that entry alone; an unsafe cache directory, or an unexpected error, fails the whole sync.
  async #buildCandidates(entries: readonly AcceptedEntry[], serial: number, source: string, offline: boolean): Promise<{ loaded: { item: AcceptedEntry; input: CandidateInput }[]; failed: { item: AcceptedEntry; error: RemoteError }[]; digestChecks: number }> {
    const withArtifacts = entries.filter((item) => item.entry.uri !== undefined);
    if (withArtifacts.length > 0) {
      // Once per sync, before any artifact is read or written.
      try {
        await this.cache.checkDirectories();
      } catch (error) {
        this.#audit.warn('cache directory refused', { event: 'cache.refused', decision: 'refused', source, kind: error instanceof RemoteError ? error.kind : 'unexpected', reason: errorText(error) });
        throw error;
      }
    }
    // One fetch, digest check and import per distinct module, however many entries share it.
    const modules = new Map<string, Promise<{ namespace: Readonly<Record<string, unknown>>; path?: string }>>();
    let done = 0;
    let digestChecks = 0;
    const loaded: { item: AcceptedEntry; input: CandidateInput }[] = [];
    const failed: { item: AcceptedEntry; error: RemoteError }[] = [];
    for (const item of entries) {
      const { entry } = item;
      const context = { domain: entry.domain, key: entry.key, provider: entry.provider, ...(entry.uri === undefined ? {} : { uri: redactUri(entry.uri) }) };
      const importOptions = { timeoutMs: this.#settings.import_timeout_ms };
      const { uri, sha256 } = entry;
      const moduleKey = uri === undefined || sha256 === undefined ? `module:${item.specifier}` : `artifact:${sha256.toLowerCase()}:${uri}`;
      let loading = modules.get(moduleKey);
      if (loading === undefined) {
        loading = uri === undefined || sha256 === undefined
          ? Promise.resolve().then(() => importVerifiedModule({ kind: 'module', specifier: item.specifier, root: this.#options.cwd ?? process.cwd() }, context, importOptions)).then((namespace) => ({ namespace }))
          : this.#artifact(item.id, uri, sha256, source, offline).then(async ({ path, bytes }) => {
            digestChecks += 1;
            // The bytes just checked are imported; the path is never read again.
            return { namespace: await importVerifiedModule({ kind: 'artifact', bytes, sha256 }, context, importOptions), path };
          });
        // A failure is awaited below; this guard only stops an unawaited sibling from being reported as unhandled.
        loading.catch(() => undefined);
        modules.set(moduleKey, loading);
      }
      try {
        const module = await loading;
        const factory = factoryFromExport(module.namespace, item.exportName, context);
        loaded.push({ item, input: candidateFromEntry(entry, factory, { serial, ...(module.path === undefined ? {} : { artifactPath: module.path }) }) });
      } catch (error) {
        if (!(error instanceof RemoteError) || error.kind === RemoteErrorKind.unsafeCacheDirectory) {
          throw error;
        }
        failed.push({ item, error });
      } finally {
        if (uri !== undefined) {
          done += 1;
          this.#options.onProgress?.({ done, total: withArtifacts.length, uri: redactUri(uri) });
        }
      }
    }
    return { loaded, failed, digestChecks };
  }

  // The artifact's verified bytes and cached path: the cached copy when it still matches,
  // downloaded otherwise (never when offline). Nothing unverified is ever written under the final
  // name, and the bytes returned are the bytes checked.
  async #artifact(id: string, rawUri: string, sha256: string, manifestSource: string, offline: boolean): Promise<{ path: string; bytes: Uint8Array }> {
    const uri = redactUri(rawUri);
    const path = this.cache.artifactPath(sha256, uri);
    const cached = await readIfExists(path);
    if (cached !== undefined) {
      if (digestMatches(cached, sha256)) {
        return { path, bytes: cached };
      }
      this.#audit.warn('cached artifact digest mismatch', { event: 'digest.mismatch', decision: 'refused', id, uri, expected: sha256.toLowerCase(), actual: sha256Hex(cached), cached: true });
      await this.cache.removeArtifact(path);
      if (offline) {
        throw new RemoteError(RemoteErrorKind.digestMismatch, `cached artifact of ${id} does not match its sha256 and cannot be fetched again offline`, { uri });
      }
    }
    if (offline) {
      throw new RemoteError(RemoteErrorKind.noCachedManifest, `artifact of ${id} is not in the cache`, { uri });
    }
    const headers = sameOrigin(rawUri, manifestSource) ? await this.#authHeaders() : {};
    const bytes = await this.#fetchWithRetry(rawUri, headers, this.#settings.max_artifact_bytes);
    if (!digestMatches(bytes, sha256)) {
      this.#audit.warn('artifact digest mismatch', { event: 'digest.mismatch', decision: 'refused', id, uri, expected: sha256.toLowerCase(), actual: sha256Hex(bytes) });
      throw new RemoteError(RemoteErrorKind.digestMismatch, `artifact of ${id} does not match its sha256`, { uri });
    }
    this.#audit.info('artifact digest verified', { event: 'digest.verified', decision: 'accepted', id, uri, sha256: sha256.toLowerCase() });
    await writeBytesAtomic(path, bytes);
    return { path, bytes };
  }
}

function eventOfKind(kind: string): string {
  if (kind === RemoteErrorKind.pathTraversal) {
    return 'path.refused';
  }
  if (kind === RemoteErrorKind.factoryRefused || kind === RemoteErrorKind.factoryResolutionRefused) {
    return 'factory.refused';
  }
  if (kind === RemoteErrorKind.artifactLoadFailed || kind === RemoteErrorKind.digestMismatch || kind === RemoteErrorKind.fetchFailed || kind === RemoteErrorKind.timeout
    || kind === RemoteErrorKind.responseTooLarge || kind === RemoteErrorKind.noCachedManifest || kind === RemoteErrorKind.fileUriRefused || kind === RemoteErrorKind.unsupportedUri) {
    return 'artifact.refused';
  }
  return 'entry.refused';
}

// A refusal while parsing that is about the signatures: a field under `signatures` (or the legacy
// top-level `signature`), or an algorithm refusal.
function isSignatureRefusal(error: RemoteError): boolean {
  if (error.kind === RemoteErrorKind.unsupportedAlgorithm || error.kind === RemoteErrorKind.unsigned || error.kind === RemoteErrorKind.tooManySignatures || error.kind === RemoteErrorKind.duplicateSignature) {
    return true;
  }
  const field = error.context.field ?? '';
  return /^signatures?(\.|$)/.test(field);
}

function sameOrigin(uri: string, other: string): boolean {
  try {
    return new URL(uri).origin === new URL(other).origin;
  } catch {
    return false;
  }
}

async function readIfExists(path: string): Promise<Uint8Array | undefined> {
  try {
    return new Uint8Array(await readFile(path));
  } catch {
    return undefined;
  }
}

function isTimeout(error: unknown): boolean {
  // By name: core's TimeoutError may come from another realm under test runners.
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'TimeoutError';
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
