import fc from 'fast-check';
import { instanceFixture } from '../__fixtures__/instanceFixture.js';
import { rolloutFixture } from '../__fixtures__/rolloutFixture.js';
import { applyEntry } from './applyEntry.js';
import { instanceRecordOf } from './instanceRecordOf.js';
import { decodeActivity, decodeFloor, decodeInstance, decodeRollout, decodeSelection, type Decoded } from './decodeRecords.js';
import { EMPTY_SNAPSHOT } from '../models/fleetSnapshot.js';
import { MAX_REASON_LENGTH, MAX_TEXT_LENGTH } from './safeText.js';

const bytesOf = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));
const problemOf = <T>(decoded: Decoded<T>): string => (decoded.ok ? '' : decoded.problem);

const selection = { v: 1, domain: 'adapter', key: 'cache', provider: 'redis', at: '2026-12-07T00:00:00.000Z', by: 'cli@host' };
const activity = { v: 1, domain: 'adapter', key: 'cache', paused: true, draining: false, note: 'maintenance', at: '2026-12-07T00:00:00.000Z', by: 'cli@host' };
const floor = { v: 1, serial: 9, digest: 'a'.repeat(64), at: '2026-12-07T00:00:00.000Z', by: 'i1' };

describe('decodeRecords (the trust boundary: bucket bytes to typed records)', () => {
  it('decodes well-formed records of every kind to the same values', () => {
    expect(decodeSelection(bytesOf(selection))).toEqual({ ok: true, record: selection });
    expect(decodeActivity(bytesOf(activity))).toEqual({ ok: true, record: activity });
    expect(decodeFloor(bytesOf(floor))).toEqual({ ok: true, record: floor });
    const rollout = rolloutFixture({ decisions: [{ at: 'x', action: 'start', reason: 'canary: 1 instance(s)', evidence: { added: ['a'] } }] });
    expect(decodeRollout(bytesOf(rollout))).toEqual({ ok: true, record: rollout });
    const instance = instanceFixture('a', 'redis', 5);
    expect(decodeInstance(bytesOf(instance))).toEqual({ ok: true, record: instance });
  });

  it('reports, with the reason, what is not JSON, not an object, another version, or of the wrong shape', () => {
    expect(problemOf(decodeSelection(new TextEncoder().encode('{nope')))).toMatch(/^not JSON/);
    expect(problemOf(decodeSelection(bytesOf([1, 2])))).toMatch(/not an object/);
    expect(problemOf(decodeSelection(bytesOf({ ...selection, v: 2 })))).toMatch(/format version 2 is not 1/);
    expect(problemOf(decodeSelection(bytesOf({ ...selection, domain: 'nope' })))).toMatch(/domain is not a known domain/);
    expect(problemOf(decodeActivity(bytesOf({ ...activity, paused: 'yes' })))).toMatch(/paused is not a boolean/);
    expect(problemOf(decodeFloor(bytesOf({ ...floor, digest: 'xyz' })))).toMatch(/digest is not a hex SHA-256/);
    expect(problemOf(decodeFloor(bytesOf({ ...floor, serial: -1 })))).toMatch(/serial is not a number/);
    expect(problemOf(decodeRollout(bytesOf(rolloutFixture({ steps: [50, 25, 100] }))))).toMatch(/steps is not an increasing list/);
    expect(problemOf(decodeRollout(bytesOf({ ...rolloutFixture(), maxErrorRatio: 2 })))).toMatch(/maxErrorRatio/);
  });

  describe('text that would reach a terminal', () => {
    it.each([
      ['an escape sequence in a note', () => decodeActivity(bytesOf({ ...activity, note: 'ok\u001b[2J' })), /note holds control characters/],
      ['a newline forging an output line in by', () => decodeSelection(bytesOf({ ...selection, by: 'ops\nrollout promoted' })), /by holds control characters/],
      ['a bidirectional override in a provider', () => decodeSelection(bytesOf({ ...selection, provider: 'redis\u202egnp.exe' })), /provider holds control characters/],
      ['a C1 control in a moved id', () => decodeRollout(bytesOf(rolloutFixture({ moved: ['a\u009b31m'] }))), /moved holds control characters/],
      ['a control character in a decision reason', () => decodeRollout(bytesOf(rolloutFixture({ decisions: [{ at: 'x', action: 'abort', reason: 'x\u0007', evidence: {} }] }))), /reason holds control characters/],
      ['an over-long note', () => decodeActivity(bytesOf({ ...activity, note: 'n'.repeat(MAX_TEXT_LENGTH + 1) })), /note is longer than 1024/],
      ['an over-long instance id', () => decodeInstance(bytesOf(instanceFixture('i'.repeat(MAX_TEXT_LENGTH + 1), 'redis', 5))), /id is longer than 1024/],
      ['an over-long reason', () => decodeRollout(bytesOf(rolloutFixture({ decisions: [{ at: 'x', action: 'abort', reason: 'r'.repeat(MAX_REASON_LENGTH + 1), evidence: {} }] }))), /reason is longer than 4096/],
    ] as Array<[string, () => Decoded<unknown>, RegExp]>)('refuses %s (malformed: reported, not applied)', (_, decode, problem) => {
      expect(problemOf(decode())).toMatch(problem);
    });

    it('accepts text at the length limit and ordinary Unicode', () => {
      expect(decodeActivity(bytesOf({ ...activity, note: 'n'.repeat(MAX_TEXT_LENGTH) })).ok).toBe(true);
      expect(decodeActivity(bytesOf({ ...activity, note: 'maintenance de la base — été ☕' })).ok).toBe(true);
    });

    it('a refused record is listed under problems and leaves the snapshot without it', () => {
      const snapshot = applyEntry(EMPTY_SNAPSHOT, { key: 'activity.adapter.cache', revision: 3, value: bytesOf({ ...activity, note: '\u001b]0;pwned\u0007' }), isDelete: false });
      expect(snapshot.activities.size).toBe(0);
      expect(snapshot.problems.get('activity.adapter.cache')).toMatch(/control characters/);
    });
  });

  it('an instance publishes a multi-line swap error made safe, so the others do not refuse its record', () => {
    const state = instanceFixture('a', 'memory', 5).keys['adapter:cache']!;
    const record = instanceRecordOf({
      id: 'a', host: 'h', pid: 1, startedAt: 'x', heartbeatMs: 1_000, now: 5, keys: [state], probed: new Map(), appliedRevision: 0, manifestSerial: null, connected: true,
      swapErrors: new Map([['adapter:cache', { provider: 'redis', message: `connect failed\n${'x'.repeat(10_000)}`, at: 'y' }]]), snapshot: EMPTY_SNAPSHOT,
    });
    const decoded = decodeInstance(bytesOf(record));
    expect(decoded.ok).toBe(true);
    expect(decoded.ok ? decoded.record.keys['adapter:cache']?.swapError?.message : '').toMatch(/^connect failed x+…$/);
  });

  it('never throws, whatever the bytes or the JSON (property)', () => {
    const decoders = [decodeSelection, decodeActivity, decodeFloor, decodeRollout, decodeInstance];
    fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.jsonValue().map(bytesOf)), (bytes) => {
      for (const decode of decoders) {
        const decoded = decode(bytes);
        expect(typeof decoded.ok).toBe('boolean');
      }
    }));
  });
});
