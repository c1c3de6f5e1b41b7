// In-process tests of the manifest commands: keygen, sign and verify, and their errors.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runInProcess, type RunResult } from './testing/runInProcess.js';

const cli = runInProcess('oneiric-cli-remote-');

// --local: these tests are about the in-process copy (no runtime runs for their cache directory).
const run = (argv: readonly string[], env: Record<string, string> = {}): Promise<RunResult> => cli.run(['--local', ...argv], { env });

interface Keys {
  readonly keyId: string;
  readonly privateKeyPath: string;
  readonly publicKeyPath: string;
  readonly publicKey: string;
}

async function keygen(directory = 'keys'): Promise<Keys> {
  const result = await run(['manifest', 'keygen', '--out', directory, '--json']);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Keys;
}

function writeManifest(name = 'manifest.json', serial = 1): string {
  const manifest = { serial, entries: [{ domain: 'adapter', key: 'cache', provider: 'remote', factory: '@acme/providers:Cache', priority: 5 }] };
  writeFileSync(path.join(cli.workDir, name), name.endsWith('.json') ? JSON.stringify(manifest) : `serial: ${serial}\nentries:\n  - domain: adapter\n    key: cache\n    provider: remote\n    factory: "@acme/providers:Cache"\n`);
  return name;
}

function errorOf(result: RunResult): { kind: string; family: string; message: string } {
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  return (JSON.parse(result.stderr) as { error: { kind: string; family: string; message: string } }).error;
}

describe('manifest keygen', () => {
  it('writes a private key readable by its owner only and a public key beside it, named by key id', async () => {
    const result = await run(['manifest', 'keygen', '--out', 'keys']);

    const keyId = /^Key id: ([0-9a-f]{16})$/m.exec(result.stdout)?.[1];
    expect(result.code).toBe(0);
    expect(keyId).toBeDefined();
    expect(readdirSync(path.join(cli.workDir, 'keys')).sort()).toEqual([`oneiric-${keyId}.private.key`, `oneiric-${keyId}.public.key`]);
    expect(statSync(path.join(cli.workDir, 'keys', `oneiric-${keyId}.private.key`)).mode & 0o777).toBe(0o600);
    // The secret never reaches the terminal.
    const secret = readFileSync(path.join(cli.workDir, 'keys', `oneiric-${keyId}.private.key`), 'utf8').trim();
    expect(result.stdout).not.toContain(secret);
  });

  it('requires --out (usage error, exit 2)', async () => {
    expect((await run(['manifest', 'keygen'])).code).toBe(2);
  });
});

describe('manifest sign and verify', () => {
  it('signs a JSON manifest that then verifies with the public key (the Python CLI\'s own check failed here)', async () => {
    const keys = await keygen();
    const file = writeManifest();

    const signed = await run(['manifest', 'sign', file, '--key', keys.privateKeyPath, '--expires-in', '1h']);
    const verified = await run(['manifest', 'verify', file, '--public-key', keys.publicKeyPath]);

    expect(signed).toMatchObject({ code: 0, stderr: '' });
    expect(signed.stdout).toContain(`with key ${keys.keyId}`);
    const written = JSON.parse(readFileSync(path.join(cli.workDir, file), 'utf8')) as Record<string, unknown>;
    expect(written).toMatchObject({ signedAt: expect.any(String) as unknown, expiresAt: expect.any(String) as unknown, signatures: [{ keyId: keys.keyId, algorithm: 'ed25519' }] });
    expect(verified).toMatchObject({ code: 0, stderr: '' });
    expect(verified.stdout).toContain(`signed by ${keys.keyId}`);
  });

  it('signs and verifies a YAML manifest, keeping it YAML', async () => {
    const keys = await keygen();
    const file = writeManifest('manifest.yaml');

    // An expiry is required by default (signature_require_expiry).
    await run(['manifest', 'sign', file, '--key', keys.privateKeyPath, '--expires-in', '1h']);
    const verified = await run(['manifest', 'verify', file, '--public-key', keys.publicKey, '--json']);

    expect(readFileSync(path.join(cli.workDir, file), 'utf8')).toMatch(/^signatures:/m);
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ verified: true, serial: 1, signers: [keys.keyId], entries: 1 });
  });

  it('verifies with the keys configured in settings/remote.yaml when no --public-key is given', async () => {
    const keys = await keygen();
    const file = writeManifest();
    await run(['manifest', 'sign', file, '--key', keys.privateKeyPath, '--expires-in', '1h']);
    mkdirSync(path.join(cli.workDir, 'settings'));
    writeFileSync(path.join(cli.workDir, 'settings', 'remote.yaml'), `trusted_public_keys: ["${keys.keyId}=${keys.publicKey}"]\n`);

    expect((await run(['manifest', 'verify', file])).code).toBe(0);
  });

  it('rejects a manifest changed after signing (signatureInvalid, exit 1), one error line', async () => {
    const keys = await keygen();
    const file = writeManifest();
    await run(['manifest', 'sign', file, '--key', keys.privateKeyPath]);
    const written = JSON.parse(readFileSync(path.join(cli.workDir, file), 'utf8')) as { entries: { priority: number }[] };
    written.entries[0]!.priority = 500;
    writeFileSync(path.join(cli.workDir, file), JSON.stringify(written));

    const result = await run(['manifest', 'verify', file, '--public-key', keys.publicKeyPath, '--json']);

    expect(result.code).toBe(1);
    expect(errorOf(result)).toMatchObject({ family: 'RemoteError', kind: 'signatureInvalid' });
  });

  it('rejects a manifest signed by another key (untrustedKey), as the given key never signed it', async () => {
    const signer = await keygen('signer');
    const other = await keygen('other');
    const file = writeManifest();
    await run(['manifest', 'sign', file, '--key', signer.privateKeyPath]);

    const result = await run(['manifest', 'verify', file, '--public-key', other.publicKeyPath, '--json']);

    expect(result.code).toBe(1);
    expect(errorOf(result).kind).toBe('untrustedKey');
  });

  it('counts distinct keys for --threshold: two co-signers pass, one fails with thresholdNotMet', async () => {
    const first = await keygen('first');
    const second = await keygen('second');
    const file = writeManifest();
    await run(['manifest', 'sign', file, '--key', first.privateKeyPath, '--expires-in', '30d']);
    const single = await run(['manifest', 'verify', file, '--public-key', first.publicKeyPath, '--public-key', second.publicKeyPath, '--threshold', '2', '--json']);
    await run(['manifest', 'sign', file, '--key', second.privateKeyPath, '--append']);

    const both = await run(['manifest', 'verify', file, '--public-key', first.publicKeyPath, '--public-key', second.publicKeyPath, '--threshold', '2']);

    expect(errorOf(single).kind).toBe('thresholdNotMet');
    expect(both.code).toBe(0);
  });

  it('refuses a bad --expires-in as a usage error (exit 2), naming the value', async () => {
    const keys = await keygen();
    const file = writeManifest();

    const result = await run(['manifest', 'sign', file, '--key', keys.privateKeyPath, '--expires-in', 'soon']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"soon"');
  });

  it('warns when re-signing an already signed manifest under the same serial, and --bump-serial publishes it as the next serial', async () => {
    const keys = await keygen();
    const file = writeManifest('resign.json', 7);
    await run(['manifest', 'sign', file, '--key', keys.privateKeyPath, '--expires-in', '1h']);

    // Same serial, new content (new signedAt): clients that accepted serial 7 would refuse it.
    const again = await run(['manifest', 'sign', file, '--key', keys.privateKeyPath, '--expires-in', '1h']);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('already signed for serial 7');
    expect(again.stderr).toContain('--bump-serial');

    const bumped = await run(['manifest', 'sign', file, '--key', keys.privateKeyPath, '--expires-in', '1h', '--bump-serial', '--json']);
    expect(bumped).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(bumped.stdout)).toMatchObject({ serial: 8 });
    const verified = await run(['manifest', 'verify', file, '--public-key', keys.publicKeyPath]);
    expect(verified.stderr).toBe('');
    expect(verified.code).toBe(0);
  });

  it('refuses --expires-in with --append as a usage error (exit 2), since a co-signature keeps the signed timestamps', async () => {
    const keys = await keygen();
    const file = writeManifest('cosign.json');
    await run(['manifest', 'sign', file, '--key', keys.privateKeyPath]);

    const result = await run(['manifest', 'sign', file, '--key', keys.privateKeyPath, '--append', '--expires-in', '1h']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--expires-in cannot be combined with --append');
  });

  it('refuses to sign a structurally invalid manifest (invalidManifest) and names the field', async () => {
    const keys = await keygen();
    writeFileSync(path.join(cli.workDir, 'bad.json'), JSON.stringify({ serial: 'one', entries: [] }));

    const result = await run(['manifest', 'sign', 'bad.json', '--key', keys.privateKeyPath, '--json']);

    expect(result.code).toBe(1);
    expect(errorOf(result)).toMatchObject({ kind: 'invalidManifest', message: expect.stringContaining('serial') as unknown });
  });

  it('refuses a missing key file (invalidKey) without printing any key material', async () => {
    const file = writeManifest();

    const result = await run(['manifest', 'sign', file, '--key', 'nowhere.key', '--json']);

    expect(result.code).toBe(1);
    expect(errorOf(result).kind).toBe('invalidKey');
  });
});

describe('remote-status', () => {
  it('reports "never" when no sync has run', async () => {
    const result = await run(['remote-status']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('last success: never');
  });
});
