/** The contract of the `monitoring` category: every monitoring backend implements it. */

/**
 * Attribute values a backend records with an error.
 * @category Monitoring
 */
export type MonitoringAttributes = Readonly<Record<string, string | number | boolean>>;

/**
 * A monitoring backend (Sentry, an OTLP collector, Logfire). Activating a provider installs its
 * SDK behind the process's OpenTelemetry API: spans started through `trace.getTracer(...)`
 * (Oneiric's own included) go to the active backend; cleaning it up flushes what it holds and
 * uninstalls it, so a hot swap of the backend loses no span finished before the swap.
 * @category Monitoring
 */
export interface Monitoring {
  /** Records an error (an exception event) with optional attributes; never throws. */
  captureError(error: unknown, attributes?: MonitoringAttributes): void;
  /**
   * Sends everything the backend holds (finished spans, metrics, events).
   * @returns true when all of it was sent within `timeoutMs`
   */
  flush(timeoutMs?: number): Promise<boolean>;
}
