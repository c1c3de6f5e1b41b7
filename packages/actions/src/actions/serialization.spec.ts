// serialization.encode/decode: round trips, YAML's safe schema and alias refusal, pickle refusal, bad input.
import { ActionErrorKind } from '../errors/actionError.js';
import { actionErrorOf, invoke } from '../testing/invoke.js';
import { SerializationDecode } from './serializationDecode.js';
import { SerializationEncode } from './serializationEncode.js';

const encode = new SerializationEncode();
const decode = new SerializationDecode();
const VALUE = { name: 'ann', tags: ['a', 'b'], nested: { count: 3, ok: true, none: null } };

describe('SerializationEncode.execute and SerializationDecode.execute', () => {
  it.each(['json', 'yaml'] as const)('round-trips a value through %s', async (format) => {
    const { text } = await invoke(encode, { format, data: VALUE });
    await expect(invoke(decode, { format, text })).resolves.toEqual({ format, data: VALUE });
  });

  it('encodes a string as base64 and back, and refuses base64 of a non-string', async () => {
    const { text } = await invoke(encode, { format: 'base64', data: 'héllo' });
    expect(text).toBe(Buffer.from('héllo').toString('base64'));
    await expect(invoke(decode, { format: 'base64', text })).resolves.toEqual({ format: 'base64', data: 'héllo' });
    expect((await actionErrorOf(invoke(encode, { format: 'base64', data: { a: 1 } }))).kind).toBe(ActionErrorKind.invalidPayload);
  });

  it('refuses pickle both ways with unsupported', async () => {
    // Reading pickle runs code its author chose: never offered.
    expect((await actionErrorOf(invoke(encode, { format: 'pickle', data: 1 }))).kind).toBe(ActionErrorKind.unsupported);
    expect((await actionErrorOf(invoke(decode, { format: 'pickle', text: 'gASVAAAA' }))).kind).toBe(ActionErrorKind.unsupported);
  });

  it('refuses YAML anchors (a billion-laughs text) with limitExceeded and keeps YAML types JSON-safe', async () => {
    const laughs = 'a: &a ["lol","lol"]\nb: &b [*a,*a,*a]\nc: &c [*b,*b,*b]\n';
    expect((await actionErrorOf(invoke(decode, { format: 'yaml', text: laughs }))).kind).toBe(ActionErrorKind.limitExceeded);
    // The JSON schema reads a date-looking scalar as a string, and refuses a JS-specific tag.
    await expect(invoke(decode, { format: 'yaml', text: 'when: 2026-01-01' })).resolves.toEqual({ format: 'yaml', data: { when: '2026-01-01' } });
    expect((await actionErrorOf(invoke(decode, { format: 'yaml', text: 'f: !!js/function "() => 1"' }))).kind).toBe(ActionErrorKind.decodeFailed);
  });

  it('reports text that is not JSON as decodeFailed', async () => {
    expect((await actionErrorOf(invoke(decode, { format: 'json', text: '{nope' }))).kind).toBe(ActionErrorKind.decodeFailed);
  });
});
