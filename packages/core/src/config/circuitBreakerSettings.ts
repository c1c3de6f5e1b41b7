// The `lifecycle.circuit_breaker` section: which keys' calls are guarded by breakers, and how.
import { Transform } from 'class-transformer';
import { IsArray, IsBoolean, IsInt, Matches, Max, Min } from 'class-validator';
import { CoerceBoolean } from './coerceBoolean.js';
import { CoerceInteger } from './coerceInteger.js';
import { IsTimeoutMs } from './isTimeoutMs.js';

/**
 * Circuit breaking of calls through live references. Off by default. `guarded` lists what is
 * guarded when enabled: a domain (`adapter`) guards all its keys, `domain:key` one key.
 * @category Configuration
 */
export class CircuitBreakerSettings {
  /** Whether any call is guarded. */
  @CoerceBoolean()
  @IsBoolean({ message: 'must be true or false' })
  public enabled = false;

  /** Domains and `domain:key` entries whose calls are guarded (a comma list from the environment). */
  // A list field, so splitting a string on commas is this field's own, schema-aware coercion.
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').map((entry) => entry.trim()).filter(Boolean) : value), { toClassOnly: true })
  @IsArray({ message: 'must be a list' })
  @Matches(/^(adapter|service|task|event|workflow|action)(:[A-Za-z0-9_][A-Za-z0-9_.:-]*)?$/, { each: true, message: 'entries must be a domain or domain:key' })
  public guarded: string[] = ['adapter'];

  /**
   * A call running longer fails (and counts as a failure); 0 disables the breaker's own timer,
   * for providers that time out every call themselves (the adapters do).
   */
  @CoerceInteger()
  @IsInt({ message: 'must be an integer' })
  @Min(0, { message: 'must be 0 (off) or a positive number of milliseconds' })
  @Max(2_147_483_647, { message: 'must be at most 2147483647 (the longest delay a Node.js timer supports)' })
  public call_timeout_ms = 10_000;

  /** Failure percentage over the rolling window that opens the circuit. */
  @CoerceInteger()
  @IsInt({ message: 'must be an integer' })
  @Min(1, { message: 'must be between 1 and 100' })
  @Max(100, { message: 'must be between 1 and 100' })
  public error_threshold_percentage = 50;

  /** Calls needed in the window before the circuit may open. */
  @CoerceInteger()
  @IsInt({ message: 'must be an integer' })
  @Min(0, { message: 'must be at least 0' })
  public volume_threshold = 5;

  /** Length of the rolling statistics window. */
  @CoerceInteger()
  @IsTimeoutMs()
  public rolling_count_timeout_ms = 10_000;

  /** Time the circuit stays open before a trial and a fail-back attempt. */
  @CoerceInteger()
  @IsTimeoutMs()
  public reset_timeout_ms = 30_000;
}
