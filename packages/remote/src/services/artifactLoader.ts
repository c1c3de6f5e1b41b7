/** Loads each accepted entry's factory: its artifact (cached or downloaded, digest-checked) or installed module, imported. */
import type { CandidateInput, OneiricLogger } from '@oneiric/core';
import { importVerifiedModule } from '../actions/importVerifiedModule.js';
import { readIfExists } from '../actions/readIfExists.js';
import { writeFileAtomic } from '@oneiric/core/internal';
import { candidateFromEntry } from '../calculations/candidateFromEntry.js';
import { digestMatches } from '../calculations/digestMatches.js';
import { factoryFromExport } from '../calculations/factoryFromExport.js';
import { messageOf } from '@oneiric/core/internal';
import { redactUri } from '../calculations/redactUri.js';
import { sha256Hex } from '../calculations/sha256Hex.js';
import { RemoteError, RemoteErrorKind, type RemoteErrorContext } from '../errors/remoteError.js';
import type { AcceptedEntry } from '../models/acceptedEntry.js';
import type { ArtifactProgress } from '../models/artifactProgress.js';
import type { RemoteCache } from './remoteCache.js';

/** Options of {@link ArtifactLoader}. */
export interface ArtifactLoaderOptions {
  /** Holds the artifacts. */
  readonly cache: RemoteCache;
  /** Downloads an artifact (`manifestSource` decides whether the auth header goes along). */
  readonly fetchArtifact: (uri: string, manifestSource: string) => Promise<Uint8Array>;
  /** Receives one line per digest decision and per refused cache directory. */
  readonly audit: OneiricLogger;
  /** Time limit of each import. */
  readonly importTimeoutMs: number;
  /** The application root, where installed factory modules are resolved. */
  readonly cwd: string;
  /** Called after each artifact is handled. */
  readonly onProgress?: ((progress: ArtifactProgress) => void) | undefined;
}

/** The manifest the entries come from. */
export interface LoadOrigin {
  /** Its serial (recorded in each candidate's metadata). */
  readonly serial: number;
  /** Its (redacted) address. */
  readonly source: string;
  /** Whether this is an offline start (nothing is downloaded). */
  readonly offline: boolean;
}

/** What loading a set of entries gave. */
export interface LoadOutcome {
  /** Entries whose factory loaded, with the candidate to register. */
  readonly loaded: readonly { readonly item: AcceptedEntry; readonly input: CandidateInput }[];
  /** Entries that could not be loaded, and why. */
  readonly failed: readonly { readonly item: AcceptedEntry; readonly error: RemoteError }[];
  /** Artifacts whose digest was checked. */
  readonly digestChecks: number;
}

interface LoadedModule {
  readonly namespace: Readonly<Record<string, unknown>>;
  readonly path?: string;
}

// What one `load` call shares between its entries.
interface LoadRun {
  readonly origin: LoadOrigin;
  // One fetch, digest check and import per distinct module, however many entries share it.
  readonly modules: Map<string, Promise<LoadedModule>>;
  digestChecks: number;
}

/** Builds candidates from accepted entries; a failure skips that entry alone. */
export class ArtifactLoader {
  readonly #options: ArtifactLoaderOptions;

  /** @param options - cache, fetch, audit logger, import limit, root and progress hook */
  public constructor(options: ArtifactLoaderOptions) {
    this.#options = options;
  }

  /**
   * Loads each entry's factory. A per-entry failure (artifact not fetched, digest mismatch,
   * module not resolvable or refused, import failed or timed out, export missing) is returned in
   * `failed` for that entry alone.
   * @throws RemoteError `unsafeCacheDirectory`, or an unexpected error, which fail the whole sync
   */
  public async load(entries: readonly AcceptedEntry[], origin: LoadOrigin): Promise<LoadOutcome> {
    const total = entries.filter((item) => item.entry.uri !== undefined).length;
    if (total > 0) {
      // Once per sync, before any artifact is read or written.
      await this.#checkDirectories(origin.source);
    }
    const run: LoadRun = { origin, modules: new Map(), digestChecks: 0 };
    const loaded: { item: AcceptedEntry; input: CandidateInput }[] = [];
    const failed: { item: AcceptedEntry; error: RemoteError }[] = [];
    let done = 0;
    for (const item of entries) {
      try {
        loaded.push({ item, input: await this.#candidate(item, run) });
      } catch (error) {
        if (!(error instanceof RemoteError) || error.kind === RemoteErrorKind.unsafeCacheDirectory) {
          throw error;
        }
        failed.push({ item, error });
      } finally {
        if (item.entry.uri !== undefined) {
          done += 1;
          this.#options.onProgress?.({ done, total, uri: redactUri(item.entry.uri) });
        }
      }
    }
    return { loaded, failed, digestChecks: run.digestChecks };
  }

  async #checkDirectories(source: string): Promise<void> {
    try {
      await this.#options.cache.checkDirectories();
    } catch (error) {
      this.#options.audit.warn('cache directory refused', { event: 'cache.refused', decision: 'refused', source, kind: error instanceof RemoteError ? error.kind : 'unexpected', reason: messageOf(error) });
      throw error;
    }
  }

  async #candidate(item: AcceptedEntry, run: LoadRun): Promise<CandidateInput> {
    const { entry } = item;
    const context: RemoteErrorContext = { domain: entry.domain, key: entry.key, provider: entry.provider, ...(entry.uri === undefined ? {} : { uri: redactUri(entry.uri) }) };
    const { uri, sha256 } = entry;
    const moduleKey = uri === undefined || sha256 === undefined ? `module:${item.specifier}` : `artifact:${sha256.toLowerCase()}:${uri}`;
    let loading = run.modules.get(moduleKey);
    if (loading === undefined) {
      loading = this.#startLoading(item, context, run);
      // A failure is awaited below; this guard only stops an unawaited sibling from being reported as unhandled.
      loading.catch(() => undefined);
      run.modules.set(moduleKey, loading);
    }
    const module = await loading;
    const factory = factoryFromExport(module.namespace, item.exportName, context);
    return candidateFromEntry(entry, factory, { serial: run.origin.serial, ...(module.path === undefined ? {} : { artifactPath: module.path }) });
  }

  #startLoading(item: AcceptedEntry, context: RemoteErrorContext, run: LoadRun): Promise<LoadedModule> {
    const importOptions = { timeoutMs: this.#options.importTimeoutMs };
    const { uri, sha256 } = item.entry;
    if (uri === undefined || sha256 === undefined) {
      return Promise.resolve()
        .then(() => importVerifiedModule({ kind: 'module', specifier: item.specifier, root: this.#options.cwd }, context, importOptions))
        .then((namespace) => ({ namespace }));
    }
    return this.#artifact(item.id, uri, sha256, run.origin).then(async ({ path, bytes }) => {
      run.digestChecks += 1;
      // The bytes just checked are imported; the path is never read again.
      return { namespace: await importVerifiedModule({ kind: 'artifact', bytes, sha256 }, context, importOptions), path };
    });
  }

  // The artifact's verified bytes and cached path: the cached copy when it still matches,
  // downloaded otherwise (never when offline). Nothing unverified is ever written under the final
  // name, and the bytes returned are the bytes checked.
  async #artifact(id: string, rawUri: string, sha256: string, origin: LoadOrigin): Promise<{ path: string; bytes: Uint8Array }> {
    const { audit, cache } = this.#options;
    const uri = redactUri(rawUri);
    const path = cache.artifactPath(sha256, uri);
    const cached = await this.#cachedArtifact(id, uri, path, sha256, origin.offline);
    if (cached !== undefined) {
      return { path, bytes: cached };
    }
    if (origin.offline) {
      throw new RemoteError(RemoteErrorKind.noCachedManifest, `artifact of ${id} is not in the cache`, { uri });
    }
    const bytes = await this.#options.fetchArtifact(rawUri, origin.source);
    if (!digestMatches(bytes, sha256)) {
      audit.warn('artifact digest mismatch', { event: 'digest.mismatch', decision: 'refused', id, uri, expected: sha256.toLowerCase(), actual: sha256Hex(bytes) });
      throw new RemoteError(RemoteErrorKind.digestMismatch, `artifact of ${id} does not match its sha256`, { uri });
    }
    audit.info('artifact digest verified', { event: 'digest.verified', decision: 'accepted', id, uri, sha256: sha256.toLowerCase() });
    await writeFileAtomic(path, bytes);
    return { path, bytes };
  }

  // The cached copy's bytes when it matches; a copy that does not is removed (and, offline, refused).
  async #cachedArtifact(id: string, uri: string, path: string, sha256: string, offline: boolean): Promise<Uint8Array | undefined> {
    const cached = await readIfExists(path);
    if (cached === undefined || digestMatches(cached, sha256)) {
      return cached;
    }
    this.#options.audit.warn('cached artifact digest mismatch', { event: 'digest.mismatch', decision: 'refused', id, uri, expected: sha256.toLowerCase(), actual: sha256Hex(cached), cached: true });
    await this.#options.cache.removeArtifact(path);
    if (offline) {
      throw new RemoteError(RemoteErrorKind.digestMismatch, `cached artifact of ${id} does not match its sha256 and cannot be fetched again offline`, { uri });
    }
    return undefined;
  }
}
