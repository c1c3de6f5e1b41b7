/** Makes unique event ids in UUID v4 form, cheaply: a random prefix per process plus a counter. */
import { randomUUID } from 'node:crypto';

// Two hex digits per byte, computed once: formatting an id is then three lookups and a concat.
const HEX_BYTES = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
const LOW_LIMIT = 0x100_0000;
const HIGH_LIMIT = 0x100_0000;

function hex3(value: number): string {
  return HEX_BYTES[(value >>> 16) & 0xff]! + HEX_BYTES[(value >>> 8) & 0xff]! + HEX_BYTES[value & 0xff]!;
}

/**
 * Event ids shaped like UUID v4 (`xxxxxxxx-xxxx-4xxx-yxxx-cccccccccccc`): the first 74 bits come
 * from `randomUUID()`, the last 48 bits count up (24 high bits, 24 low bits). Ids are unique
 * across processes (the random part) and within one (the counter), and cost a fraction of a
 * `randomUUID()` call each, which matters at hundreds of thousands of events per second. They
 * are not secrets: do not use them as tokens.
 * @category Bridges and services
 */
export class EventIdSequence {
  // The random part plus the current high counter digits; changes once every 16.7 million ids.
  #head = '';
  #high = HIGH_LIMIT;
  #low = LOW_LIMIT;

  /** The next id. */
  public next(): string {
    if (this.#low >= LOW_LIMIT) {
      this.#low = 0;
      this.#high += 1;
      if (this.#high >= HIGH_LIMIT) {
        // A fresh random prefix before the counter could wrap onto ids already handed out.
        this.#high = 0;
        this.#head = randomUUID().slice(0, 24);
      }
      this.#head = this.#head.slice(0, 24) + hex3(this.#high);
    }
    const id = this.#head + hex3(this.#low);
    this.#low += 1;
    return id;
  }
}
