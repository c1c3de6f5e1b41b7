/** Applies a verified manifest to the application's registry in one step: register changed entries, retract unlisted ones, activate. */
import { TimeoutError, withTimeout, type Domain, type Oneiric, type OneiricLogger } from '@oneiric/core';
import { acceptEntries } from '../calculations/acceptEntries.js';
import { auditEventOfKind } from '../calculations/auditEventOfKind.js';
import { countPerDomain } from '../calculations/countPerDomain.js';
import { isStaleRemoteProvider } from '../calculations/isStaleRemoteProvider.js';
import { messageOf } from '@oneiric/core/internal';
import { planSync } from '../calculations/planSync.js';
import { redactUri } from '../calculations/redactUri.js';
import type { AcceptedEntry } from '../models/acceptedEntry.js';
import type { ListedEntry } from '../models/listedEntry.js';
import type { SkippedEntry, SyncResult } from '../models/syncResult.js';
import type { VerifiedManifest } from '../models/verifiedManifest.js';
import type { ArtifactLoader, LoadOutcome } from './artifactLoader.js';
import type { RemoteCache } from './remoteCache.js';

/** Options of {@link RegistryApplier}. */
export interface RegistryApplierOptions {
  /** The application whose registry receives the candidates. */
  readonly app: Oneiric;
  /** Builds the candidates of new and changed entries (an `ArtifactLoader`). */
  readonly loader: Pick<ArtifactLoader, 'load'>;
  /** Receives the cached manifest and the anti-rollback floor before the registry changes. */
  readonly cache: RemoteCache;
  /** Modules entries may name as factories. */
  readonly factoryAllowlist: readonly string[];
  /** Time limit of `app.sync()` after an apply. */
  readonly activationTimeoutMs: number;
  /** Operational logger. */
  readonly logger: OneiricLogger;
  /** Receives one line per refused entry and per fail-closed deactivation. */
  readonly audit: OneiricLogger;
  /** Clock, in epoch milliseconds. */
  readonly now: () => number;
}

/** Where a manifest to apply comes from. */
export interface ApplyOrigin {
  /** Its (redacted) address. */
  readonly source: string;
  /** Whether it is the cached manifest (offline start): then it is not written back. */
  readonly offline: boolean;
}

// What the registry holds from the last applied manifest, to answer an unchanged re-sync without work.
// `activationError` is set while the last apply's `app.sync()` failed: the same manifest is then not short-cut, so `app.sync()` is retried.
// `loadFailures` is set when an entry's artifact or module could not be loaded: the same manifest is then not short-cut either, so the load is retried.
interface AppliedManifest {
  readonly digest: string;
  readonly skipped: readonly SkippedEntry[];
  readonly perDomain: Readonly<Record<string, number>>;
  readonly touched: readonly ListedEntry[];
  readonly loadFailures: boolean;
  activationError?: string | undefined;
}

/** Keeps the registry in step with the last applied manifest. */
export class RegistryApplier {
  readonly #options: RegistryApplierOptions;
  readonly #fingerprints = new Map<string, string>();
  readonly #listed = new Map<string, ListedEntry>();
  #applied: AppliedManifest | undefined;

  /** @param options - application, loader, cache, settings, loggers and clock */
  public constructor(options: RegistryApplierOptions) {
    this.#options = options;
  }

  /**
   * Validates the entries, loads new and changed ones, writes the cache, then changes the
   * registry in one synchronous step and runs `app.sync()`. An entry that cannot be loaded is
   * skipped (an earlier registration of it is kept); the same manifest applied again does nothing
   * but retry a failed activation.
   * @throws RemoteError from the cache writes or the loader (an unsafe cache directory), or the
   *   abort reason of `signal`; the registry is then untouched
   */
  public async apply(verified: VerifiedManifest, origin: ApplyOrigin, signal: AbortSignal): Promise<SyncResult> {
    const startedMs = this.#options.now();
    const applied = this.#applied;
    if (applied?.digest === verified.digest && !applied.loadFailures) {
      return this.#reapply(applied, verified, origin, signal, startedMs);
    }
    const { manifest, plain } = verified;
    const plainEntries = Array.isArray(plain['entries']) ? (plain['entries'] as unknown[]) : [];
    const { accepted, refused } = acceptEntries(manifest.entries, plainEntries, this.#options.factoryAllowlist);
    for (const refusal of refused) {
      this.#options.audit.warn('manifest entry refused', { event: auditEventOfKind(refusal.kind), decision: 'refused', ...refusal });
    }
    const plan = planSync(this.#fingerprints, accepted);
    const outcome = await this.#options.loader.load(plan.register, { serial: manifest.serial, source: origin.source, offline: origin.offline });
    const { skipped, notLoaded } = this.#skipFailures(refused, outcome.failed);
    // A sync that timed out must not change anything behind the next one's back.
    signal.throwIfAborted();
    await this.#writeCache(verified, origin);
    signal.throwIfAborted();
    const touched = this.#changeRegistry(outcome.loaded, plan.retract);
    const activationError = await this.#activate(touched, manifest.serial, signal);
    const perDomain = countPerDomain(accepted, notLoaded);
    this.#applied = { digest: verified.digest, skipped, perDomain, touched, loadFailures: outcome.failed.length > 0, ...(activationError === undefined ? {} : { activationError }) };
    return {
      serial: manifest.serial, source: origin.source, offline: origin.offline, signerKeyIds: verified.signerKeyIds,
      registered: outcome.loaded.map(({ item }) => item.id), unchanged: plan.unchanged.map((item) => item.id), retracted: [...plan.retract],
      skipped, perDomain, digestChecks: outcome.digestChecks, durationMs: this.#options.now() - startedMs,
      ...(activationError === undefined ? {} : { activationError }),
    };
  }

  // The registry already holds exactly this manifest: nothing to load, register or retract;
  // but a failed activation of the last apply is retried.
  async #reapply(applied: AppliedManifest, verified: VerifiedManifest, origin: ApplyOrigin, signal: AbortSignal, startedMs: number): Promise<SyncResult> {
    const serial = verified.manifest.serial;
    const activationError = applied.activationError === undefined ? undefined : await this.#activate(applied.touched, serial, signal);
    applied.activationError = activationError;
    return {
      serial, source: origin.source, offline: origin.offline, signerKeyIds: verified.signerKeyIds, registered: [], unchanged: [...this.#fingerprints.keys()],
      retracted: [], skipped: applied.skipped, perDomain: applied.perDomain, digestChecks: 0, durationMs: this.#options.now() - startedMs,
      ...(activationError === undefined ? {} : { activationError }),
    };
  }

  // An entry whose artifact or module cannot be loaded is skipped, not the whole manifest: the
  // rest applies, retractions included. One already registered by an earlier manifest keeps that
  // registration (it is neither retracted nor counted as unchanged); a new one is not registered.
  #skipFailures(refused: readonly SkippedEntry[], failed: LoadOutcome['failed']): { skipped: SkippedEntry[]; notLoaded: Set<string> } {
    const skipped = [...refused];
    const notLoaded = new Set<string>();
    for (const { item, error } of failed) {
      const kept = this.#fingerprints.has(item.id);
      if (!kept) {
        notLoaded.add(item.id);
      }
      const reason = kept ? `${error.message}; the registration from an earlier manifest is kept` : error.message;
      skipped.push({ id: item.id, index: item.index, kind: error.kind, reason });
      this.#options.audit.warn('manifest entry skipped', { event: auditEventOfKind(error.kind), decision: 'refused', id: item.id, index: item.index, kind: error.kind, reason, keptEarlierRegistration: kept });
    }
    skipped.sort((left, right) => left.index - right.index);
    return { skipped, notLoaded };
  }

  // Everything that can fail runs before the registry changes, storage included (a held lock, a
  // full disk): if a write fails, the registry is untouched and the sync is recorded failed.
  // The manifest first: should the floor's write then fail, the cached manifest is still one
  // the (lower) floor accepts for an offline start.
  async #writeCache(verified: VerifiedManifest, origin: ApplyOrigin): Promise<void> {
    const { cache } = this.#options;
    if (!origin.offline) {
      await cache.writeManifest({ text: JSON.stringify(verified.plain), source: redactUri(origin.source) });
    }
    await cache.writeAccepted({ serial: verified.manifest.serial, digest: verified.digest });
  }

  // The registry changes in one synchronous step. Returns what it touched.
  #changeRegistry(loaded: LoadOutcome['loaded'], retract: readonly string[]): ListedEntry[] {
    const { app } = this.#options;
    const touched: ListedEntry[] = [];
    app.register(...loaded.map(({ input }) => input));
    for (const id of retract) {
      const listed = this.#listed.get(id);
      if (listed !== undefined) {
        touched.push(listed);
        app.unregister(listed.domain, listed.key, listed.provider, 'remote-manifest');
      }
      this.#listed.delete(id);
      this.#fingerprints.delete(id);
    }
    for (const { item } of loaded) {
      const listed = listedOf(item);
      touched.push(listed);
      this.#fingerprints.set(item.id, item.fingerprint);
      this.#listed.set(item.id, listed);
    }
    return touched;
  }

  // `app.sync()` under a time limit. When it fails, fail closed: a remote provider that is still
  // live although the manifest retracted or replaced it is deactivated (core keeps the key marked,
  // so a later `app.sync()` activates its winner). Returns the activation error, if any.
  async #activate(touched: readonly ListedEntry[], serial: number, signal: AbortSignal): Promise<string | undefined> {
    signal.throwIfAborted();
    const timeoutMs = this.#options.activationTimeoutMs;
    try {
      await withTimeout(this.#options.app.sync(), timeoutMs, 'activation of remote candidates');
      return undefined;
    } catch (error) {
      const activationError = error instanceof TimeoutError ? `activation did not finish within ${timeoutMs} ms` : messageOf(error);
      this.#options.logger.warn('a remote candidate could not be activated', { error: activationError });
      for (const listed of touched) {
        await this.#deactivateIfStale(listed, serial);
      }
      return activationError;
    }
  }

  async #deactivateIfStale(listed: ListedEntry, serial: number): Promise<void> {
    const { domain, key, provider } = listed;
    const isStillListed = [...this.#listed.values()].some((entry) => entry.domain === domain && entry.key === key && entry.provider === provider);
    if (!isStaleRemoteProvider(this.#options.app.active(domain, key), listed, isStillListed, serial)) {
      return;
    }
    try {
      await this.#deactivate(domain, key);
      this.#options.audit.warn('retracted remote provider deactivated', { event: 'provider.deactivated', decision: 'refused', domain, key, provider, reason: 'its replacement could not be activated; failing closed' });
    } catch (error) {
      this.#options.logger.error('a retracted remote provider could not be deactivated', { domain, key, provider, error: messageOf(error) });
    }
  }

  // The one place this package reaches into the application's lifecycle.
  #deactivate(domain: Domain, key: string): Promise<void> {
    return this.#options.app.deactivate(domain, key);
  }
}

function listedOf(item: AcceptedEntry): ListedEntry {
  return { domain: item.entry.domain as Domain, key: item.entry.key, provider: item.entry.provider };
}
