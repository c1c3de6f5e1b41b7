/**
 * The fleet sample's providers: three greeters of one key. `v1` runs first, `v2` is a healthy
 * upgrade, and `v3` passes its health check when it goes live and fails every check after
 * (a release that breaks under real use): the rollout to it is caught on its canary.
 */
import { Adapter, defineKey } from '@oneiric/core';

/** What every greeter offers. */
export interface Greeter {
  /** A greeting naming the provider that made it. */
  greet(name: string): string;
  /** Health check: the runtime calls it on activation, the fleet agent on every heartbeat. */
  health(): boolean;
}

/** The greeter key with its contract. */
export const greeterKey = defineKey<Greeter>('adapter', 'greeter');

/** What the healthy releases share: a greeting with their name, a health check that passes. */
abstract class HealthyGreeter implements Greeter {
  protected abstract readonly release: string;

  public greet(name: string): string {
    return `hello ${name} (${this.release})`;
  }

  public health(): boolean {
    return true;
  }
}

/** The release every instance runs at first (highest priority). */
@Adapter(greeterKey, 'v1', { priority: 100, description: 'the release in production' })
export class GreeterV1 extends HealthyGreeter {
  protected readonly release = 'v1';
}

/** A healthy upgrade: its rollout promotes step by step. */
@Adapter(greeterKey, 'v2', { priority: 50, description: 'a healthy upgrade' })
export class GreeterV2 extends HealthyGreeter {
  protected readonly release = 'v2';
}

/** A bad upgrade: healthy when it goes live, failing every later health check. */
@Adapter(greeterKey, 'v3', { priority: 10, description: 'an upgrade that fails its health check once live' })
export class GreeterV3 implements Greeter {
  #checks = 0;

  public greet(name: string): string {
    return `hello ${name} (v3)`;
  }

  public health(): boolean {
    this.#checks += 1;
    return this.#checks === 1;
  }
}
