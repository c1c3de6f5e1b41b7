// Tests of parseManifest: structural errors reject the whole manifest and name the field path.
import { RemoteError, RemoteErrorKind } from '../errors/remoteError.js';
import { sampleManifest } from '../__fixtures__/testKeys.js';
import { findDuplicateJsonKey, parseManifest } from './parseManifest.js';
import { signingPayload } from './signingPayload.js';

function fieldOf(text: string): string | undefined {
  try {
    parseManifest(text);
  } catch (error) {
    expect(error).toMatchObject({ kind: RemoteErrorKind.invalidManifest });
    return (error as { context: { field?: string } }).context.field;
  }
  return 'accepted';
}

describe('parseManifest', () => {
  it('parses JSON and YAML alike, keeping YAML timestamps as strings', () => {
    const fromJson = parseManifest(JSON.stringify(sampleManifest()));
    const fromYaml = parseManifest('serial: 1\nsignedAt: 2026-01-01T00:00:00Z\nentries:\n  - {domain: adapter, key: cache, provider: p, factory: "@acme/x:Y"}\n');

    expect(fromJson.manifest.entries).toHaveLength(2);
    expect(fromYaml.manifest.signedAt).toBe('2026-01-01T00:00:00Z');
  });

  it.each([
    ['{"entries": []}', 'serial'],
    ['{"serial": -1, "entries": []}', 'serial'],
    ['{"serial": 1}', 'entries'],
    ['{"serial": 1, "entries": [{"domain": "adapter", "key": "k", "provider": "p"}]}', 'entries.0.factory'],
    ['{"serial": 1, "entries": [{"domain": "adapter", "key": "k", "provider": "p", "factory": "@a/b:C", "priority": "high"}]}', 'entries.0.priority'],
    ['{"serial": 1, "entries": [{"domain": "adapter", "key": "k", "provider": "p", "factory": "@a/b:C", "capabilities": [{"description": "nameless"}]}]}', 'entries.0.capabilities'],
    ['{"serial": 1, "entries": [], "surprise": true}', 'surprise'],
    ['[1, 2]', ''],
    // Above Number.MAX_SAFE_INTEGER integers lose precision, so "the serial must grow" is unreliable.
    ['{"serial": 1e308, "entries": []}', 'serial'],
    ['{"serial": 9007199254740993, "entries": []}', 'serial'],
    ['serial: [unclosed', ''],
  ])('rejects %s naming the field %j', (text, field) => {
    expect(fieldOf(text)).toBe(field);
  });
});

function refusal(text: string, options: Parameters<typeof parseManifest>[2] = {}): RemoteError {
  try {
    parseManifest(text, 'manifest', options);
  } catch (error) {
    expect(error).toBeInstanceOf(RemoteError);
    return error as RemoteError;
  }
  throw new Error('accepted');
}

describe('parseManifest', () => {
  describe('parseManifest, having a YAML alias bomb', () => {
    it('refuses it fast with yamlAliasRefused, because aliases let a few lines expand exponentially', () => {
      const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
      for (let level = 1; level < 12; level += 1) {
        const previous = String.fromCharCode(96 + level);
        const name = String.fromCharCode(97 + level);
        levels.push(`${name}: &${name} [${Array.from({ length: 9 }, () => `*${previous}`).join(',')}]`);
      }
      const started = performance.now();

      expect(refusal(`serial: 1\nentries: []\n${levels.join('\n')}\n`).kind).toBe(RemoteErrorKind.yamlAliasRefused);
      expect(performance.now() - started).toBeLessThan(1_000);
    });

    it('refuses even a single harmless-looking anchor with yamlAliasRefused, because only refusing all is safe', () => {
      expect(refusal('serial: 1\nentries: &e []\nother: *e\n').kind).toBe(RemoteErrorKind.yamlAliasRefused);
    });

    it('still accepts "&" and "*" inside quoted scalars, because they are text there', () => {
      expect(parseManifest('serial: 1\nentries:\n  - {domain: adapter, key: k, provider: p, factory: "@a/b:C", description: "&x *y"}\n').manifest.entries).toHaveLength(1);
    });
  });

  describe('parseManifest, having deep nesting', () => {
    it('refuses 100 levels with manifestTooDeep, because walking it costs stack and time', () => {
      const deep = `{"serial":1,"entries":[],"x":${'['.repeat(100)}${']'.repeat(100)}}`;

      expect(refusal(deep).kind).toBe(RemoteErrorKind.manifestTooDeep);
    });
  });

  describe('parseManifest, having a text over the size limit', () => {
    it('refuses it with manifestTooLarge before parsing, because parsing is where the cost is', () => {
      expect(refusal(`{"serial":1,"entries":[],"pad":"${'x'.repeat(2_000)}"}`, { maxBytes: 1_024 }).kind).toBe(RemoteErrorKind.manifestTooLarge);
    });
  });

  describe('parseManifest, having a key named like an Object.prototype member', () => {
    const entry = (extra: string): string => `{"serial":1,"entries":[{"domain":"adapter","key":"k","provider":"p","factory":"@a/b:C",${extra}}]}`;

    it.each([
      ['constructor deep in metadata', entry('"metadata":{"team":{"constructor":"platform"}}'), 'entries.0.metadata.team.constructor'],
      ['toString in a capability descriptor', entry('"capabilities":[{"name":"x","toString":1}]'), 'entries.0.capabilities.0.toString'],
      ['__proto__ in metadata', entry('"metadata":{"__proto__":{"artifactPath":"/evil"}}'), 'entries.0.metadata.__proto__'],
      ['hasOwnProperty at the top level', '{"serial":1,"entries":[],"hasOwnProperty":1}', 'hasOwnProperty'],
    ])('refuses %s with invalidManifest naming the path, because such keys pollute prototypes and make readers disagree', (_label, text, field) => {
      const error = refusal(text);

      expect(error.kind).toBe(RemoteErrorKind.invalidManifest);
      expect(error.context).toMatchObject({ field });
    });

    it('refuses the same in YAML', () => {
      const error = refusal('serial: 1\nentries:\n  - {domain: adapter, key: k, provider: p, factory: "@a/b:C", metadata: {valueOf: 2}}\n');

      expect(error).toMatchObject({ kind: RemoteErrorKind.invalidManifest, context: { field: 'entries.0.metadata.valueOf' } });
    });

    it('still accepts those words as values, and as keys that merely contain them', () => {
      const parsed = parseManifest(entry('"metadata":{"constructorName":"constructor","tags":["__proto__"]}'));

      expect(parsed.manifest.entries[0]?.metadata).toEqual({ constructorName: 'constructor', tags: ['__proto__'] });
    });
  });

  describe('parseManifest, having values the signing payload cannot represent', () => {
    const entry = (extra: string): string => `{"serial":1,"entries":[{"domain":"adapter","key":"k","provider":"p","factory":"@a/b:C",${extra}}]}`;
    const yamlEntry = (metadata: string): string => `serial: 1\nentries:\n  - {domain: adapter, key: k, provider: p, factory: "@a/b:C", metadata: ${metadata}}\n`;

    // Each of these passed the schema (metadata is free-form) and then made canonicalJson, which
    // builds the signing payload, throw a bare TypeError instead of a RemoteError.
    it.each([
      ['JSON 1e400 (Infinity) in metadata', entry('"metadata":{"size":1e400}'), 'entries.0.metadata.size'],
      ['JSON -1e400 (-Infinity) deep in a list', entry('"metadata":{"sizes":[1,-1e400]}'), 'entries.0.metadata.sizes.1'],
      ['JSON 1e400 as the serial', '{"serial":1e400,"entries":[]}', 'serial'],
      ['a lone high surrogate in a metadata string', entry('"metadata":{"name":"\\ud800"}'), 'entries.0.metadata.name'],
      ['a lone low surrogate after text', entry('"description":"ok\\udc00"'), 'entries.0.description'],
      ['a reversed surrogate pair', entry('"metadata":{"tags":["\\udc00\\ud800"]}'), 'entries.0.metadata.tags.0'],
      ['a lone surrogate in a metadata key (the mapping holding it is named)', entry('"metadata":{"team":{"\\ud800":1}}'), 'entries.0.metadata.team'],
      ['an upper-case JSON escape of a lone surrogate as a key of the entry', entry('"\\uDFFF":1'), 'entries.0'],
      ['a YAML \\U0000D800 escape', yamlEntry('{name: "\\U0000D800"}'), 'entries.0.metadata.name'],
      // (js-yaml itself refuses a raw one in YAML text; JSON.parse does not.)
      ['a raw lone surrogate in JSON text (no escape)', entry('"metadata":{"name":"x\ud800"}'), 'entries.0.metadata.name'],
      ['YAML .nan in metadata', yamlEntry('{ratio: .nan}'), 'entries.0.metadata.ratio'],
      ['YAML .inf in metadata', yamlEntry('{limit: .inf}'), 'entries.0.metadata.limit'],
      ['YAML -.inf in metadata', yamlEntry('{floor: [-.inf]}'), 'entries.0.metadata.floor.0'],
    ])('refuses %s with invalidManifest naming the path, because canonical JSON cannot represent it', (_label, text, field) => {
      const error = refusal(text);

      expect(error.kind).toBe(RemoteErrorKind.invalidManifest);
      expect(error.context).toMatchObject({ field });
    });

    it('still accepts surrogate pairs (emoji), large finite numbers and -0, and signs them', () => {
      const parsed = parseManifest(entry('"metadata":{"icon":"\\ud83d\\ude00 \u00e9","big":1e308,"zero":-0,"key\\ud83d\\ude00":true}'));

      expect(parsed.manifest.entries[0]?.metadata).toEqual({ icon: '\u{1F600} \u00e9', big: 1e308, zero: -0, 'key\u{1F600}': true });
      expect(() => signingPayload(parsed.plain)).not.toThrow();
    });
  });

  describe('parseManifest, having a JSON key twice in one object', () => {
    it('refuses {"factory":"a","factory":"b"} with duplicateKey, because signer and reader could read different values', () => {
      const text = '{"serial":1,"entries":[{"domain":"adapter","key":"k","provider":"p","factory":"a","factory":"b"}]}';

      const error = refusal(text);
      expect(error.kind).toBe(RemoteErrorKind.duplicateKey);
      expect(error.context).toMatchObject({ field: 'factory' });
    });

    it('accepts the same key in sibling objects and escaped look-alikes, as they are not duplicates', () => {
      expect(findDuplicateJsonKey('{"a":{"k":1},"b":{"k":2},"c":["k","k"],"d\\"":"{\\"k\\":1,\\"k\\":2}"}')).toBeUndefined();
      expect(findDuplicateJsonKey('{"a":1,"\\u0061":2}')).toBe('a');
    });
  });
});
