/** The bridge of the `service` domain: the generic bridge, nothing added. */
import type { Oneiric } from '@oneiric/core';
import type { ActivityStore } from './activityStore.js';
import { DomainBridge } from './domainBridge.js';

/**
 * {@link DomainBridge} for services (`use('checkout')`).
 * @category Bridges and services
 */
export class ServiceBridge extends DomainBridge {
  /** @param app - the application; @param activity - the shared pause/drain store */
  public constructor(app: Oneiric, activity: ActivityStore) {
    super('service', app, activity);
  }
}
