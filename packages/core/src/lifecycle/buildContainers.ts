/** Reused child containers in which candidates are built, so that building one costs nothing for ever after. */
import { Container } from 'inversify';
import { PROVIDER_SETTINGS } from '../container/providerSettingsToken.js';
import type { Candidate } from '../models/candidate.js';

/** The token a build container binds its candidate's factory under. */
const BUILD_TOKEN = Symbol('oneiric-build');

/** Idle containers kept per candidate: more are made when builds of one candidate overlap, and dropped after. */
const MAX_IDLE_PER_CANDIDATE = 4;

/**
 * One build container, lent to one build at a time: the settings it injects are those of the
 * build that holds it.
 */
export interface BuildLease {
  /** Resolves the candidate's instance with `settings` under {@link PROVIDER_SETTINGS}. */
  build(settings: object): Promise<unknown>;
}

interface PooledContainer extends BuildLease {
  readonly candidate: Candidate;
}

/**
 * Child containers of the application's container, one (or a few) per candidate, each binding
 * the candidate's factory once and reading the settings of the build that holds it.
 *
 * Why not a fresh child per build: Inversify makes every child container subscribe to its
 * parent's plan cache, and every later bind or rebind in the parent (one per swap) walks those
 * subscribers; a child stays in the walk until a full garbage collection, and the walk itself
 * keeps it reachable during the job. A fresh child per build made each swap slower than the last
 * (3 ms after 500 swaps, 16 ms after 4,000 in one process); a child per candidate keeps the walk
 * as long as the number of candidates built.
 *
 * What differs from a fresh child: the settings are those of the build holding the container, so
 * they must be read during the build (see {@link PROVIDER_SETTINGS}); and an activation hook
 * added to the application's container after a candidate's first build may not run for the
 * dependencies of that candidate's later builds (Inversify caches the plan in the child), so
 * activation hooks belong with the registrations, before `start()`.
 */
export class BuildContainers {
  readonly #parent: Container;
  readonly #idle = new WeakMap<Candidate, PooledContainer[]>();

  /** @param parent - the application's container; candidates' dependencies come from it */
  public constructor(parent: Container) {
    this.#parent = parent;
  }

  /** Lends a container for one build of `candidate`; give it back with {@link BuildContainers.release}. */
  public take(candidate: Candidate): BuildLease {
    return this.#idle.get(candidate)?.pop() ?? this.#create(candidate);
  }

  /** Takes a container back once its build has settled (its instance, or its failure, is out). */
  public release(lease: BuildLease): void {
    const pooled = lease as PooledContainer;
    const idle = this.#idle.get(pooled.candidate) ?? [];
    if (idle.length < MAX_IDLE_PER_CANDIDATE) {
      idle.push(pooled);
      this.#idle.set(pooled.candidate, idle);
    }
  }

  #create(candidate: Candidate): PooledContainer {
    const child = new Container({ parent: this.#parent });
    // Read when the build resolves the settings: the holder of the lease set them just before.
    let settings: object = {};
    child.bind(PROVIDER_SETTINGS).toDynamicValue(() => settings).inTransientScope();
    const factory = candidate.factory;
    if (factory.kind === 'class') {
      child.bind(BUILD_TOKEN).to(factory.target as new () => object).inTransientScope();
    } else {
      child.bind(BUILD_TOKEN).toDynamicValue(factory.build).inTransientScope();
    }
    return {
      candidate,
      build: (buildSettings) => {
        settings = buildSettings;
        return child.getAsync<unknown>(BUILD_TOKEN);
      },
    };
  }
}
