// Providers for the CLI domain command tests: two event handlers, tasks, and a workflow whose last node can be made to fail.
import { EventHandler, Task, Workflow } from '@oneiric/core';

/** Set by the tests: the `load` task throws while this is true. */
export const FAIL_LOAD = Symbol.for('oneiric-cli-tests:fail-load');

@EventHandler('welcome', 'default', { metadata: { topics: ['user.created'] } })
class Welcome {
  public handle(envelope: { payload: { name?: string } }): string {
    return `welcome ${envelope.payload.name ?? 'nobody'}`;
  }
}

@EventHandler('audit', 'default', { metadata: { filters: [{ path: 'headers.tenant', equals: 'acme' }] } })
class Audit {
  public handle(envelope: { topic: string }): string {
    return `audited ${envelope.topic}`;
  }
}

@EventHandler('broken', 'default', { metadata: { topics: ['order.paid'] } })
class Broken {
  public handle(): never {
    throw new Error('ledger offline');
  }
}

@Task('extract', 'default')
class Extract {
  public run(): number {
    return 2;
  }
}

@Task('load', 'default')
class Load {
  public run(_payload: unknown, context: { upstream: Record<string, unknown> }): number {
    if ((globalThis as Record<symbol, unknown>)[FAIL_LOAD] === true) {
      throw new Error('warehouse locked');
    }
    return (context.upstream['extract'] as number) * 10;
  }
}

@Workflow('etl', 'default', { metadata: { version: '3', nodes: [
  { id: 'extract', task: 'extract' },
  { id: 'load', task: 'load', dependsOn: ['extract'] },
] } })
class Etl {}

/** What `--import` registers. */
export const providers = [Welcome, Audit, Broken, Extract, Load, Etl];
