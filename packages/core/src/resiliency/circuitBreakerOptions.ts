/** Settings of the circuit breakers that may guard calls through live references. */

/**
 * How a breaker counts failures and when it retries.
 * @category Resiliency
 */
export interface CircuitBreakerOptions {
  /** A call running longer counts as a failure (and is rejected), in milliseconds; 0 disables. */
  readonly callTimeoutMs: number;
  /** Failure percentage over the rolling window that opens the circuit. */
  readonly errorThresholdPercentage: number;
  /** Calls needed in the window before the circuit may open. */
  readonly volumeThreshold: number;
  /** Length of the rolling statistics window, in milliseconds. */
  readonly rollingCountTimeoutMs: number;
  /** Time the circuit stays open before a trial (and a fail-back attempt), in milliseconds. */
  readonly resetTimeoutMs: number;
}

/**
 * Defaults: open at 50% failures over 10 s once 5 calls were made; retry after 30 s.
 * @category Resiliency
 */
export const DEFAULT_CIRCUIT_BREAKER_OPTIONS: CircuitBreakerOptions = {
  callTimeoutMs: 10_000,
  errorThresholdPercentage: 50,
  volumeThreshold: 5,
  rollingCountTimeoutMs: 10_000,
  resetTimeoutMs: 30_000,
};
