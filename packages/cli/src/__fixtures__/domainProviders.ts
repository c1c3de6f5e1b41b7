// Providers for the CLI domain command tests: event handlers, tasks, a workflow whose last node can be made to fail, and an action.
import 'reflect-metadata';
import { IsInt, IsString, Min } from 'class-validator';
import { Action, EventHandler, Task, Workflow } from '@oneiric/core';

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

/** The payload of the `refund` action. */
class RefundRequest {
  @IsString()
  public orderId!: string;

  @IsInt()
  @Min(1)
  public cents!: number;
}

@Action('refund', 'ledger', 10)
class LedgerRefund {
  public readonly payloadType = RefundRequest;

  public execute(request: RefundRequest): { refunded: number; order: string } {
    return { refunded: request.cents, order: request.orderId };
  }
}

@Action('refund', 'manual', 1)
class ManualRefund {
  public readonly payloadType = RefundRequest;

  public execute(request: RefundRequest): string {
    return `ticket for ${request.orderId}`;
  }
}

/** What `--import` registers. */
export const providers = [Welcome, Audit, Broken, Extract, Load, Etl, LedgerRefund, ManualRefund];
