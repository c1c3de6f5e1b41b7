// Fuzzing every action kit's payload through the real action bridge: only typed errors, never a crash or an unhandled rejection.
import { getMetadataStorage } from 'class-validator';
import fc from 'fast-check';
import { OneiricError, Oneiric } from '@oneiric/core';
import { ACTION_KITS, registerActionKits } from '@oneiric/actions';
import { createDomainBridges, type DomainBridges } from '@oneiric/domains';

// Traffic stays on this machine: port 9 (discard) on loopback is closed here, so sends fail fast.
const URLS = ['http://127.0.0.1:9/x', 'https://127.0.0.1:9/?token=t', 'ftp://127.0.0.1/', 'not a url', 'http://u:p@127.0.0.1:9/', ''];
const ENUM_VALUES = [
  'gzip', 'deflate', 'brotli', 'zstd', 'sha256', 'sha512', 'blake2b512', 'sha3-256', 'hex', 'base64', 'base64url', 'utf8',
  'sign', 'verify', 'token', 'jwtSign', 'jwtVerify', 'passwordHash', 'passwordVerify', 'compare', 'HS256', 'ES256', 'EdDSA',
  'json', 'yaml', 'pickle', 'equals', 'gt', 'in', 'exists', 'truthy', 'info', 'warning', 'critical', 'GET', 'POST',
  '*/5 * * * *', '0 0 29 2 *', '* * * * * *', 'Europe/Paris', '2026-01-01T00:00:00Z', 'H4sIAAAAAAAAA8tIzcnJBwCGphA2BQAAAA==',
  'a: &x [1]\nb: *x', '$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
];

function fieldsOf(payloadType: new () => object): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(payloadType, '', true, false);
  return [...new Set(metadata.map((entry) => entry.propertyName))];
}

// A value for a field: mostly plausible (right names, enum values, nested records), sometimes anything at all.
function valueFor(field: string): fc.Arbitrary<unknown> {
  const scalar = fc.oneof(fc.constantFrom(...ENUM_VALUES), fc.string({ maxLength: 40 }), fc.integer({ min: -3, max: 100_000 }), fc.boolean(), fc.constant(null));
  const record = fc.dictionary(fc.constantFrom('path', 'operator', 'value', 'name', 'conditions', 'stepId', 'dependsOn', 'url', 'secret', '__proto__', 'x'), scalar, { maxKeys: 5 });
  if (/url/i.test(field)) return fc.constantFrom(...URLS);
  if (field === 'webhooks') return fc.array(fc.record({ url: fc.constantFrom(...URLS), secret: fc.string() }, { requiredKeys: ['url'] }), { maxLength: 3 });
  return fc.oneof({ weight: 6, arbitrary: scalar }, { weight: 2, arbitrary: record }, { weight: 2, arbitrary: fc.array(fc.oneof(scalar, record), { maxLength: 4 }) }, { weight: 1, arbitrary: fc.anything() });
}

// A valid payload per action: the fuzzer mutates it field by field, so most runs reach the action itself.
const SAMPLES: Readonly<Record<string, Record<string, unknown>>> = {
  'compression.encode': { data: 'hello hello', algorithm: 'gzip', level: 6, inputEncoding: 'utf8' },
  'compression.decode': { data: 'H4sIAAAAAAAAA8tIzcnJBwCGphA2BQAAAA==', algorithm: 'gzip', outputEncoding: 'utf8', maxOutputBytes: 100 },
  'compression.hash': { data: 'abc', algorithm: 'sha3-256', encoding: 'hex', salt: 's', inputEncoding: 'utf8' },
  'security.signature': { operation: 'verify', message: 'm', secret: 'k', algorithm: 'sha256', signature: 'ab', timestamped: true, timestamp: 1, toleranceSeconds: 5 },
  'security.secure': { operation: 'jwtVerify', token: 'a.b.c', secret: 'k', password: 'p', hash: 'pbkdf2_sha256$1$s$AAAAAAAAAAAAAAAAAAAAAA==', left: 'a', right: 'b', bytes: 8 },
  'serialization.encode': { format: 'yaml', data: { a: [1, 2] }, pretty: true },
  'serialization.decode': { format: 'yaml', text: 'a: [1, 2]' },
  'data.transform': { data: { a: 1, b: 2 }, include: ['a'], exclude: ['b'], rename: { a: 'x' }, defaults: { c: 3 } },
  'data.sanitize': { data: { card: '4111', user: { token: 't' } }, allow: ['card', 'user'], drop: ['x'], mask: ['card'], maskPatterns: ['tok'], maskWith: '#' },
  'validation.schema': { schema: { type: 'object', required: ['id'] }, data: { id: 1 }, allErrors: true },
  'automation.trigger': { context: { total: 120 }, rules: [{ name: 'big', conditions: [{ path: 'total', operator: 'gt', value: 100 }], action: 'notify' }], stopOnMatch: false },
  'event.dispatch': { topic: 'order.created', payload: { id: 7 }, headers: { correlationId: 'c' }, webhooks: [{ url: URLS[0], secret: 's' }], dryRun: true },
  'http.fetch': { url: URLS[0], method: 'GET', headers: { accept: 'text/plain' }, timeoutMs: 500, retries: 0 },
  'task.schedule': { cron: '*/5 * * * *', from: '2026-01-01T00:00:00Z', startAt: '2026-01-01T00:00:00Z', endAt: '2026-02-01T00:00:00Z', maxRuns: 3, previews: 3, timezone: 'UTC', payload: {} },
  'workflow.orchestrate': { workflow: 'w', steps: [{ stepId: 'a' }, { stepId: 'b', dependsOn: ['a'] }], maxBatchSize: 4, defaultRetries: 1, defaultTimeoutSeconds: 10, paused: false },
  'workflow.audit': { event: 'login', channel: 'audit', details: { password: 'x' }, redactFields: ['iban'] },
  'workflow.notify': { message: 'done', channel: 'ops', level: 'info', recipients: ['a@b.c'], metadata: { token: 't' } },
  'workflow.retry': { attempt: 1, maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, jitter: 0.1 },
  'debug.console': { message: 'm', level: 'info', data: { apiKey: 'k' }, scrubFields: ['x'] },
};

function payloadFor(key: string, payloadType: new () => object): fc.Arbitrary<unknown> {
  const fields = fieldsOf(payloadType);
  const sample = SAMPLES[key] ?? {};
  const ABSENT = Symbol('absent');
  const field = (name: string): fc.Arbitrary<unknown> => fc.oneof(
    { weight: 12, arbitrary: fc.constant(Object.hasOwn(sample, name) ? sample[name] : ABSENT) },
    { weight: 2, arbitrary: valueFor(name) },
    { weight: 1, arbitrary: fc.constant(ABSENT) },
  );
  const plausible = fc.tuple(...fields.map(field)).map((values) => Object.fromEntries(fields.map((name, index) => [name, values[index]]).filter(([, value]) => value !== ABSENT)));
  const withUnknown = plausible.map((payload) => ({ ...(payload as object), unexpected: 1 }));
  return fc.oneof({ weight: 8, arbitrary: plausible }, { weight: 1, arbitrary: withUnknown }, { weight: 1, arbitrary: fc.anything() });
}

let app: Oneiric;
let bridges: DomainBridges;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  // Cheap argon2id cost: the fuzzer hashes many passwords; the cost itself is not under test here.
  app = new Oneiric({ providerSettings: (candidate) => ({ plain: candidate.key === 'security.secure' ? { memoryKiB: 64, iterations: 1 } : {}, path: 'actions.provider_settings.builtin' }) });
  bridges = await createDomainBridges(app);
  // The domains package's EventBridge is the event sink: event.dispatch reaches real local dispatch.
  registerActionKits(app, { events: bridges.events });
});

afterAll(async () => {
  await bridges.close();
  await app.close();
  process.off('unhandledRejection', onUnhandled);
});

describe.each(ACTION_KITS.map((kit) => [kit.key, kit] as const))('the %s action, fuzzed', (key) => {
  it('resolves or rejects with a typed Oneiric error (a kind), never anything else', async () => {
    const kit = ACTION_KITS.find((entry) => entry.key === key)!;
    // The payload class comes from a built instance (settings are irrelevant to which fields exist).
    const payloadType = (kit.build({ app, logger: app.logger }, {}) as { payloadType: new () => object }).payloadType;
    let reachedAction = 0;
    await fc.assert(fc.asyncProperty(payloadFor(key, payloadType), async (payload) => {
      try {
        await bridges.actions.execute(key, payload);
        reachedAction += 1;
      } catch (error) {
        if (error instanceof OneiricError && error.family === 'ActionError') {
          reachedAction += 1;
        }
        if (!(error instanceof OneiricError) || typeof error.kind !== 'string') {
          throw new Error(`${key} threw an untyped ${String(error)} for ${JSON.stringify(payload)?.slice(0, 300)}`);
        }
      }
    }), { numRuns: 150 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(unhandled).toEqual([]);
    // Not only validation was fuzzed: some payloads got through to the action itself.
    expect(reachedAction).toBeGreaterThan(5);
  });
});
