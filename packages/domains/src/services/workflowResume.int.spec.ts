// Integration test: a workflow process killed with SIGKILL mid-run resumes from its checkpoint in another process.
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Oneiric, type CandidateInput } from '@oneiric/core';
import { createDomainBridges } from '../createDomainBridges.js';

// The child imports packages/domains/dist: `npm test` builds it first (tsc --build).
const CHILD = fileURLToPath(new URL('../__fixtures__/workflowChild.mjs', import.meta.url));

let workDir: string;

beforeEach(() => {
  workDir = mkdtempSync(path.join(tmpdir(), 'oneiric-resume-'));
});

afterEach(() => {
  rmSync(workDir, { recursive: true, force: true });
});

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error('condition not met in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('WorkflowBridge across a crash', () => {
  it('resumes a run killed halfway without re-running its finished nodes', async () => {
    const cacheDir = path.join(workDir, 'cache');
    const marker = path.join(workDir, 'marker.txt');
    const checkpointFile = path.join(cacheDir, 'workflows', 'etl.json');
    const child = spawn(process.execPath, [CHILD, cacheDir, marker], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    try {
      // Killed once extract is checkpointed and transform has started.
      await waitFor(() => existsSync(marker) && readFileSync(marker, 'utf8').includes('transform-started'), 15_000);
      const checkpoint = JSON.parse(readFileSync(checkpointFile, 'utf8')) as { status: string; nodes: Record<string, unknown> };
      expect(checkpoint.status).toBe('running');
      expect(Object.keys(checkpoint.nodes)).toEqual(['extract']);
    } finally {
      child.kill('SIGKILL');
    }
    expect(await exited).toBe('SIGKILL');

    const app = new Oneiric();
    const task = (key: string, run: (payload: unknown, context: { upstream: Record<string, unknown> }) => unknown): CandidateInput => ({
      domain: 'task', key, provider: 'default', factory: { kind: 'function', build: () => ({ run }) },
    });
    app.register(
      task('extract', () => { appendFileSync(marker, 'extract\n'); return { rows: 0 }; }),
      task('transform', (_payload, context) => { appendFileSync(marker, 'transform\n'); return (context.upstream['extract'] as { rows: number }).rows * 10; }),
      task('load', (payload, context) => ({ loaded: context.upstream['transform'], from: (payload as { source: string }).source })),
    );
    const bridges = await createDomainBridges(app, { cacheDir, watchActivity: false });
    try {
      bridges.workflows.register({
        domain: 'workflow', key: 'etl', provider: 'default', factory: { kind: 'function', build: () => ({}) },
        metadata: { version: '1', nodes: [
          { id: 'extract', task: 'extract' },
          { id: 'transform', task: 'transform', dependsOn: ['extract'] },
          { id: 'load', task: 'load', dependsOn: ['transform'] },
        ] },
      });
      const result = await bridges.workflows.run('etl', { resume: true });
      expect(result.resumedNodes).toEqual(['extract']);
      // extract's value comes from the checkpoint (3 rows, not this process's 0) and the context too.
      expect(result.nodes['load']?.value).toEqual({ loaded: 30, from: 'child' });
      expect(readFileSync(marker, 'utf8').split('\n').filter((line) => line === 'extract')).toHaveLength(1);
      expect(existsSync(checkpointFile)).toBe(false);
    } finally {
      await bridges.close();
      await app.close();
    }
  });
});
