// Spans of a remote sync against a real HTTP server on 127.0.0.1: one sync span with fetch, verify
// and apply as its children, the manifest's serial and counts as attributes, no credentials in
// any attribute, and a refused manifest recorded as an error on the step that refused it.
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { Oneiric, SpanAttribute } from '@oneiric/core';
import { artifact, baseUrl, entry, kindOf, remoteFor, requests, routes, serveManifest, TOKEN, useManifestServer } from '../../packages/remote/src/__fixtures__/remoteSyncHarness.js';
import { isChildOf, useInMemoryTracing } from '../../packages/core/src/testing/inMemoryTracing.js';

useManifestServer();

const tracing = useInMemoryTracing();

describe('RemoteSync tracing', () => {
  it('traces a sync as one span with fetch, verify and apply children, carrying serial and counts but no token', async () => {
    const app = new Oneiric();
    const remote = remoteFor(app);
    serveManifest(4, [entry('remote-redis', artifact('remote'))]);
    await trace.getTracer('test').startActiveSpan('deploy', async (root) => {
      await remote.sync();
      root.end();
    });
    const sync = tracing.only('oneiric.remote.sync');
    expect(isChildOf(sync, tracing.only('deploy'))).toBe(true);
    for (const step of ['oneiric.remote.fetch', 'oneiric.remote.verify', 'oneiric.remote.apply']) {
      expect(isChildOf(tracing.only(step), sync)).toBe(true);
    }
    expect(sync.attributes).toMatchObject({
      [SpanAttribute.manifestSource]: `${baseUrl}/manifest.json`,
      [SpanAttribute.manifestSerial]: 4,
      [SpanAttribute.registered]: 1,
      [SpanAttribute.offline]: false,
    });
    // The manifest server was asked within the fetch span: its own spans would join this trace.
    const fetchSpan = tracing.only('oneiric.remote.fetch').spanContext();
    expect(requests.find((request) => request.path === '/manifest.json')?.traceparent).toBe(`00-${fetchSpan.traceId}-${fetchSpan.spanId}-01`);
    const everyValue = tracing.spans().flatMap((span) => Object.values(span.attributes)).map(String).join('\n');
    expect(everyValue).not.toContain(TOKEN.split(' ')[1]);
    await app.close();
    remote.close();
  });

  it('marks the sync and the fetch failed (exception, error status) when the manifest is missing', async () => {
    const app = new Oneiric();
    const remote = remoteFor(app);
    routes.delete('/manifest.json');
    expect(await kindOf(remote.sync())).not.toBe('accepted');
    const sync = tracing.only('oneiric.remote.sync');
    const fetch = tracing.only('oneiric.remote.fetch');
    expect(sync.status.code).toBe(SpanStatusCode.ERROR);
    expect(fetch.status.code).toBe(SpanStatusCode.ERROR);
    expect(fetch.events.map((event) => event.name)).toEqual(['exception']);
    expect(tracing.named('oneiric.remote.apply')).toEqual([]);
    await app.close();
    remote.close();
  });

  it('traces an offline start from the cache with verify and apply, and no fetch', async () => {
    const app = new Oneiric();
    const remote = remoteFor(app);
    serveManifest(5, [entry('remote-redis', artifact('remote'))]);
    await remote.sync();
    tracing.reset();
    await remote.syncFromCache();
    const sync = tracing.only('oneiric.remote.sync');
    expect(sync.attributes).toMatchObject({ [SpanAttribute.offline]: true, [SpanAttribute.manifestSerial]: 5 });
    expect(isChildOf(tracing.only('oneiric.remote.apply'), sync)).toBe(true);
    expect(tracing.named('oneiric.remote.fetch')).toEqual([]);
    await app.close();
    remote.close();
  });
});
