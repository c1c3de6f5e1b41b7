/** The running part of an OTLP-based monitoring provider: one pipeline, installed as the active backend. */
import { requireReady } from '../clients/requireReady.js';
import type { MonitoringAttributes } from './monitoring.js';
import { createOtlpPipeline, type OtlpPipeline, type OtlpPipelineOptions } from './otlpPipeline.js';
import { recordError } from './recordError.js';
import { installBackend } from './telemetrySlot.js';

/**
 * What `otlp` and `logfire` share (they differ only in where and with which headers they
 * export): `start` builds the SDK's providers and installs them behind the global API, `stop`
 * uninstalls them first, then flushes and shuts them down, so a backend swapped in takes the spans
 * started after it while this one still sends those finished before.
 */
export class OtlpBackend {
  readonly #provider: string;
  #pipeline: OtlpPipeline | undefined;
  #release: (() => void) | undefined;

  /** @param provider - the provider name, for `missingDependency` and `notReady` errors */
  public constructor(provider: string) {
    this.#provider = provider;
  }

  /** True between a successful `start` and `stop`. */
  public get running(): boolean {
    return this.#pipeline !== undefined;
  }

  /** Stops what runs (within `flushTimeoutMs`), then builds and installs a pipeline with `options`. */
  public async start(options: OtlpPipelineOptions, flushTimeoutMs: number): Promise<void> {
    await this.stop(flushTimeoutMs);
    const pipeline = await createOtlpPipeline({ category: 'monitoring', provider: this.#provider }, options);
    this.#pipeline = pipeline;
    this.#release = installBackend(pipeline, pipeline.contextManager);
  }

  /** Records `error` as an `exception` span (nothing when not running). */
  public captureError(error: unknown, attributes?: MonitoringAttributes): void {
    if (this.#pipeline !== undefined) recordError(this.#pipeline.tracerProvider, error, attributes);
  }

  /** Exports what is buffered within `timeoutMs`. @throws AdapterError `notReady` when not running */
  public async flush(timeoutMs: number): Promise<boolean> {
    return requireReady(this.#pipeline, 'monitoring', this.#provider).flush(timeoutMs);
  }

  /** Uninstalls the providers, then flushes what they hold and shuts them down within `flushTimeoutMs`. */
  public async stop(flushTimeoutMs: number): Promise<void> {
    const pipeline = this.#pipeline;
    this.#release?.();
    this.#release = undefined;
    this.#pipeline = undefined;
    await pipeline?.shutdown(flushTimeoutMs);
  }
}
