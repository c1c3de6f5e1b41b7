// Unit tests of WorkflowBridge: layered runs, results downstream, checkpoints, resume, versions, hooks, validation.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Oneiric, Task, Workflow } from '@oneiric/core';
import { DomainError, DomainErrorKind } from '../errors/domainError.js';
import type { WorkflowDefinition } from '../models/workflowDefinition.js';
import { ActivityStore } from './activityStore.js';
import { CheckpointStore } from './checkpointStore.js';
import type { TaskRunContext } from './taskBridge.js';
import { TaskBridge } from './taskBridge.js';
import { WorkflowBridge } from './workflowBridge.js';

const runs: string[] = [];
let failBill = false;
let running = 0;
let peak = 0;

const dag = (definition: WorkflowDefinition): { metadata: Readonly<Record<string, unknown>> } => ({ metadata: definition as unknown as Record<string, unknown> });

@Task('fetch', 'default')
class Fetch {
  public run(payload: unknown): unknown {
    runs.push('fetch');
    return { order: (payload as { order: number }).order };
  }
}

@Task('price', 'default')
class Price {
  public async run(payload: unknown, context: TaskRunContext): Promise<number> {
    runs.push(`price:${String(payload)}`);
    running += 1;
    peak = Math.max(peak, running);
    await new Promise((resolve) => setTimeout(resolve, 10));
    running -= 1;
    return (context.upstream['fetch'] as { order: number }).order * (payload === 'tax' ? 2 : 1);
  }
}

@Task('bill', 'default')
class Bill {
  public run(_payload: unknown, context: TaskRunContext): number {
    runs.push('bill');
    if (failBill) {
      throw new Error('card declined');
    }
    return (context.upstream['net'] as number) + (context.upstream['tax'] as number);
  }
}

const NODES = [
  { id: 'fetch', task: 'fetch' },
  { id: 'net', task: 'price', dependsOn: ['fetch'], payload: 'net' },
  { id: 'tax', task: 'price', dependsOn: ['fetch'], payload: 'tax' },
  { id: 'bill', task: 'bill', dependsOn: ['net', 'tax'] },
];

@Workflow('orders', 'v1', dag({ version: '1', nodes: NODES }))
class OrdersV1 {}

@Workflow('orders', 'v2', { priority: 10, ...dag({ version: '2', nodes: [{ id: 'fetch', task: 'fetch' }] }) })
class OrdersV2 {}

let app: Oneiric;
let cacheDir: string;
let workflows: WorkflowBridge;
let tasks: TaskBridge;

beforeEach(() => {
  runs.length = 0;
  failBill = false;
  peak = 0;
  cacheDir = mkdtempSync(path.join(tmpdir(), 'oneiric-workflow-'));
  app = new Oneiric();
  app.register(Fetch, Price, Bill);
  const activity = new ActivityStore();
  tasks = new TaskBridge(app, activity);
  workflows = new WorkflowBridge(app, activity, tasks, new CheckpointStore({ cacheDir }), { versions: {} });
  workflows.register(OrdersV1, OrdersV2);
});

afterEach(async () => {
  await app.close();
  rmSync(cacheDir, { recursive: true, force: true });
});

describe('WorkflowBridge', () => {
  describe('run', () => {
    it('runs layers in order, the middle layer concurrently, passing results downstream', async () => {
      const result = await workflows.run('orders', { version: '1', context: { order: 21 } });
      expect(result.nodes['bill']?.value).toBe(63);
      expect(result).toMatchObject({ workflow: 'orders', provider: 'v1', version: '1', resumedNodes: [] });
      expect(runs[0]).toBe('fetch');
      expect(runs.at(-1)).toBe('bill');
      expect(peak).toBe(2);
      expect(await workflows.checkpoint('orders')).toBeUndefined();
    });

    it('runs the winner unless a version is asked for or pinned in configuration', async () => {
      expect((await workflows.run('orders', { context: { order: 1 } })).version).toBe('2');
      const pinned = new WorkflowBridge(app, workflows.activity, tasks, new CheckpointStore(), { versions: { orders: '1' } });
      expect((await pinned.run('orders', { context: { order: 1 } })).version).toBe('1');
      // no version 9: DomainError noCandidate naming the version.
      await expect(workflows.run('orders', { version: '9' })).rejects.toMatchObject({ kind: DomainErrorKind.noCandidate, message: 'No candidate found for workflow:orders with version 9' });
    });

    it('also follows a selection pinning a version provider', async () => {
      app.resolver.setSelection('workflow', 'orders', 'v1');
      expect((await workflows.run('orders', { context: { order: 2 } })).provider).toBe('v1');
    });

    it('records retries in the node attempts', async () => {
      let tries = 0;
      @Task('flaky', 'default')
      class Flaky {
        public run(): string {
          tries += 1;
          if (tries < 3) {
            throw new Error('not yet');
          }
          return 'done';
        }
      }
      @Workflow('retrying', 'default', dag({ nodes: [{ id: 'only', task: 'flaky', retry: { attempts: 3, baseDelayMs: 1, jitter: 0 } }] }))
      class Retrying {}
      app.register(Flaky);
      workflows.register(Retrying);
      expect((await workflows.run('retrying')).nodes['only']).toMatchObject({ value: 'done', attempts: 3 });
    });
  });

  describe('having a DAG-level retry policy', () => {
    it('applies it to nodes without their own (section 18 item 12)', async () => {
      let tries = 0;
      @Task('shaky', 'default')
      class Shaky {
        public run(): number {
          tries += 1;
          if (tries < 2) {
            throw new Error('shaky');
          }
          return tries;
        }
      }
      @Workflow('defaults', 'default', dag({ retry: { attempts: 2, baseDelayMs: 1, jitter: 0 }, nodes: [{ id: 'only', task: 'shaky' }] }))
      class Defaults {}
      app.register(Shaky);
      workflows.register(Defaults);
      expect((await workflows.run('defaults')).nodes['only']).toMatchObject({ value: 2, attempts: 2 });
    });
  });

  describe('having a node that fails', () => {
    it('throws workflowNodeFailed naming the node, keeps a failed checkpoint, and resumes skipping finished nodes', async () => {
      failBill = true;
      // bill throws "card declined": the run fails at node bill, wrapping the cause.
      let caught: unknown;
      try {
        await workflows.run('orders', { version: '1', context: { order: 5 } });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(DomainError);
      expect(caught).toMatchObject({ kind: DomainErrorKind.workflowNodeFailed, message: 'Workflow orders failed at node bill: card declined' });
      expect(((caught as DomainError).cause as Error).message).toBe('card declined');
      const checkpoint = await workflows.checkpoint('orders');
      expect(checkpoint).toMatchObject({ status: 'failed', provider: 'v1', version: '1' });
      expect(Object.keys(checkpoint!.nodes).sort()).toEqual(['fetch', 'net', 'tax']);

      failBill = false;
      runs.length = 0;
      const skipped: string[] = [];
      const result = await workflows.run('orders', { version: '1', resume: true, hooks: { onNodeSkip: ({ node }) => skipped.push(node) } });
      expect(runs).toEqual(['bill']);
      expect(skipped.sort()).toEqual(['fetch', 'net', 'tax']);
      expect(result.runId).toBe(checkpoint!.runId);
      expect([...result.resumedNodes].sort()).toEqual(['fetch', 'net', 'tax']);
      expect(result.nodes['bill']?.value).toBe(15);
      expect(await workflows.checkpoint('orders')).toBeUndefined();
    });

    it('starts over without resume, and ignores a checkpoint of another version', async () => {
      failBill = true;
      // bill throws: DomainError workflowNodeFailed, leaving a failed checkpoint.
      await expect(workflows.run('orders', { version: '1', context: { order: 1 } })).rejects.toThrow(DomainError);
      failBill = false;
      runs.length = 0;
      await workflows.run('orders', { version: '1', context: { order: 1 } });
      expect(runs).toContain('fetch');
      failBill = true;
      // bill throws again: a failed checkpoint of version 1, which a version 2 run must ignore.
      await expect(workflows.run('orders', { version: '1', context: { order: 1 } })).rejects.toThrow(DomainError);
      runs.length = 0;
      const result = await workflows.run('orders', { version: '2', resume: true, context: { order: 1 } });
      expect(result.resumedNodes).toEqual([]);
      expect(runs).toEqual(['fetch']);
    });
  });

  describe('hooks', () => {
    it('calls run and node hooks in order and swallows hook errors', async () => {
      const seen: string[] = [];
      const result = await workflows.run('orders', {
        version: '1',
        context: { order: 1 },
        hooks: {
          onRunStart: () => { seen.push('run:start'); throw new Error('hook broken'); },
          onNodeStart: ({ node }) => { seen.push(`start:${node}`); },
          onNodeComplete: ({ node }) => { seen.push(`done:${node}`); },
          onRunComplete: () => { seen.push('run:done'); },
        },
      });
      expect(result.nodes['bill']).toBeDefined();
      expect(seen[0]).toBe('run:start');
      expect(seen[1]).toBe('start:fetch');
      expect(seen[2]).toBe('done:fetch');
      expect(seen.indexOf('done:net')).toBeLessThan(seen.indexOf('start:bill'));
      expect(seen.at(-1)).toBe('run:done');
    });

    it('calls onNodeError and onRunError on failure', async () => {
      failBill = true;
      const seen: string[] = [];
      // bill throws "card declined": the run rejects with workflowNodeFailed after the error hooks.
      await expect(workflows.run('orders', { version: '1', context: { order: 1 }, hooks: {
        onNodeError: ({ node }) => { seen.push(`error:${node}`); },
        onRunError: () => { seen.push('run:error'); },
      } })).rejects.toThrow('card declined');
      expect(seen).toEqual(['error:bill', 'run:error']);
    });
  });

  describe('register', () => {
    it('rejects a workflow with a cycle before registering anything', () => {
      @Workflow('looping', 'default', dag({ nodes: [{ id: 'a', task: 'fetch', dependsOn: ['b'] }, { id: 'b', task: 'fetch', dependsOn: ['a'] }] }))
      class Looping {}
      // a <-> b: DomainError workflowCycle naming both nodes; nothing is registered.
      expect(() => workflows.register(Looping)).toThrow('Workflow looping has a cycle among nodes: a -> b -> a');
      expect(app.resolve('workflow', 'looping')).toBeUndefined();
    });

    it('plans a registered workflow into layers', () => {
      expect(workflows.plan('orders', '1').layers).toEqual([['fetch'], ['net', 'tax'], ['bill']]);
    });
  });

  describe('pause', () => {
    it('refuses to run a paused workflow, and fails a node whose task is paused', async () => {
      await workflows.pause('orders');
      // the workflow key is paused: DomainError paused before any node runs.
      await expect(workflows.run('orders')).rejects.toMatchObject({ kind: DomainErrorKind.paused, message: 'workflow:orders is paused' });
      await workflows.resume('orders');
      await tasks.pause('bill');
      // the bill task refuses work: the node fails (no retries for a refusal) and the run can resume later.
      await expect(workflows.run('orders', { version: '1', context: { order: 1 } })).rejects.toMatchObject({ kind: DomainErrorKind.workflowNodeFailed, message: 'Workflow orders failed at node bill: task:bill is paused' });
      await tasks.resume('bill');
      expect((await workflows.run('orders', { version: '1', resume: true })).nodes['bill']?.value).toBe(3);
    });
  });
});
