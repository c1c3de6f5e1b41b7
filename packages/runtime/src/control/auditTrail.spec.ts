// Unit tests of auditedFields: what an audit line records of a request, and what it never does.
import { auditedFields } from './auditTrail.js';

describe('auditedFields', () => {
  it('keeps the identifying fields of the path and body', () => {
    expect(auditedFields({ key: 'pipeline' }, { resume: true, version: '2' })).toEqual({ key: 'pipeline', resume: true, version: '2' });
    expect(auditedFields(undefined, { domain: 'adapter', key: 'cache', provider: 'memory', force: false, note: null }))
      .toEqual({ domain: 'adapter', key: 'cache', provider: 'memory', force: false, note: null });
  });

  it('leaves out payloads, inputs and headers, which may hold secrets', () => {
    expect(auditedFields({}, { topic: 't', payload: { password: 'x' }, headers: { authorization: 'y' }, input: 'z' })).toEqual({ topic: 't' });
  });

  it('ignores bodies that are not objects and fields of other types, and shortens long strings', () => {
    expect(auditedFields(null, [1, 2])).toEqual({});
    expect(auditedFields({}, { key: { nested: true }, domain: 7 })).toEqual({});
    expect(auditedFields({}, { note: 'n'.repeat(500) })['note']).toHaveLength(201);
  });
});
