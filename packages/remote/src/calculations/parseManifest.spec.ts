// Tests of parseManifest: structural errors reject the whole manifest and name the field path.
import { RemoteErrorKind } from '../errors/remoteError.js';
import { sampleManifest } from '../__fixtures__/testKeys.js';
import { parseManifest } from './parseManifest.js';

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
    ['serial: [unclosed', ''],
  ])('rejects %s naming the field %j', (text, field) => {
    expect(fieldOf(text)).toBe(field);
  });
});
