// The remote round trip as a user types it: the installed `oneiric` binary in a child process (needs the build, like the samples' tests).
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNode, type BinResult } from './testing/runtimeProcessFixture.js';

// What `npx oneiric` runs from the repository root: the workspace bin npm linked at install.
const binPath = fileURLToPath(new URL('../../../node_modules/.bin/oneiric', import.meta.url));

// Only PATH in the child's environment: the developer's ONEIRIC_* variables must not change the policy under test.
function oneiric(cwd: string, argv: readonly string[]): Promise<BinResult> {
  return runNode([binPath, ...argv], cwd);
}

describe('oneiric binary: manifest keygen, sign, verify', () => {
  let workDir = '';

  beforeEach(() => {
    workDir = mkdtempSync(path.join(tmpdir(), 'oneiric-cli-bin-'));
  });

  afterEach(() => {
    rmSync(workDir, { recursive: true, force: true });
  });

  it('signs with no options and verifies with the public key, exit 0 at every step (issue 16)', async () => {
    writeFileSync(path.join(workDir, 'manifest.yaml'), 'serial: 1\nentries:\n  - domain: adapter\n    key: cache\n    provider: remote\n    factory: "@acme/providers:Cache"\n');

    const keygen = await oneiric(workDir, ['manifest', 'keygen', '--out', 'keys']);
    const publicKey = readdirSync(path.join(workDir, 'keys')).find((name) => name.endsWith('.public.key')) ?? '';
    const privateKey = publicKey.replace('.public.key', '.private.key');
    const signed = await oneiric(workDir, ['manifest', 'sign', 'manifest.yaml', '--key', `keys/${privateKey}`]);
    const verified = await oneiric(workDir, ['manifest', 'verify', 'manifest.yaml', '--public-key', `keys/${publicKey}`]);

    expect(keygen.code).toBe(0);
    expect(signed).toMatchObject({ code: 0, stderr: '' });
    expect(signed.stdout).toMatch(/\(serial 1, expires \S+Z, the default 90d; --expires-in sets another\)\n$/);
    expect(verified).toMatchObject({ code: 0, stderr: '' });
    expect(verified.stdout).toMatch(/^Verified: serial 1, 1 entries, signed by [0-9a-f]{16} \(threshold 1\)\n$/);
  });
});
