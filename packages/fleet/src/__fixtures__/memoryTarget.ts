/** Test fixture: a FleetTarget over plain maps (one key, adapter:cache), recording what the agent did. */
import type { Domain } from '@oneiric/core';
import type { FloorValue } from '../calculations/raiseFloor.js';
import type { FleetTarget } from '../models/fleetTarget.js';
import type { InstanceKeyState } from '../models/instanceRecord.js';

/** A target whose adapter:cache runs `provider`; swaps to providers in `failing` throw. */
export class MemoryTarget implements FleetTarget {
  public provider = 'memory';
  public paused = false;
  public draining = false;
  public accepted: FloorValue | undefined;
  public readonly localFloors: FloorValue[] = [];
  public readonly swaps: string[] = [];

  public constructor(private readonly failing: ReadonlySet<string> = new Set()) {}

  public isKnown(domain: Domain, key: string): boolean {
    return domain === 'adapter' && key === 'cache';
  }

  public keyStates(): InstanceKeyState[] {
    return [{
      domain: 'adapter', key: 'cache', provider: this.provider, state: 'ready', healthy: true, breaker: null,
      paused: this.paused, draining: this.draining, calls: null, failures: null, swapError: null,
    }];
  }

  public async swap(_domain: Domain, _key: string, provider: string): Promise<void> {
    this.swaps.push(provider);
    if (this.failing.has(provider)) {
      throw new Error(`${provider} failed its health check`);
    }
    this.provider = provider;
  }

  public async setActivity(_domain: Domain, _key: string, state: { paused: boolean; draining: boolean }): Promise<void> {
    this.paused = state.paused;
    this.draining = state.draining;
  }

  public async probe(): Promise<boolean | null> {
    return true;
  }

  public manifestSerial(): number | null {
    return this.accepted?.serial ?? null;
  }

  public async acceptedManifest(): Promise<FloorValue | undefined> {
    return this.accepted;
  }

  public async raiseLocalFloor(floor: FloorValue): Promise<void> {
    this.localFloors.push(floor);
    if (this.accepted === undefined || floor.serial > this.accepted.serial) {
      this.accepted = floor;
    }
  }
}
