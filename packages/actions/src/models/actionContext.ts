/** What every action kit may reach besides its payload: the application and optional collaborators. */
import type { Oneiric, OneiricLogger } from '@oneiric/core';

/**
 * Where `event.dispatch` hands envelopes to local handlers (the domains package's `EventBridge` fits).
 * @category Models
 */
export interface EventSink {
  /** Dispatches one envelope to the local handlers and resolves with their results. */
  dispatch(topic: string, payload: unknown, headers?: Readonly<Record<string, unknown>>): Promise<readonly unknown[]>;
}

/**
 * What {@link registerActionKits} gives each action when it is built.
 * @category Models
 */
export interface ActionContext {
  /** The application: `http.fetch` and `workflow.notify` reach adapters through it. */
  readonly app: Oneiric;
  /** Where `debug.console`, `workflow.notify` and `workflow.audit` write. */
  readonly logger: OneiricLogger;
  /** Local event dispatch for `event.dispatch`; without it envelopes are built but only webhooks are sent. */
  readonly events?: EventSink;
}
