// The sample's providers: handlers of order events, the tasks of a fulfilment workflow, and a scheduled heartbeat.
import { EventHandler, Task, Workflow } from '@oneiric/core';
import type { EventEnvelope, EventHandlerMetadata, TaskMetadata, TaskRunContext, WorkflowDefinition } from '@oneiric/domains';

interface Order {
  readonly id: string;
  readonly plan: 'free' | 'pro';
  readonly items: number;
}

const handler = (metadata: EventHandlerMetadata): { metadata: Readonly<Record<string, unknown>> } => ({ metadata: metadata as Record<string, unknown> });

/** Sends the confirmation mail; one of two `notify` providers that both receive each event (fanOut). */
@EventHandler('notify', 'email', { priority: 20, ...handler({ topics: ['order.placed'], fanOut: true }) })
export class EmailNotifier {
  public handle(event: EventEnvelope<Order>): string {
    return `mailed confirmation of ${event.payload.id}`;
  }
}

/** Sends a text message; the second `notify` provider. */
@EventHandler('notify', 'sms', { priority: 10, ...handler({ topics: ['order.placed'], fanOut: true }) })
export class SmsNotifier {
  public async handle(event: EventEnvelope<Order>): Promise<string> {
    return `texted about ${event.payload.id}`;
  }
}

/** Reserves stock for every order. */
@EventHandler('inventory', 'default', handler({ topics: ['order.placed'], eventPriority: 50 }))
export class Inventory {
  public handle(event: EventEnvelope<Order>): string {
    return `reserved ${event.payload.items} item(s)`;
  }
}

/** Only pro orders: filtered on the payload. */
@EventHandler('concierge', 'default', handler({ topics: ['order.placed'], filters: [{ path: 'payload.plan', anyOf: ['pro'] }] }))
export class Concierge {
  public handle(event: EventEnvelope<Order>): string {
    return `assigned a concierge to ${event.payload.id}`;
  }
}

/** The payment gateway is down for the first attempt of the sample, to show a resumed run. */
export const gateway = { isDown: true, charges: 0 };
/** How often each task really ran, to show that a resume skips finished nodes. */
export const taskRuns: Record<string, number> = {};

function count(name: string): void {
  taskRuns[name] = (taskRuns[name] ?? 0) + 1;
}

@Task('reserve', 'default')
export class Reserve {
  public run(payload: { order: string }): string {
    count('reserve');
    return `stock held for ${payload.order}`;
  }
}

@Task('charge', 'default')
export class Charge {
  public run(payload: { order: string; amount: number }): string {
    count('charge');
    if (gateway.isDown) {
      throw new Error('payment gateway unreachable');
    }
    gateway.charges += 1;
    return `charged ${payload.amount} EUR for ${payload.order}`;
  }
}

@Task('ship', 'default')
export class Ship {
  public run(_payload: unknown, context: TaskRunContext): string {
    count('ship');
    return `shipped after "${String(context.upstream['reserve'])}" and "${String(context.upstream['charge'])}"`;
  }
}

const fulfilment: WorkflowDefinition = {
  version: '1',
  nodes: [
    { id: 'reserve', task: 'reserve' },
    { id: 'charge', task: 'charge' },
    { id: 'ship', task: 'ship', dependsOn: ['reserve', 'charge'] },
  ],
};

/** Reserve and charge run side by side; ship needs both. */
@Workflow('fulfilment', 'default', { metadata: fulfilment as unknown as Record<string, unknown> })
export class Fulfilment {}

/** Beats every second (a 6-field cron with seconds). */
@Task('heartbeat', 'default', { metadata: { cron: '* * * * * *' } satisfies TaskMetadata })
export class Heartbeat {
  public beats = 0;
  public run(): number {
    this.beats += 1;
    return this.beats;
  }
}

/** Everything the sample registers (also what `oneiric --import` would load). */
export const providers = [EmailNotifier, SmsNotifier, Inventory, Concierge, Reserve, Charge, Ship, Heartbeat];
