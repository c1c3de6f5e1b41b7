/** Per-key admission (open, paused, draining) that live references check on every call. */
import { admissionRefusal } from '../calculations/admissionRefusal.js';
import type { AdmissionError } from '../errors/admissionError.js';
import { ResolutionError, ResolutionErrorKind } from '../errors/resolutionError.js';
import { ADMISSION_STATES, type AdmissionCell, type AdmissionEntry, type AdmissionState } from '../models/admissionState.js';
import { isDomain, type Domain } from '../models/domain.js';
import { keyId } from '../services/candidateRegistry.js';

/** A change of one key's admission. */
export interface AdmissionChange {
  /** Domain of the key. */
  readonly domain: Domain;
  /** The key. */
  readonly key: string;
  /** The new state. */
  readonly state: AdmissionState;
  /** The state before. */
  readonly previous: AdmissionState;
  /** The note of the new state, or null. */
  readonly note: string | null;
}

/**
 * Holds one {@link AdmissionCell} per key. A key's live slot keeps a reference to its cell, so a
 * change here is seen by the very next call through a live reference, with no lookup by name.
 * A key can be paused before it is registered (a pause shared by another process may name a
 * key this process registers later): its cell waits for it.
 */
export class AdmissionGate {
  readonly #cells = new Map<string, AdmissionCell>();

  /** The key's cell, created open when the key had none. */
  public cell(domain: Domain, key: string): AdmissionCell {
    const id = keyId(domain, key);
    let cell = this.#cells.get(id);
    if (cell === undefined) {
      cell = { domain, key, state: 'open', note: null, changedAt: new Date(0).toISOString() };
      this.#cells.set(id, cell);
    }
    return cell;
  }

  /** The key's state (open when never set). */
  public state(domain: Domain, key: string): AdmissionState {
    return this.#cells.get(keyId(domain, key))?.state ?? 'open';
  }

  /** The error refusing a new call of the key now, or undefined when it is open. */
  public refusal(domain: Domain, key: string): AdmissionError | undefined {
    const cell = this.#cells.get(keyId(domain, key));
    return cell === undefined ? undefined : admissionRefusal(domain, key, cell.state, cell.note);
  }

  /**
   * Sets the key's state and note (a note of undefined clears it).
   * @throws ResolutionError `unknownDomain`; TypeError for a state that is not an admission state
   * @returns the change, or undefined when state and note were already those
   */
  public set(domain: Domain, key: string, state: AdmissionState, note: string | null = null): AdmissionChange | undefined {
    // Checked here, not only by the type: the control channel and plain JavaScript pass strings.
    if (!isDomain(domain)) {
      throw new ResolutionError(ResolutionErrorKind.unknownDomain, `Unknown domain ${JSON.stringify(domain)}`, { domain: String(domain) });
    }
    if (!ADMISSION_STATES.includes(state)) {
      throw new TypeError(`admission state must be one of ${ADMISSION_STATES.join(', ')}, not ${JSON.stringify(state)}`);
    }
    const cell = this.cell(domain, key);
    // An open key has nothing to explain: its note is always null.
    const kept = state === 'open' ? null : note;
    if (cell.state === state && cell.note === kept) {
      return undefined;
    }
    const previous = cell.state;
    cell.state = state;
    cell.note = kept;
    cell.changedAt = new Date().toISOString();
    return { domain, key, state, previous, note: cell.note };
  }

  /** Every key that is not open, sorted by domain then key. */
  public closed(): AdmissionEntry[] {
    return [...this.#cells.values()]
      .filter((cell) => cell.state !== 'open')
      .map(({ domain, key, state, note, changedAt }) => ({ domain, key, state, note, changedAt }))
      .sort((a, b) => a.domain.localeCompare(b.domain) || a.key.localeCompare(b.key));
  }
}
