// In-process tests: manifest sign refuses a public key, and a missing manifest file is one typed line, not a raw ENOENT.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runInProcess, type RunResult } from './testing/runInProcess.js';

const cli = runInProcess('oneiric-cli-manifest-inputs-');

const run = (...argv: string[]): Promise<RunResult> => cli.run(argv);

interface Keys { keyId: string; privateKeyPath: string; publicKeyPath: string; publicKey: string }

async function keygen(): Promise<Keys> {
  return JSON.parse((await run('manifest', 'keygen', '--out', 'keys', '--json')).stdout) as Keys;
}

function writeManifest(): string {
  const file = path.join(cli.workDir, 'manifest.json');
  writeFileSync(file, JSON.stringify({ serial: 1, entries: [] }));
  return file;
}

describe('manifest sign --key', () => {
  it('refuses a public key file, naming the private key to use, and leaves the manifest unsigned', async () => {
    const keys = await keygen();
    const file = writeManifest();

    const result = await run('manifest', 'sign', 'manifest.json', '--key', keys.publicKeyPath);

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`oneiric: ${keys.publicKeyPath} holds a public key (key id ${keys.keyId}), not a private key: sign with the private key file \`manifest keygen\` wrote beside it (oneiric-${keys.keyId}.private.key)\n`);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ serial: 1, entries: [] });
  });

  it('refuses a public key under any file name when it is a trusted key', async () => {
    const keys = await keygen();
    writeManifest();
    copyFileSync(keys.publicKeyPath, path.join(cli.workDir, 'signing.key'));

    const result = await cli.run(['manifest', 'sign', 'manifest.json', '--key', 'signing.key', '--json'], { env: { ONEIRIC_TRUSTED_PUBLIC_KEYS: `${keys.keyId}=${keys.publicKey}` } });

    expect(result.code).toBe(1);
    expect(JSON.parse(result.stderr)).toMatchObject({ error: { family: 'RemoteError', kind: 'invalidKey' } });
  });

  it('signs with the private key', async () => {
    const keys = await keygen();
    writeManifest();

    expect((await run('manifest', 'sign', 'manifest.json', '--key', keys.privateKeyPath)).code).toBe(0);
  });
});

describe('a manifest file that does not exist', () => {
  it.each([['verify'], ['sign']])('manifest %s reports it in one typed line', async (command) => {
    const keys = await keygen();
    const argv = command === 'sign' ? ['manifest', 'sign', 'nosuch.yaml', '--key', keys.privateKeyPath] : ['manifest', 'verify', 'nosuch.yaml'];

    const text = await run(...argv);
    const json = await run(...argv, '--json');

    expect(text.code).toBe(1);
    expect(text.stderr).toBe(`oneiric: manifest file nosuch.yaml does not exist (looked for ${path.join(cli.workDir, 'nosuch.yaml')})\n`);
    expect(text.stderr).not.toContain('ENOENT');
    expect(JSON.parse(json.stderr)).toMatchObject({ error: { family: 'CommandError', kind: 'fileNotFound', context: { file: 'nosuch.yaml' } } });
  });
});
