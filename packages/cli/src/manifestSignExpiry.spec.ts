// In-process tests of the expiry `manifest sign` writes: a default the default verification accepts, --expires-in, --no-expiry.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runInProcess, type RunResult } from './testing/runInProcess.js';

const cli = runInProcess('oneiric-cli-sign-expiry-');

const run = (argv: readonly string[]): Promise<RunResult> => cli.run(argv);

const DAY_MS = 24 * 60 * 60 * 1000;

interface Keys {
  readonly keyId: string;
  readonly privateKeyPath: string;
  readonly publicKeyPath: string;
}

interface SignReport {
  readonly signedAt: string;
  readonly expiresAt: string | null;
  readonly expirySource: string;
}

async function keygen(): Promise<Keys> {
  const result = await run(['manifest', 'keygen', '--out', 'keys', '--json']);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Keys;
}

function writeManifest(): string {
  writeFileSync(path.join(cli.workDir, 'manifest.yaml'), 'serial: 1\nentries:\n  - domain: adapter\n    key: cache\n    provider: remote\n    factory: "@acme/providers:Cache"\n');
  return 'manifest.yaml';
}

function writeRemoteSettings(yaml: string): void {
  mkdirSync(path.join(cli.workDir, 'settings'), { recursive: true });
  writeFileSync(path.join(cli.workDir, 'settings', 'remote.yaml'), yaml);
}

function lifetimeMsOf(report: SignReport): number {
  return Date.parse(report.expiresAt ?? '') - Date.parse(report.signedAt);
}

describe('manifest sign: expiry', () => {
  it('keygen, sign with no options, verify with the public key: exit 0 under the default policy (issue 16)', async () => {
    const keys = await keygen();
    const file = writeManifest();

    const signed = await run(['manifest', 'sign', file, '--key', keys.privateKeyPath]);
    const verified = await run(['manifest', 'verify', file, '--public-key', keys.publicKeyPath]);

    expect(signed).toMatchObject({ code: 0, stderr: '' });
    // The one-line result says when it expires and that this is the default.
    expect(signed.stdout).toMatch(/^Signed .*manifest\.yaml with key [0-9a-f]{16} \(serial 1, expires \d{4}-\d\d-\d\dT[\d:.]+Z, the default 90d; --expires-in sets another\)\n$/);
    expect(verified).toMatchObject({ code: 0, stderr: '' });
  });

  it('gives the default lifetime, 90 days after signedAt, in --json with expirySource "default"', async () => {
    const keys = await keygen();
    const file = writeManifest();

    const signed = await run(['manifest', 'sign', file, '--key', keys.privateKeyPath, '--json']);

    const report = JSON.parse(signed.stdout) as SignReport;
    expect(report.expirySource).toBe('default');
    expect(lifetimeMsOf(report)).toBe(90 * DAY_MS);
  });

  it('--expires-in sets the lifetime, printed in the result line and in --json, and the manifest verifies', async () => {
    const keys = await keygen();
    const file = writeManifest();

    const text = await run(['manifest', 'sign', file, '--key', keys.privateKeyPath, '--expires-in', '12h']);
    const signed = await run(['manifest', 'sign', file, '--key', keys.privateKeyPath, '--expires-in', '12h', '--bump-serial', '--json']);
    const verified = await run(['manifest', 'verify', file, '--public-key', keys.publicKeyPath]);

    expect(text.stdout).toMatch(/\(serial 1, expires [^,]+Z\)\n$/);
    const report = JSON.parse(signed.stdout) as SignReport;
    expect(report.expirySource).toBe('option');
    expect(lifetimeMsOf(report)).toBe(12 * 60 * 60 * 1000);
    expect(verified.code).toBe(0);
  });

  it('--no-expiry writes no expiresAt, says so, warns, and the default policy then refuses it (missingTimestamp, exit 1)', async () => {
    const keys = await keygen();
    const file = writeManifest();

    const signed = await run(['manifest', 'sign', file, '--key', keys.privateKeyPath, '--no-expiry']);
    const json = await run(['manifest', 'sign', file, '--key', keys.privateKeyPath, '--no-expiry', '--bump-serial', '--json']);
    const verified = await run(['manifest', 'verify', file, '--public-key', keys.publicKeyPath, '--json']);

    expect(signed.code).toBe(0);
    expect(signed.stdout).toContain('(serial 1, no expiry (--no-expiry))');
    expect(signed.stderr).toContain('remote.signature_require_expiry is true here');
    expect(JSON.parse(json.stdout)).toMatchObject({ expiresAt: null, expirySource: 'none' });
    // signature_require_expiry defaults to true: a manifest without expiresAt is refused as missingTimestamp.
    expect(verified.code).toBe(1);
    expect((JSON.parse(verified.stderr) as { error: { kind: string } }).error.kind).toBe('missingTimestamp');
  });

  it('--no-expiry verifies, without a warning, under a policy that does not require an expiry', async () => {
    const keys = await keygen();
    const file = writeManifest();
    writeRemoteSettings('signature_require_expiry: false\n');

    const signed = await run(['manifest', 'sign', file, '--key', keys.privateKeyPath, '--no-expiry']);
    const verified = await run(['manifest', 'verify', file, '--public-key', keys.publicKeyPath]);

    expect(signed).toMatchObject({ code: 0, stderr: '' });
    expect(verified.code).toBe(0);
  });

  it('caps the default lifetime to a shorter signature_max_age_seconds, so the printed expiry is when verification starts refusing', async () => {
    const keys = await keygen();
    const file = writeManifest();
    writeRemoteSettings('signature_max_age_seconds: 3600\n');

    const signed = await run(['manifest', 'sign', file, '--key', keys.privateKeyPath, '--json']);
    const verified = await run(['manifest', 'verify', file, '--public-key', keys.publicKeyPath]);

    const report = JSON.parse(signed.stdout) as SignReport;
    expect(report.expirySource).toBe('maxAge');
    expect(lifetimeMsOf(report)).toBe(3_600_000);
    expect(verified.code).toBe(0);
  });

  it('warns when --expires-in outlives signature_max_age_seconds, since verification refuses the manifest as tooOld first', async () => {
    const keys = await keygen();
    const file = writeManifest();
    writeRemoteSettings('signature_max_age_seconds: 3600\n');

    const signed = await run(['manifest', 'sign', file, '--key', keys.privateKeyPath, '--expires-in', '2h']);

    expect(signed.code).toBe(0);
    expect(signed.stderr).toContain('longer than remote.signature_max_age_seconds (3600)');
  });

  it('refuses --no-expiry with --expires-in, and with --append, as usage errors (exit 2): the two contradict, and a co-signature keeps the signed timestamps', async () => {
    const keys = await keygen();
    const file = writeManifest();
    await run(['manifest', 'sign', file, '--key', keys.privateKeyPath]);

    const both = await run(['manifest', 'sign', file, '--key', keys.privateKeyPath, '--no-expiry', '--expires-in', '1h']);
    const append = await run(['manifest', 'sign', file, '--key', keys.privateKeyPath, '--append', '--no-expiry']);

    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--expires-in cannot be combined with --no-expiry');
    expect(append.code).toBe(2);
    expect(append.stderr).toContain('--no-expiry cannot be combined with --append');
  });
});
