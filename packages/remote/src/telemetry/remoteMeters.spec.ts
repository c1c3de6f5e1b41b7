// Tests of the remote sync metrics, recorded by StatusRecorder and read through an in-memory OpenTelemetry reader.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { metrics } from '@opentelemetry/api';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { captureLogger } from '../__fixtures__/captureLogger.js';
import { RemoteError, RemoteErrorKind } from '../errors/remoteError.js';
import type { SyncResult } from '../models/syncResult.js';
import { RemoteCache } from '../services/remoteCache.js';
import { StatusRecorder } from '../services/statusRecorder.js';

class InMemoryReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

const reader = new InMemoryReader();
const provider = new MeterProvider({ readers: [reader] });
metrics.setGlobalMeterProvider(provider);

// [attributes, value (a number, or a histogram's count and sum)] of every point of `name`.
async function points(name: string): Promise<Array<[Record<string, unknown>, unknown]>> {
  const { resourceMetrics } = await reader.collect();
  return resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics)
    .filter((metric) => metric.descriptor.name === name)
    .flatMap((metric) => metric.dataPoints.map((point): [Record<string, unknown>, unknown] => [
      { ...point.attributes }, typeof point.value === 'number' ? point.value : { count: (point.value as { count: number }).count, sum: (point.value as { sum?: number }).sum },
    ]));
}

const result: SyncResult = {
  serial: 7, source: 'https://r.test/m.json', offline: false, signerKeyIds: [], registered: ['a'], unchanged: [], retracted: [], skipped: [], perDomain: { adapter: 1 }, digestChecks: 0, durationMs: 0,
};

let cacheDir: string;

beforeEach(() => {
  cacheDir = mkdtempSync(join(tmpdir(), 'oneiric-remote-meters-'));
});

afterEach(() => {
  rmSync(cacheDir, { recursive: true, force: true });
});

afterAll(async () => {
  metrics.disable();
  await provider.shutdown();
});

describe('remote sync metrics', () => {
  it('count syncs by outcome and kind, time them in seconds, and show the serial in use', async () => {
    let nowMs = 0;
    const recorder = new StatusRecorder({ cache: new RemoteCache(cacheDir), logger: captureLogger().logger, now: () => nowMs });
    await recorder.recorded('https://r.test/m.json', false, () => {
      nowMs += 1500;
      return Promise.resolve(result);
    });
    await expect(recorder.recorded('cache', true, () => Promise.reject(new RemoteError(RemoteErrorKind.noCachedManifest, 'nothing cached')))).rejects.toThrow('nothing cached');
    await recorder.recordTimeout(new RemoteError(RemoteErrorKind.timeout, 'too slow'));

    expect(await points('oneiric_remote_syncs_total')).toEqual(expect.arrayContaining([
      [{ outcome: 'success', offline: 'false' }, 1],
      [{ outcome: 'failure', offline: 'true', kind: 'noCachedManifest' }, 1],
      [{ outcome: 'timeout', offline: 'false', kind: 'timeout' }, 1],
    ]));
    expect(await points('oneiric_remote_sync_duration_seconds')).toEqual(expect.arrayContaining([
      [{ outcome: 'success', offline: 'false' }, { count: 1, sum: 1.5 }],
    ]));
    expect(await points('oneiric_remote_manifest_serial')).toEqual([[{}, 7]]);
  });
});
