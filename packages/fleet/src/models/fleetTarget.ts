/** What the convergence agent acts on: the runtime, seen through one small interface. */
import type { Domain } from '@oneiric/core';
import type { FloorValue } from '../calculations/raiseFloor.js';
import type { InstanceKeyState } from './instanceRecord.js';

/**
 * The running application as the agent needs it. `@oneiric/runtime` implements it over its app
 * facade, bridges and remote sync (the same paths its control channel uses); tests can build one
 * around a test application.
 * @category Fleet
 */
export interface FleetTarget {
  /** Whether the key is registered here (a desired state for an unknown key is not applied). */
  isKnown(domain: Domain, key: string): boolean;
  /** Actual state of every key (`swapError` and `healthy` are filled in by the agent). */
  keyStates(): InstanceKeyState[];
  /**
   * Swaps the key to `provider` through the normal swap path.
   * @throws whatever the swap throws; the previous instance stays live
   */
  swap(domain: Domain, key: string, provider: string): Promise<void>;
  /** Pauses/drains or resumes the key at every entry point. */
  setActivity(domain: Domain, key: string, state: { readonly paused: boolean; readonly draining: boolean; readonly note: string | null }): Promise<void>;
  /** Runs the live instance's health check (null: nothing live). */
  probe(domain: Domain, key: string): Promise<boolean | null>;
  /** Serial of the remote manifest in use, or null. */
  manifestSerial(): number | null;
  /** The local anti-rollback floor (last accepted manifest), or undefined (no remote sync, or none accepted). */
  acceptedManifest(): Promise<FloorValue | undefined>;
  /** Raises the local anti-rollback floor (never lowers it), so older manifests are refused here too. */
  raiseLocalFloor(floor: FloorValue): Promise<void>;
}
