/** The generic bridge: one domain's keys through live references, with pause and drain per key. */
import type { AdmissionError, Candidate, Domain, Oneiric } from '@oneiric/core';
import { internalsOf } from '@oneiric/core/internal';
import { refusalFor } from '../calculations/refusalFor.js';
import { DomainError, DomainErrorKind } from '../errors/domainError.js';
import type { ActivityState } from '../models/activityState.js';
import type { UseOptions } from '../models/useOptions.js';
import type { ActivityStore } from './activityStore.js';

/**
 * Options of pause, drain and their reversals.
 * @category Bridges and services
 */
export interface NoteOptions {
  /** A note to record; null clears the note; absent keeps it. */
  readonly note?: string | null;
}

/**
 * Gives the keys of one domain to callers and refuses new work on paused or draining keys.
 * `use()` returns the key's live reference, activating (or swapping to) the candidate asked
 * for when it is not the live one: unlike the Python original, asking for another provider
 * never hands back the instance of the previous one. Asking for a candidate other than the
 * precedence winner (by `provider` or `capabilities`) selects it for the key
 * (`app.select`), so the selection and `explain` agree with what is live. A live reference
 * follows the key, not the provider: every reference to the key, also one another caller
 * obtained earlier, reaches the key's current provider after such a swap.
 * @example
 * ```ts
 * const services = new DomainBridge('service', app, activity);
 * const checkout = await services.use<Checkout>('checkout');
 * await services.pause('checkout', { note: 'maintenance' });
 * await services.use('checkout'); // DomainError kind paused: "service:checkout is paused (note: maintenance)"
 * ```
 * @category Bridges and services
 */
export class DomainBridge {
  readonly #activations = new Map<string, Promise<void>>();

  /**
   * @param domain - the domain this bridge serves
   * @param app - the application whose resolver and lifecycle hold the keys
   * @param activity - the pause/drain store (shared by every bridge of the application)
   */
  public constructor(
    public readonly domain: Domain,
    public readonly app: Oneiric,
    public readonly activity: ActivityStore,
  ) {}

  /**
   * The key's live reference, after making sure the right candidate is live; a candidate other
   * than the precedence winner becomes the key's selection. The reference follows the key: it
   * always reaches the key's current provider, also after a later swap.
   * @throws AdmissionError or DomainError `paused`/`draining` when the key refuses work (see
   *   {@link DomainBridge.assertAccepting}); DomainError `noCandidate` when nothing qualifies;
   *   LifecycleError when activation fails
   */
  public async use<T extends object>(key: string, options: UseOptions = {}): Promise<T> {
    this.assertAccepting(key);
    const candidate = this.candidateFor(key, options);
    if (options.forceReload === true) {
      await this.#activate(key, candidate);
    } else if (this.app.active(this.domain, key) !== candidate) {
      // Concurrent first uses share one activation: a second swap would drain and replace the
      // instance the first caller is already using.
      const pending = this.#activations.get(key);
      if (pending !== undefined) {
        await pending;
      }
      if (this.app.active(this.domain, key) !== candidate) {
        await this.#activate(key, candidate);
      }
    }
    return this.app.use<T>(this.domain, key);
  }

  // A candidate other than the precedence winner becomes the key's selection (app.select), so
  // `explain` and the selection agree with what is live; the winner itself is swapped to directly.
  async #activate(key: string, candidate: Candidate): Promise<void> {
    const isWinner = this.app.resolve(this.domain, key) === candidate;
    const activation = (isWinner
      ? this.app.swap(this.domain, key, { provider: candidate.provider })
      : this.app.select(this.domain, key, candidate.provider)).then(() => undefined);
    const settled = activation.catch(() => undefined);
    this.#activations.set(key, settled);
    try {
      await activation;
    } finally {
      if (this.#activations.get(key) === settled) {
        this.#activations.delete(key);
      }
    }
  }

  /**
   * The candidate `use()` would make live.
   * @throws DomainError `noCandidate` naming the key and what was asked for
   */
  public candidateFor(key: string, options: UseOptions = {}): Candidate {
    const request = {
      ...(options.provider === undefined ? {} : { provider: options.provider }),
      ...(options.capabilities === undefined ? {} : { capabilities: options.capabilities }),
      ...(options.requireAll === undefined ? {} : { requireAll: options.requireAll }),
    };
    const candidate = this.app.resolve(this.domain, key, request);
    if (candidate === undefined) {
      const asked = [
        options.provider === undefined ? '' : ` with provider ${options.provider}`,
        (options.capabilities?.length ?? 0) === 0 ? '' : ` with capabilities ${options.capabilities?.join(', ') ?? ''}`,
      ].join('');
      throw new DomainError(DomainErrorKind.noCandidate, `No candidate found for ${this.domain}:${key}${asked}`, {
        domain: this.domain, key, ...(options.provider === undefined ? {} : { provider: options.provider }),
      });
    }
    return candidate;
  }

  /** True when the key is neither paused nor draining (in the application's admission or in the activity store). */
  public isAccepting(key: string): boolean {
    return this.refusalOf(key) === undefined;
  }

  /**
   * The error refusing new work of the key now, or undefined when it accepts work: the
   * application's admission first (`app.setAdmission`, or the store through
   * {@link connectActivityToAdmission}), so bridges and live references refuse with the same
   * `AdmissionError`; else the activity store's own state, for a store not connected.
   */
  public refusalOf(key: string): AdmissionError | DomainError | undefined {
    return internalsOf(this.app).admission.refusal(this.domain, key) ?? refusalFor(this.domain, key, this.activity.get(this.domain, key));
  }

  /**
   * Throws when the key refuses new work.
   * @throws AdmissionError `paused` or `draining` when the application's admission of the key
   *   is not open; else DomainError `paused`, `draining` or `pausedAndDraining` from the
   *   activity store; each names the key and the note
   */
  public assertAccepting(key: string): void {
    const refusal = this.refusalOf(key);
    if (refusal !== undefined) {
      throw refusal;
    }
  }

  /** The key's pause/drain state (all clear when never set). */
  public activityOf(key: string): ActivityState {
    return this.activity.get(this.domain, key) ?? { paused: false, draining: false, note: null, updatedAt: new Date(0).toISOString() };
  }

  /** Pauses the key: new work is refused until {@link DomainBridge.resume}. */
  public pause(key: string, options: NoteOptions = {}): Promise<ActivityState> {
    return this.activity.setPaused(this.domain, key, true, options.note);
  }

  /** Resumes a paused key (draining, if set, stays). */
  public resume(key: string, options: NoteOptions = {}): Promise<ActivityState> {
    return this.activity.setPaused(this.domain, key, false, options.note);
  }

  /** Starts draining the key: new work is refused, running work finishes. */
  public drain(key: string, options: NoteOptions = {}): Promise<ActivityState> {
    return this.activity.setDraining(this.domain, key, true, options.note);
  }

  /** Stops draining the key (a pause, if set, stays). */
  public clearDrain(key: string, options: NoteOptions = {}): Promise<ActivityState> {
    return this.activity.setDraining(this.domain, key, false, options.note);
  }
}
