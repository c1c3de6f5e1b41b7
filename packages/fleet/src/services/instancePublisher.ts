/** Writes this instance's `instance.<id>` record (its own key, compare-and-set) and keeps the manifest floor in step. */
import type { OneiricLogger } from '@oneiric/core';
import { messageOf } from '@oneiric/core/internal';
import { instanceKey } from '../calculations/fleetKeys.js';
import { instanceRecordOf } from '../calculations/instanceRecordOf.js';
import { FleetError, FleetErrorKind } from '../errors/fleetError.js';
import type { FleetSnapshot } from '../models/fleetSnapshot.js';
import type { FleetTarget } from '../models/fleetTarget.js';
import type { InstanceKeyState } from '../models/instanceRecord.js';
import type { FleetStore } from './fleetStore.js';
import { raiseFleetFloor } from './raiseFleetFloor.js';

/** What one heartbeat publishes. */
export interface PublishInputs {
  readonly snapshot: FleetSnapshot;
  readonly target: FleetTarget;
  readonly swapErrors: ReadonlyMap<string, InstanceKeyState['swapError']>;
  readonly appliedRevision: number;
  readonly connected: boolean;
}

/** Publishes one instance's record; the instance is the only writer of its key. */
export class InstancePublisher {
  readonly #store: FleetStore;
  readonly #identity: { readonly instanceId: string; readonly host: string; readonly heartbeatMs: number };
  readonly #startedAt = new Date().toISOString();
  #revision: number | undefined;

  /** @param store - the bucket; @param identity - id, host, heartbeat period */
  public constructor(store: FleetStore, identity: { readonly instanceId: string; readonly host: string; readonly heartbeatMs: number }) {
    this.#store = store;
    this.#identity = identity;
  }

  /**
   * Writes the record on the revision this instance last wrote. A conflict means the key was
   * written by someone else (a second process with the same instance id, or a restart): the
   * current revision is read and the write tried once more, and a warning says why.
   */
  public async publish(inputs: PublishInputs): Promise<void> {
    const record = instanceRecordOf({
      id: this.#identity.instanceId, host: this.#identity.host, pid: process.pid, startedAt: this.#startedAt, heartbeatMs: this.#identity.heartbeatMs,
      now: Date.now(), keys: inputs.target.keyStates(), probed: await this.#probeRolloutKeys(inputs), swapErrors: inputs.swapErrors,
      appliedRevision: inputs.appliedRevision, manifestSerial: inputs.target.manifestSerial(), connected: inputs.connected, snapshot: inputs.snapshot,
    });
    const key = instanceKey(this.#identity.instanceId);
    try {
      this.#revision = await this.#store.write(key, record, this.#revision);
    } catch (error) {
      if (!(error instanceof FleetError && error.kind === FleetErrorKind.conflict)) {
        throw error;
      }
      this.#revision = (await this.#store.readKey(key))?.revision;
      this.#revision = await this.#store.write(key, record, this.#revision);
    }
  }

  /** Deletes the record (a clean stop), so the fleet sees the instance gone at once. */
  public async remove(): Promise<void> {
    if (this.#revision !== undefined) {
      await this.#store.remove(instanceKey(this.#identity.instanceId), this.#revision);
    }
  }

  /**
   * Raises the fleet floor to the manifest this instance accepted, and feeds a higher fleet floor
   * into the local anti-rollback state (so the local verifier refuses older manifests).
   */
  public async syncFloor(snapshot: FleetSnapshot, target: FleetTarget, logger: OneiricLogger): Promise<void> {
    try {
      const local = await target.acceptedManifest();
      const fleet = snapshot.floor?.record;
      if (local !== undefined && (fleet === undefined || local.serial > fleet.serial)) {
        await raiseFleetFloor(this.#store, local, this.#identity.instanceId);
        logger.info('fleet: manifest floor raised', { serial: local.serial });
      } else if (fleet !== undefined && (local === undefined || fleet.serial > local.serial)) {
        await target.raiseLocalFloor({ serial: fleet.serial, digest: fleet.digest });
        logger.info('fleet: local manifest floor raised to the fleet floor', { serial: fleet.serial });
      }
    } catch (error) {
      logger.warn('fleet: manifest floor not synchronised', { error: messageOf(error) });
    }
  }

  // Keys this instance runs because a rollout moved it: health is probed, not assumed.
  async #probeRolloutKeys(inputs: PublishInputs): Promise<Map<string, boolean | null>> {
    const probed = new Map<string, boolean | null>();
    for (const { record } of inputs.snapshot.rollouts.values()) {
      if (record.state === 'running' && record.moved.includes(this.#identity.instanceId) && inputs.target.isKnown(record.domain, record.key)) {
        probed.set(`${record.domain}:${record.key}`, await inputs.target.probe(record.domain, record.key).catch(() => false));
      }
    }
    return probed;
  }
}
