// The `lifecycle` section of the settings: how long each lifecycle step may take.
import { CoerceInteger } from './coerceInteger.js';
import { CircuitBreakerSettings } from './circuitBreakerSettings.js';
import { IsTimeoutMs } from './isTimeoutMs.js';
import { SettingsSection } from './settingsSection.js';

/**
 * Time limits, in milliseconds, for activating, checking and stopping providers.
 * @category Configuration
 */
export class LifecycleSettings {
  /** Longest time a provider may take to activate. */
  @CoerceInteger()
  @IsTimeoutMs()
  public activation_timeout_ms = 30_000;

  /** Longest time a health check may take. */
  @CoerceInteger()
  @IsTimeoutMs()
  public health_timeout_ms = 5_000;

  /** Longest time a provider may take to clean up when it is replaced or stopped. */
  @CoerceInteger()
  @IsTimeoutMs()
  public cleanup_timeout_ms = 10_000;

  /** Longest time a lifecycle hook may run. */
  @CoerceInteger()
  @IsTimeoutMs()
  public hook_timeout_ms = 5_000;

  /** Longest time to wait for in-flight work to finish before a swap. */
  @CoerceInteger()
  @IsTimeoutMs()
  public drain_timeout_ms = 10_000;

  /** Circuit breaking of calls through live references (off by default). */
  @SettingsSection(() => CircuitBreakerSettings)
  public circuit_breaker = new CircuitBreakerSettings();
}
