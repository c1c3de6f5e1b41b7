// Unit tests of WorkflowBridge: layered runs, results downstream, checkpoints, resume, versions, hooks, validation.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Oneiric, Task, TimeoutError, Workflow } from '@oneiric/core';
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
      app.setSelection('workflow', 'orders', 'v1');
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

  describe('run twice at once', () => {
    it('refuses the second concurrent run of one key with DomainError workflowAlreadyRunning, and allows a run after', async () => {
      let release: (() => void) | undefined;
      @Task('gate', 'default')
      class Gate { public async run(): Promise<string> { await new Promise<void>((resolve) => (release = resolve)); return 'open'; } }
      const opened = async (): Promise<void> => {
        while (release === undefined) {
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
        const open = release;
        release = undefined;
        open();
      };
      @Workflow('gated', 'default', dag({ nodes: [{ id: 'wait', task: 'gate' }] }))
      class Gated {}
      app.register(Gate);
      workflows.register(Gated);
      const first = workflows.run('gated');
      // both runs would share workflows/gated.json: DomainError workflowAlreadyRunning.
      await expect(workflows.run('gated')).rejects.toMatchObject({ kind: DomainErrorKind.workflowAlreadyRunning, context: { key: 'gated' } });
      // another key is not affected.
      await expect(workflows.run('orders', { version: '2', context: { order: 1 } })).resolves.toBeDefined();
      await opened();
      expect((await first).nodes['wait']?.value).toBe('open');
      const again = workflows.run('gated');
      await opened();
      await expect(again).resolves.toBeDefined();
    });

    it('leaves a checkpoint of another run alone when completing', async () => {
      const store = new CheckpointStore({ cacheDir });
      @Task('meddle', 'default')
      class Meddle {
        // another process records a failed run of this key while this run is in its last node.
        public async run(): Promise<string> {
          await store.save({ workflow: 'meddled', provider: 'default', version: null, runId: 'other-run', status: 'failed', context: null, nodes: {}, error: 'boom', updatedAt: new Date().toISOString() });
          return 'done';
        }
      }
      @Workflow('meddled', 'default', dag({ nodes: [{ id: 'only', task: 'meddle' }] }))
      class Meddled {}
      app.register(Meddle);
      workflows.register(Meddled);
      const other = new WorkflowBridge(app, new ActivityStore(), tasks, store);
      // the run's own checkpoint save after the node replaces the other one: clear then finds its own run id.
      await other.run('meddled', { runId: 'mine' });
      expect(await store.load('meddled')).toBeUndefined();
      // a checkpoint of another run written after this run's last save survives the completion.
      await store.save({ workflow: 'meddled', provider: 'default', version: null, runId: 'other-run', status: 'failed', context: null, nodes: {}, error: 'boom', updatedAt: new Date().toISOString() });
      await store.clear('meddled', 'mine');
      expect(await store.load('meddled')).toMatchObject({ runId: 'other-run', status: 'failed' });
    });
  });

  describe('having a broken checkpoint', () => {
    it('refuses to resume from a corrupt checkpoint file with DomainError checkpointFailed naming the file', async () => {
      mkdirSync(path.join(cacheDir, 'workflows'), { recursive: true });
      const file = path.join(cacheDir, 'workflows', 'orders.json');
      writeFileSync(file, '{"runId": ');
      // resuming from it or silently starting over would both be wrong: DomainError checkpointFailed.
      await expect(workflows.run('orders', { version: '1', resume: true })).rejects.toMatchObject({ kind: DomainErrorKind.checkpointFailed, message: expect.stringContaining(file) as unknown });
      await expect(workflows.checkpoint('orders')).rejects.toMatchObject({ kind: DomainErrorKind.checkpointFailed });
      writeFileSync(file, '[]');
      // JSON, but not a checkpoint: checkpointFailed too.
      await expect(workflows.checkpoint('orders')).rejects.toMatchObject({ kind: DomainErrorKind.checkpointFailed });
      rmSync(file);
      await expect(workflows.checkpoint('orders')).resolves.toBeUndefined();
    });
  });

  describe('having a node whose result is not JSON-serialisable', () => {
    it('fails that node with DomainError checkpointFailed and rejects with workflowNodeFailed after the hooks ran', async () => {
      @Task('big', 'default')
      class Big { public run(): bigint { return 10n; } }
      @Task('cyclic', 'default')
      class Cyclic { public run(): unknown { const value: Record<string, unknown> = {}; value['self'] = value; return value; } }
      @Task('fine', 'default')
      class Fine { public run(): string { return 'fine'; } }
      @Workflow('unsavable', 'default', dag({ nodes: [{ id: 'big', task: 'big' }, { id: 'cyclic', task: 'cyclic' }, { id: 'fine', task: 'fine' }] }))
      class Unsavable {}
      app.register(Big, Cyclic, Fine);
      workflows.register(Unsavable);
      const hooks: string[] = [];
      const failure = await workflows.run('unsavable', { hooks: {
        onNodeError: ({ node, error }) => { hooks.push(`nodeError:${node}:${(error as DomainError).kind}`); },
        onRunError: () => { hooks.push('runError'); },
      } }).catch((error: unknown) => error);
      // a BigInt and a cycle cannot be written to the checkpoint: each of those nodes fails with checkpointFailed.
      expect(failure).toBeInstanceOf(DomainError);
      expect(failure).toMatchObject({ kind: DomainErrorKind.workflowNodeFailed, message: expect.stringMatching(/^Workflow unsavable failed at nodes (big, cyclic|cyclic, big):/) as unknown });
      expect(((failure as DomainError).cause as DomainError).kind).toBe(DomainErrorKind.checkpointFailed);
      expect(hooks.sort()).toEqual(['nodeError:big:checkpointFailed', 'nodeError:cyclic:checkpointFailed', 'runError']);
      const saved = await workflows.checkpoint('unsavable');
      expect(saved).toMatchObject({ status: 'failed' });
      expect(Object.keys(saved!.nodes)).toEqual(['fine']);
    });

    it('rejects with DomainError checkpointFailed, not a TypeError, when the run context cannot be checkpointed', async () => {
      const context = { order: 1, big: 1n };
      // the context cannot be checkpointed at all: the first save fails with checkpointFailed.
      await expect(workflows.run('orders', { version: '1', context })).rejects.toMatchObject({ kind: DomainErrorKind.checkpointFailed });
    });

    it('still rejects with workflowNodeFailed after the hooks when saving the failed checkpoint fails', async () => {
      class FailingStore extends CheckpointStore {
        public override save(checkpoint: Parameters<CheckpointStore['save']>[0]): Promise<void> {
          return checkpoint.status === 'failed' ? Promise.reject(new Error('disk full')) : super.save(checkpoint);
        }
      }
      const bridge = new WorkflowBridge(app, new ActivityStore(), tasks, new FailingStore({ cacheDir }));
      failBill = true;
      const hooks: string[] = [];
      // bill fails and the failed checkpoint cannot be written: the node's DomainError workflowNodeFailed still wins.
      await expect(bridge.run('orders', { version: '1', context: { order: 1 }, hooks: { onRunError: () => { hooks.push('runError'); } } }))
        .rejects.toMatchObject({ kind: DomainErrorKind.workflowNodeFailed, message: 'Workflow orders failed at node bill: card declined' });
      expect(hooks).toEqual(['runError']);
    });
  });

  describe('timeouts', () => {
    it('fails an attempt past the node timeoutMs and retries it per the policy', async () => {
      let tries = 0;
      @Task('sticky', 'default')
      class Sticky {
        public async run(): Promise<string> {
          tries += 1;
          if (tries === 1) {
            await new Promise(() => undefined);
          }
          return 'unstuck';
        }
      }
      @Workflow('sticky', 'default', dag({ nodes: [{ id: 'only', task: 'sticky', timeoutMs: 20, retry: { attempts: 2, baseDelayMs: 1, jitter: 0 } }] }))
      class StickyFlow {}
      app.register(Sticky);
      workflows.register(StickyFlow);
      const result = await workflows.run('sticky');
      expect(result.nodes['only']).toMatchObject({ value: 'unstuck', attempts: 2 });
    });

    it('fails the node with the timeout as cause when no retry is left, using the definition-level timeoutMs', async () => {
      @Task('forever', 'default')
      class Forever { public run(): Promise<never> { return new Promise(() => undefined); } }
      @Workflow('forever', 'default', dag({ timeoutMs: 15, nodes: [{ id: 'only', task: 'forever' }] }))
      class ForeverFlow {}
      app.register(Forever);
      workflows.register(ForeverFlow);
      const failure = await workflows.run('forever').catch((error: unknown) => error);
      // the attempt ran past 15 ms: TimeoutError as the cause of DomainError workflowNodeFailed.
      expect(failure).toMatchObject({ kind: DomainErrorKind.workflowNodeFailed });
      expect((failure as DomainError).cause).toBeInstanceOf(TimeoutError);
    });
  });
});
