/** Reads every key's state from a running application, without running health checks. */
import { DOMAINS, type Oneiric } from '@oneiric/core';
import type { KeyReading } from './buildHealthSnapshot.js';

/**
 * One {@link KeyReading} per registered key of every domain: lifecycle state, live provider,
 * whether that provider is counted unhealthy, and its breaker state. Reads only; probes nothing.
 * @category Health and reports
 */
export function readKeyHealth(app: Oneiric): KeyReading[] {
  const readings: KeyReading[] = [];
  for (const domain of DOMAINS) {
    for (const key of app.keys(domain)) {
      const status = app.status(domain, key);
      const provider = status.currentProvider ?? undefined;
      const unhealthyReason = provider === undefined ? undefined : app.unhealthy(domain, key).get(provider);
      const breaker = provider === undefined ? undefined : app.breakerState(domain, key, provider);
      readings.push({
        domain,
        key,
        state: status.state,
        ...(provider === undefined ? {} : { provider }),
        ...(unhealthyReason === undefined ? {} : { unhealthyReason }),
        ...(status.lastHealthAt === null ? {} : { lastHealthAt: status.lastHealthAt }),
        ...(breaker === undefined ? {} : { breaker }),
      });
    }
  }
  return readings;
}
