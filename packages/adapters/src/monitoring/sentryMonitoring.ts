/** Monitoring through Sentry (`@sentry/node` and `@sentry/opentelemetry` are optional peer dependencies). */
import { monitoringKey } from '../adapterKeys.js';
import type { NodeClient } from '@sentry/node';
import { Adapter, InjectSettings } from '@oneiric/core';
import { requireReady } from '../clients/requireReady.js';
import { loadOptionalDependency } from '../loading/loadOptionalDependency.js';
import type { Monitoring, MonitoringAttributes } from './monitoring.js';
import { SentryMonitoringSettings } from './sentryMonitoringSettings.js';
import { installBackend } from './telemetrySlot.js';

const PROVIDER = 'sentry';
const USER = { category: 'monitoring', provider: PROVIDER } as const;

type SentryModule = typeof import('@sentry/node');

/**
 * Sends errors and traces to Sentry. `init` starts a Sentry client without its default
 * integrations (no module patching, no process handlers: errors are sent by `captureError`) and
 * installs Sentry's OpenTelemetry tracer provider behind the global API, so spans started
 * through `trace.getTracer(...)` become Sentry spans, sent as a transaction when their root ends.
 * `cleanup` uninstalls the provider, then flushes and closes this client within
 * `flushTimeoutMs` (events already sent wait in the client's transport until then), so a swap
 * loses nothing finished before it. Priority 210.
 * @example
 * ```ts
 * try { await charge(order); } catch (error) { monitoring.captureError(error, { order: order.id }); throw error; }
 * ```
 * @category Monitoring
 */
@Adapter(monitoringKey, PROVIDER, {
  priority: 210,
  settings: SentryMonitoringSettings,
  capabilities: ['errors', 'traces', 'hot-swap'],
  description: 'Sentry error and trace reporting',
})
export class SentryMonitoring implements Monitoring {
  readonly #settings: SentryMonitoringSettings;
  #sentry: SentryModule | undefined;
  #client: NodeClient | undefined;
  #release: (() => void) | undefined;

  /** @param settings - DSN, environment, release, sampling, flush limit */
  public constructor(@InjectSettings() settings: SentryMonitoringSettings) {
    this.#settings = settings;
  }

  /**
   * Loads the SDK, starts the client and installs Sentry's tracer provider (the active backend).
   * @throws AdapterError `missingDependency` without `@sentry/node` or `@sentry/opentelemetry`
   */
  public async init(): Promise<void> {
    await this.cleanup();
    // One after the other: the packages share modules, and loading them at once trips Jest's ESM loader.
    const sentry = await loadOptionalDependency('@sentry/node', USER, () => import('@sentry/node'));
    const sentryOtel = await loadOptionalDependency('@sentry/opentelemetry', USER, () => import('@sentry/opentelemetry'));
    const asyncHooks = await loadOptionalDependency('@opentelemetry/context-async-hooks', USER, () => import('@opentelemetry/context-async-hooks'));
    const settings = this.#settings;
    const client = sentry.initWithoutDefaultIntegrations({
      dsn: settings.dsn,
      sampleRate: settings.sampleRate,
      tracesSampleRate: settings.tracesSampleRate,
      enableOpenTelemetrySetup: false,
      enableRuntimeChannelInjection: false,
      ...(settings.environment === undefined ? {} : { environment: settings.environment }),
      ...(settings.release === undefined ? {} : { release: settings.release }),
    });
    this.#sentry = sentry;
    this.#client = client;
    this.#release = installBackend({ tracerProvider: new sentryOtel.SentryTracerProvider() }, () => new asyncHooks.AsyncLocalStorageContextManager());
  }

  /**

   * Records an error (an exception event) with optional attributes; never throws.

   * The attributes become the event's tags.

   */
  public captureError(error: unknown, attributes: MonitoringAttributes = {}): void {
    const client = this.#client;
    const sentry = this.#sentry;
    if (client === undefined || sentry === undefined) return;
    try {
      const scope = sentry.getCurrentScope().clone();
      scope.setTags({ ...attributes });
      client.captureException(error, undefined, scope);
    } catch {
      // Monitoring must never break the caller.
    }
  }

  /** {@inheritDoc Monitoring.flush} */
  public async flush(timeoutMs = this.#settings.flushTimeoutMs): Promise<boolean> {
    return requireReady(this.#client, 'monitoring', PROVIDER).flush(timeoutMs);
  }

  /**
   * True while the client is started and enabled with a DSN. Sentry has no endpoint to probe
   * without filing something, so nothing is sent.
   */
  public async health(): Promise<boolean> {
    const client = this.#client;
    return client !== undefined && client.getOptions().enabled !== false && client.getDsn() !== undefined;
  }

  /** Uninstalls the tracer provider, then flushes and closes the client (within `flushTimeoutMs`). */
  public async cleanup(): Promise<void> {
    const client = this.#client;
    this.#release?.();
    this.#release = undefined;
    this.#client = undefined;
    this.#sentry = undefined;
    await client?.close(this.#settings.flushTimeoutMs);
  }
}
