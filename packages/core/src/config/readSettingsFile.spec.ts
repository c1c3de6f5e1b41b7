// Tests of readSettingsFile: format detection, optional vs required files, and parse errors.
import { join } from 'node:path';
import { ConfigError, ConfigErrorKind } from '../errors/configError.js';
import { expectRejected } from '../testing/expectRejected.js';
import { useTempDir } from '../testing/useTempDir.js';
import { readSettingsFile } from './readSettingsFile.js';

/** `directory()` is a fresh directory per test; `fileWith()` writes a file in it. */
const { path: directory, write: fileWith } = useTempDir('oneiric-read-');

/** Awaits `promise`, which must reject with a ConfigError, and returns it. */
function configErrorOf(promise: Promise<unknown>): Promise<ConfigError> {
  return expectRejected(promise, ConfigError);
}

describe('readSettingsFile', () => {
  describe('readSettingsFile(file, options)', () => {
    describe('with a readable file', () => {
      it('parses YAML by extension, with the safe default schema', async () => {
        const file = await fileWith('s.YML', 'app:\n  name: x\nwhen: 2024-01-02\n');
        expect(await readSettingsFile(file, { shownAs: 's.YML', required: true })).toEqual({ app: { name: 'x' }, when: new Date('2024-01-02') });
      });

      it('parses JSON by extension, ignoring a byte-order mark', async () => {
        const file = await fileWith('s.json', '\uFEFF{"app": {"name": "x"}}');
        expect(await readSettingsFile(file, { shownAs: 's.json', required: true })).toEqual({ app: { name: 'x' } });
      });
    });

    describe('with a missing file', () => {
      it('returns undefined when the file is optional', async () => {
        expect(await readSettingsFile(join(directory(), 'none.yaml'), { shownAs: 'none.yaml', required: false })).toBeUndefined();
      });

      it('fails with missingExplicitFile when the file is required, because the user named it', async () => {
        const error = await configErrorOf(readSettingsFile(join(directory(), 'none.yaml'), { shownAs: 'none.yaml', required: true }));
        expect(error.kind).toBe(ConfigErrorKind.missingExplicitFile);
        expect(error.context.file).toBe('none.yaml');
      });
    });

    describe('with content that is not settings', () => {
      it('fails with unparsableFile giving line and column, because js-yaml reports where it stopped', async () => {
        const file = await fileWith('bad.yaml', 'a: 1\nb: : 2\n');
        const error = await configErrorOf(readSettingsFile(file, { shownAs: 'bad.yaml', required: false }));
        expect(error.kind).toBe(ConfigErrorKind.unparsableFile);
        expect(error.message).toMatch(/^bad\.yaml: invalid YAML at line 2, column \d+: /);
        expect(error.cause).toBeDefined();
      });

      it('fails with unparsableFile for a YAML tag outside the safe schema, because no code may run from settings', async () => {
        const file = await fileWith('evil.yaml', 'x: !!js/function "function () { return 1 }"\n');
        const error = await configErrorOf(readSettingsFile(file, { shownAs: 'evil.yaml', required: false }));
        expect(error.kind).toBe(ConfigErrorKind.unparsableFile);
      });

      it('fails with unparsableFile for a scalar top level, because settings are a mapping', async () => {
        const file = await fileWith('scalar.json', '42');
        const error = await configErrorOf(readSettingsFile(file, { shownAs: 'scalar.json', required: false }));
        expect(error.kind).toBe(ConfigErrorKind.unparsableFile);
        expect(error.message).toBe('scalar.json: the top level must be a mapping of settings (got a number)');
      });

      it('fails with unparsableFile for several YAML documents, because only one layer fits in a file', async () => {
        const file = await fileWith('multi.yaml', 'a: 1\n---\nb: 2\n');
        const error = await configErrorOf(readSettingsFile(file, { shownAs: 'multi.yaml', required: false }));
        expect(error.kind).toBe(ConfigErrorKind.unparsableFile);
      });
    });
  });
});
