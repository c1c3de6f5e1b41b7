// Test helper: one FleetCluster and an operator's FleetClient per suite, started in beforeAll
// and stopped in afterAll (processes by pid, bucket deleted) whatever the tests did.
import type { FleetClient } from '@oneiric/fleet';
import { buildRuntimePackage } from '../runtime/runtimeProcessHarness.js';
import { FleetCluster, type FleetClusterSettings, type FleetMember } from './fleetCluster.js';

/** What a suite's cluster is made of. */
export interface FleetClusterSpec {
  readonly natsUrl: string;
  readonly size: number;
  readonly settings: FleetClusterSettings;
  /** More settings sections of one member (e.g. `remote`). */
  readonly extraSections?: (member: FleetMember) => Readonly<Record<string, unknown>>;
  /** False: the suite starts members itself (default true: all start in beforeAll). */
  readonly startAll?: boolean;
  /** Runs in afterAll before the cluster stops (e.g. restarting a service the suite stopped). */
  readonly beforeStop?: () => Promise<void>;
}

/** The suite's cluster and client, set once beforeAll ran. */
export interface FleetSuite {
  cluster: FleetCluster;
  fleet: FleetClient;
}

/** Registers beforeAll/afterAll for a cluster; read the returned object's fields inside tests. */
export function useFleetCluster(spec: FleetClusterSpec): FleetSuite {
  const suite = {} as FleetSuite;
  beforeAll(async () => {
    await buildRuntimePackage();
    suite.cluster = new FleetCluster(spec.natsUrl, spec.size, spec.settings, spec.extraSections);
    if (spec.startAll !== false) {
      await suite.cluster.start();
    }
    suite.fleet = await suite.cluster.client();
  }, 240_000);

  afterAll(async () => {
    try {
      await spec.beforeStop?.();
    } finally {
      await suite.fleet?.close().catch(() => undefined);
      await suite.cluster?.stop();
    }
  }, 90_000);
  return suite;
}
