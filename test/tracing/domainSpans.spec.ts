// Spans of work run in-process: an action invocation (and its refusal of a bad payload), a task
// run on demand, and a workflow run whose node spans hold their task's span; each carries domain,
// key and provider, and a failure is an exception with error status on the span that failed.
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { IsString } from 'class-validator';
import { Action, Oneiric, SpanAttribute, Task, Workflow } from '@oneiric/core';
import { createDomainBridges, type DomainBridges } from '@oneiric/domains';
import { isChildOf, useInMemoryTracing } from '../../packages/core/src/testing/inMemoryTracing.js';

class GreetPayload {
  @IsString()
  public name = '';
}

@Action('greet', 'polite')
class Greet {
  public readonly payloadType = GreetPayload;
  public execute(payload: GreetPayload): string {
    return `hello ${payload.name}`;
  }
}

@Task('report', 'nightly')
class Report {
  public run(payload: { fail?: boolean } | undefined): string {
    if (payload?.fail === true) throw new Error('report store offline');
    return 'reported';
  }
}

@Workflow('close-day', 'default', { metadata: { nodes: [{ id: 'first', task: 'report' }, { id: 'second', task: 'report', dependsOn: ['first'], payload: { fail: true }, retry: { attempts: 1 } }] } })
class CloseDay {}

const tracing = useInMemoryTracing();
let app: Oneiric;
let bridges: DomainBridges;

beforeAll(async () => {
  app = new Oneiric();
  app.register(Greet, Report, CloseDay);
  await app.start();
  bridges = await createDomainBridges(app, { watchActivity: false });
});

afterAll(async () => {
  await bridges.close();
  await app.close();
});


describe('spans of actions, tasks and workflows', () => {
  it('traces an action invocation with domain, key and provider, as a child of the caller', async () => {
    await trace.getTracer('test').startActiveSpan('request', async (root) => {
      expect(await bridges.actions.execute('greet', { name: 'Ada' })).toBe('hello Ada');
      root.end();
    });
    const invoke = tracing.only('oneiric.action.invoke');
    expect(isChildOf(invoke, tracing.only('request'))).toBe(true);
    expect(invoke.attributes).toEqual({ [SpanAttribute.domain]: 'action', [SpanAttribute.key]: 'greet', [SpanAttribute.provider]: 'polite' });
  });

  it('marks the invocation failed when the payload is refused (DomainError invalidPayload: name must be a string)', async () => {
    await expect(bridges.actions.execute('greet', { name: 42 })).rejects.toMatchObject({ kind: 'invalidPayload' });
    const invoke = tracing.only('oneiric.action.invoke');
    expect(invoke.status.code).toBe(SpanStatusCode.ERROR);
    expect(invoke.events[0]?.attributes?.['exception.type']).toBe('DomainError');
  });

  it('traces a task run on demand, and its failure', async () => {
    await bridges.tasks.run('report');
    await expect(bridges.tasks.run('report', { fail: true })).rejects.toThrow('report store offline');
    const [ok, failed] = tracing.named('oneiric.task.run');
    expect(ok?.attributes).toMatchObject({ [SpanAttribute.domain]: 'task', [SpanAttribute.key]: 'report', [SpanAttribute.provider]: 'nightly', [SpanAttribute.trigger]: 'demand' });
    expect(ok?.status.code).toBe(SpanStatusCode.UNSET);
    expect(failed?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'report store offline' });
  });

  it('nests node spans in the workflow run span and marks the failing node and the run failed', async () => {
    await expect(bridges.workflows.run('close-day')).rejects.toMatchObject({ kind: 'workflowNodeFailed' });
    const run = tracing.only('oneiric.workflow.run');
    const nodes = tracing.named('oneiric.workflow.node');
    expect(nodes.map((node) => node.attributes[SpanAttribute.node])).toEqual(['first', 'second']);
    for (const node of nodes) {
      expect(isChildOf(node, run)).toBe(true);
    }
    expect(nodes[0]?.status.code).toBe(SpanStatusCode.UNSET);
    expect(nodes[1]?.status.code).toBe(SpanStatusCode.ERROR);
    expect(run.status.code).toBe(SpanStatusCode.ERROR);
    expect(run.attributes).toMatchObject({ [SpanAttribute.key]: 'close-day' });
  });
});
