/** Fetches manifests and artifacts: minimum interval, retries with backoff, a circuit breaker, the auth header. */
import CircuitBreaker from 'opossum';
import { retryWithBackoff, TimeoutError, withTimeout, type OneiricLogger } from '@oneiric/core';
import { fetchResource } from '../actions/fetchResource.js';
import { isRemoteFailure } from '../calculations/isRemoteFailure.js';
import { isSameOrigin } from '../calculations/isSameOrigin.js';
import { messageOf } from '@oneiric/core/internal';
import { redactUri } from '../calculations/redactUri.js';
import type { RemoteSettings } from '../config/remoteSettings.js';
import { RemoteError, RemoteErrorKind } from '../errors/remoteError.js';
import type { FetchedManifest } from '../models/fetchedManifest.js';
import { FetchRateLimit } from './fetchRateLimit.js';

/** Options of {@link ManifestFetcher}. */
export interface ManifestFetcherOptions {
  /** Remote settings: limits, retries, breaker, auth header. */
  readonly settings: RemoteSettings;
  /** Receives one line per retry. */
  readonly logger: OneiricLogger;
  /** Receives one line per refused manifest location. */
  readonly audit: OneiricLogger;
  /** Clock, in epoch milliseconds (the minimum interval). */
  readonly now: () => number;
  /** Secrets hook: the auth token when `auth_token` is not set. */
  readonly authToken?: (() => string | undefined | Promise<string | undefined>) | undefined;
  /** Parses the fetched bytes (`source` is the redacted URL); a parse failure counts against the breaker. */
  readonly parse: (bytes: Uint8Array, source: string) => FetchedManifest;
}

/** Fetches the manifest through one circuit breaker and artifacts with retries. */
export class ManifestFetcher {
  readonly #options: ManifestFetcherOptions;
  readonly #settings: RemoteSettings;
  readonly #rateLimit: FetchRateLimit;
  readonly #breaker: CircuitBreaker<[string], FetchedManifest>;

  /** @param options - settings, loggers, clock, secrets hook and parser */
  public constructor(options: ManifestFetcherOptions) {
    this.#options = options;
    const settings = options.settings;
    this.#settings = settings;
    this.#rateLimit = new FetchRateLimit(settings.min_fetch_interval_ms, options.now);
    this.#breaker = new CircuitBreaker((uri: string) => this.#fetchAndParse(uri), {
      // Each attempt has its own fetch timeout; the breaker only counts outcomes.
      timeout: false,
      volumeThreshold: settings.circuit_breaker_threshold,
      errorThresholdPercentage: 50,
      resetTimeout: settings.circuit_breaker_reset_ms,
      // A window long enough that failures spread over refresh intervals still add up.
      rollingCountTimeout: Math.max(10_000, settings.refresh_interval_seconds * 1000 * (settings.circuit_breaker_threshold + 1)),
      errorFilter: (error: unknown) => !isRemoteFailure(error),
    });
  }

  /** Whether the manifest URL's circuit is open (fetches are refused without a request). */
  public get isCircuitOpen(): boolean {
    return this.#breaker.opened;
  }

  /**
   * Fetches and parses the manifest at `uri`.
   * @throws RemoteError `rateLimited` when called too soon, `circuitOpen` when the breaker is
   *   open, or why the fetch or the parse failed
   */
  public async fetchManifest(uri: string): Promise<FetchedManifest> {
    this.#rateLimit.begin();
    try {
      return await this.#breaker.fire(uri);
    } catch (error) {
      throw this.#breakerError(error, uri);
    }
  }

  /**
   * The artifact's bytes (at most `max_artifact_bytes`), with the auth header only when it lies
   * on the manifest's origin.
   * @throws RemoteError why the fetch failed
   */
  public async fetchArtifact(uri: string, manifestSource: string): Promise<Uint8Array> {
    const headers = isSameOrigin(uri, manifestSource) ? await this.#authHeaders() : {};
    return this.#fetchWithRetry(uri, headers, this.#settings.max_artifact_bytes);
  }

  /** Stops the breaker's timers. */
  public close(): void {
    this.#breaker.shutdown();
  }

  #breakerError(error: unknown, uri: string): unknown {
    if (error instanceof RemoteError) {
      if (error.kind === RemoteErrorKind.pathTraversal || error.kind === RemoteErrorKind.fileUriRefused) {
        this.#options.audit.warn('manifest location refused', { event: error.kind === RemoteErrorKind.pathTraversal ? 'path.refused' : 'file.refused', decision: 'refused', uri: redactUri(uri), reason: error.message });
      }
      return error;
    }
    // By opossum's documented error code, not class: the breaker's error may come from another realm under test runners.
    if (typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'EOPENBREAKER') {
      return new RemoteError(RemoteErrorKind.circuitOpen, `the circuit of ${redactUri(uri)} is open after repeated failures; no request was made`, { uri: redactUri(uri) });
    }
    return error;
  }

  async #fetchAndParse(uri: string): Promise<FetchedManifest> {
    const headers = await this.#authHeaders();
    const bytes = await this.#fetchWithRetry(uri, headers, this.#settings.max_manifest_bytes);
    return this.#options.parse(bytes, redactUri(uri));
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
      onRetry: (error, attempt, delayMs) => this.#options.logger.info('retrying a remote fetch', { uri: redactUri(uri), attempt, delayMs, error: messageOf(error) }),
    });
  }

  async #authHeaders(): Promise<Record<string, string>> {
    const hook = this.#options.authToken;
    const settings = this.#settings;
    let token = settings.auth_token;
    if (token === undefined && hook !== undefined) {
      try {
        token = await withTimeout(hook(), settings.auth_token_timeout_ms, 'auth token hook');
      } catch (error) {
        if (error instanceof TimeoutError) {
          throw new RemoteError(RemoteErrorKind.timeout, `the auth token hook did not answer within ${settings.auth_token_timeout_ms} ms`);
        }
        throw error;
      }
    }
    return token === undefined || token === '' ? {} : { [settings.auth_header_name]: token };
  }
}
