// The sample's refund workflow: a flaky refund task, then audit and notify steps that run the built-in action kits.
import { Adapter, Task, Workflow } from '@oneiric/core';
import type { Notification } from '@oneiric/actions';
import type { TaskRunContext, WorkflowDefinition } from '@oneiric/domains';

/** How the tasks reach the action bridge: set by main once the bridges exist (a sample's shortcut). */
export const actionRunner: { execute?: (key: string, payload: unknown) => Promise<unknown> } = {};
/** The bank refuses the first two refund attempts, so the sample shows retries planned by workflow.retry. */
export const bank = { failuresLeft: 2 };

async function runAction<R>(key: string, payload: unknown): Promise<R> {
  if (actionRunner.execute === undefined) {
    throw new Error('the sample wires actionRunner before running the workflow');
  }
  return (await actionRunner.execute(key, payload)) as R;
}

@Task('refund', 'default')
export class Refund {
  public run(payload: { order: string; amount: number }): string {
    if (bank.failuresLeft > 0) {
      bank.failuresLeft -= 1;
      throw new Error('bank timeout');
    }
    return `refunded ${payload.amount} EUR on ${payload.order}`;
  }
}

/** Records the refund with workflow.audit: the card number is redacted as an extra field, the API token by name. */
@Task('refund-audit', 'default')
export class RefundAudit {
  public async run(payload: { order: string; card: string; bankToken: string }, context: TaskRunContext): Promise<string> {
    const record = await runAction<{ details: Record<string, unknown> }>('workflow.audit', {
      event: 'order.refunded', details: { ...payload, outcome: context.upstream['refund'] }, redactFields: ['card'],
    });
    return JSON.stringify(record.details);
  }
}

/** Tells the customer desk with workflow.notify, through the notifier adapter below. */
@Task('refund-notify', 'default')
export class RefundNotify {
  public async run(payload: { order: string }): Promise<string> {
    const result = await runAction<{ status: string; via: string }>('workflow.notify', { message: `refund of ${payload.order} done`, channel: 'desk', recipients: ['desk@example.com'] });
    return `${result.status} via ${result.via}`;
  }
}

/** What the notifier adapter received. */
export const deskInbox: Notification[] = [];

/** A notifier adapter: workflow.notify sends through the active one instead of logging. */
@Adapter('notifier', 'desk-inbox')
export class DeskInbox {
  public send(notification: Notification): void {
    deskInbox.push(notification);
  }
}

const refundFlow: WorkflowDefinition = {
  version: '1',
  nodes: [
    { id: 'refund', task: 'refund', payload: { order: 'A-17', amount: 42 } },
    { id: 'audit', task: 'refund-audit', dependsOn: ['refund'], payload: { order: 'A-17', card: '4111 1111 1111 1111', bankToken: 'tok_live_123' } },
    { id: 'notify', task: 'refund-notify', dependsOn: ['audit'], payload: { order: 'A-17' } },
  ],
};

/** Refund, then audit, then notify. */
@Workflow('refund', 'default', { metadata: refundFlow as unknown as Record<string, unknown> })
export class RefundFlow {}

/** The refund part's providers. */
export const refundProviders = [Refund, RefundAudit, RefundNotify, DeskInbox];
