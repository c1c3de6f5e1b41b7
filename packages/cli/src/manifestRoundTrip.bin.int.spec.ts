// The remote round trip as a user types it: the installed `oneiric` binary in a child process (needs the build, like the samples' tests).
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
// What `npx oneiric` runs from the repository root: the workspace bin npm linked at install.
const binPath = fileURLToPath(new URL('../../../node_modules/.bin/oneiric', import.meta.url));

interface ChildResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function oneiric(cwd: string, argv: readonly string[]): Promise<ChildResult> {
  try {
    // Only PATH: the developer's ONEIRIC_* variables must not change the policy under test.
    const { stdout, stderr } = await execFileAsync(process.execPath, [binPath, ...argv], { cwd, env: { PATH: process.env['PATH'] ?? '' }, timeout: 20_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') {
      throw error;
    }
    return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
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
