/** The hot-swap sample's providers: three inventory stores and the order service that uses one. */
import { setTimeout as sleep } from 'node:timers/promises';
import { Adapter, defineKey, Service } from '@oneiric/core';

/** What every inventory store offers. */
export interface InventoryStore {
  /** Provider name, so answers show who served them. */
  readonly providerName: string;
  /** Units left of an item. */
  unitsOf(item: string): Promise<number>;
}

/** The inventory key with its contract. */
export const inventoryKey = defineKey<InventoryStore>('adapter', 'inventory');

/** Shared stock, so every store answers the same numbers. */
const STOCK = new Map([['book', 12], ['lamp', 3], ['desk', 1]]);

/** The primary store: slower, authoritative. */
@Adapter(inventoryKey, 'primary', { priority: 100, description: 'primary store (4 ms per read)' })
export class PrimaryStore implements InventoryStore {
  public readonly providerName = 'primary';
  public cleanedUp = false;
  public async unitsOf(item: string): Promise<number> {
    await sleep(4);
    return STOCK.get(item) ?? 0;
  }
  public async cleanup(): Promise<void> {
    this.cleanedUp = true;
  }
}

/** A read replica: faster, used while the primary is maintained. */
@Adapter(inventoryKey, 'replica', { priority: 50, description: 'read replica (1 ms per read)' })
export class ReplicaStore implements InventoryStore {
  public readonly providerName = 'replica';
  public async unitsOf(item: string): Promise<number> {
    await sleep(1);
    return STOCK.get(item) ?? 0;
  }
}

/** A store whose health check fails: swapping to it must be rolled back. */
@Adapter(inventoryKey, 'unreachable', { priority: 10, description: 'a store that cannot be reached' })
export class UnreachableStore implements InventoryStore {
  public readonly providerName = 'unreachable';
  public async unitsOf(): Promise<number> {
    throw new Error('unreachable store was called');
  }
  public async health(): Promise<boolean> {
    return false;
  }
}

/** The application service: answers stock requests through whichever store is live. */
@Service('orders', 'default')
export class OrderService {
  public constructor(@inventoryKey private readonly store: InventoryStore) {}

  /** Answers one request; returns who served it. */
  public async canOrder(item: string): Promise<{ ok: boolean; servedBy: string }> {
    // Read the provider name first: the answer and the name come from the same instance.
    const servedBy = this.store.providerName;
    const units = await this.store.unitsOf(item);
    return { ok: units > 0, servedBy };
  }
}

/** The orders service key. */
export const ordersKey = defineKey<OrderService>('service', 'orders');

/** Everything the sample registers; also what `oneiric --import` reads. */
export const providers = [PrimaryStore, ReplicaStore, UnreachableStore, OrderService];
