// Tests of createAuditLogger: security decisions can go to their own file, one JSON line each.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAuditLogger } from './createAuditLogger.js';

describe('createAuditLogger', () => {
  let directory: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'oneiric-audit-'));
  });

  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('appends one JSON line per decision to its own file, readable by its owner only', async () => {
    const file = join(directory, 'audit.log');
    const audit = createAuditLogger({ file, quiet: true });

    audit.warn('manifest rollback refused', { event: 'rollback.refused', decision: 'refused', serial: 3 });
    audit.info('manifest signature accepted', { event: 'signature.accepted', decision: 'accepted', serial: 4 });
    await new Promise<void>((resolve) => {
      audit.on('finish', () => resolve());
      audit.end();
    });

    const lines = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({ component: 'oneiric-audit', event: 'rollback.refused', level: 'warn', serial: 3, timestamp: expect.any(String) as unknown }),
      expect.objectContaining({ event: 'signature.accepted', level: 'info', serial: 4 }),
    ]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
