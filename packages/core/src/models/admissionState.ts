/** Whether a key lets new calls in: open, paused or draining. */
import type { Domain } from './domain.js';

/**
 * A key's admission: `open` lets calls in; `paused` and `draining` refuse new calls while the
 * calls already running finish (`draining` says the key is being emptied, e.g. before shutdown).
 * @category Application
 */
export type AdmissionState = 'open' | 'paused' | 'draining';

/** Every admission state. @category Application */
export const ADMISSION_STATES: readonly AdmissionState[] = ['open', 'paused', 'draining'];

/**
 * The admission of one key, as {@link Oneiric.admissions} lists it.
 * @category Application
 */
export interface AdmissionEntry {
  /** Domain of the key. */
  readonly domain: Domain;
  /** The key. */
  readonly key: string;
  /** Its state. */
  readonly state: AdmissionState;
  /** Why (free text) or null. */
  readonly note: string | null;
  /** When the state last changed (ISO 8601). */
  readonly changedAt: string;
}

/**
 * The mutable admission a key's live slot reads on every call through a live reference: one
 * object per key, shared by the gate that changes it and the slot that reads it.
 */
export interface AdmissionCell {
  /** Domain of the key. */
  readonly domain: Domain;
  /** The key. */
  readonly key: string;
  /** Current state. */
  state: AdmissionState;
  /** Note of the current state, or null. */
  note: string | null;
  /** When the state last changed (ISO 8601). */
  changedAt: string;
}
