/** The minimum interval between two manifest fetches, so a busy caller cannot hammer the remote. */
import { RemoteError, RemoteErrorKind } from '../errors/remoteError.js';

/** Lets a manifest fetch start at most once per `minIntervalMs`. */
export class FetchRateLimit {
  readonly #minIntervalMs: number;
  readonly #now: () => number;
  #lastStartedMs: number | undefined;

  /**
   * @param minIntervalMs - the shortest time between two fetches
   * @param now - clock, in epoch milliseconds
   */
  public constructor(minIntervalMs: number, now: () => number) {
    this.#minIntervalMs = minIntervalMs;
    this.#now = now;
  }

  /**
   * Records a fetch starting now; a refused call is not recorded, so it does not push the next allowed time.
   * @throws RemoteError `rateLimited` when the last fetch started less than the interval ago
   */
  public begin(): void {
    const nowMs = this.#now();
    if (this.#lastStartedMs !== undefined && nowMs - this.#lastStartedMs < this.#minIntervalMs) {
      throw new RemoteError(RemoteErrorKind.rateLimited, `manifest fetched ${nowMs - this.#lastStartedMs} ms ago; the minimum interval is ${this.#minIntervalMs} ms`);
    }
    this.#lastStartedMs = nowMs;
  }
}
