/** One key's place in the lifecycle: the live slot its reference reads, and the queue of its swaps. */
import type { LiveSlot } from '../models/activeInstance.js';
import type { Domain } from '../models/domain.js';

/** A key's live slot (the object its live reference reads), with the key and its swap queue. */
export interface KeySlot extends LiveSlot {
  /** Domain of the key. */
  readonly domain: Domain;
  /** The key. */
  readonly key: string;
  /** The live reference bound under the key's public token. */
  readonly liveReference: object;
  /** Serialises swaps of this key: each waits for the previous one. */
  queue: Promise<unknown>;
}
