/** The bridge of the `adapter` domain: the generic bridge, nothing added. */
import type { Oneiric } from '@oneiric/core';
import type { ActivityStore } from './activityStore.js';
import { DomainBridge } from './domainBridge.js';

/**
 * {@link DomainBridge} for adapters (`use('cache')`).
 * @category Bridges and services
 */
export class AdapterBridge extends DomainBridge {
  /** @param app - the application; @param activity - the shared pause/drain store */
  public constructor(app: Oneiric, activity: ActivityStore) {
    super('adapter', app, activity);
  }
}
