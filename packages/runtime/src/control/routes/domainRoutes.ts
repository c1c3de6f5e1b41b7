/** `POST /v1/events`, `POST /v1/workflows/:key/runs`, `POST /v1/actions/:key/invoke`: work run by the runtime's bridges. */
import { performance } from 'node:perf_hooks';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ActionInvokeAnswer, EventAnswer, WorkflowEnqueueAnswer, WorkflowRunAnswer } from '../controlProtocol.js';
import { ControlRequestError, ControlRequestErrorKind } from '../controlRequestError.js';
import type { ControlTarget } from '../controlTarget.js';
import { actionInvokeBodySchema, eventBodySchema, keyParamsSchema, workflowEnqueueBodySchema, workflowRunBodySchema } from '../controlSchemas.js';
import { requireKnownKey } from '../requireKnownKey.js';
import { withDeadline } from '../withDeadline.js';

interface EventBody { topic: string; payload?: unknown; headers?: Record<string, unknown> }
interface WorkflowRunBody { input?: unknown; version?: string; resume?: boolean }
interface ActionInvokeBody { payload?: unknown; provider?: string }

// These bodies are optional: a request without one runs with the defaults.
async function defaultEmptyBody(request: FastifyRequest): Promise<void> {
  if (request.body === undefined || request.body === null) {
    request.body = {};
  }
}

/**
 * Registers the endpoints that run work. They go through the bridges, so pause and drain refuse
 * them exactly as they refuse in-process callers (409 `paused` / `draining`).
 */
export function registerDomainRoutes(server: FastifyInstance, target: ControlTarget, deadlineMs: number): void {
  const { app, bridges } = target;

  server.post<{ Body: EventBody }>('/v1/events', { schema: { body: eventBodySchema }, config: { auditAction: 'event.emit' } }, async (request): Promise<EventAnswer> => {
    const { topic, payload, headers } = request.body;
    const results = await withDeadline(bridges.events.dispatch(topic, payload ?? null, headers), deadlineMs, `dispatching ${topic}`);
    return { topic, results };
  });

  server.post<{ Params: { key: string }; Body: WorkflowRunBody }>(
    '/v1/workflows/:key/runs',
    { schema: { params: keyParamsSchema, body: workflowRunBodySchema }, config: { auditAction: 'workflow.run' }, preValidation: defaultEmptyBody },
    async (request): Promise<WorkflowRunAnswer> => {
      const { key } = request.params;
      const { input, version, resume } = request.body;
      requireKnownKey(app, 'workflow', key);
      if (resume === true && (await bridges.workflows.checkpoint(key)) === undefined) {
        // Resuming nothing must not silently start a fresh run.
        throw new ControlRequestError(ControlRequestErrorKind.nothingToResume, 409, `workflow ${key} has no checkpointed run to resume`, { domain: 'workflow', key });
      }
      const running = bridges.workflows.run(key, {
        ...(input === undefined ? {} : { context: input }),
        ...(version === undefined ? {} : { version }),
        ...(resume === undefined ? {} : { resume }),
      });
      return withDeadline(running, deadlineMs, `the run of workflow ${key}`);
    },
  );

  // Queue-backed: the run goes to the queue adapter and a queue worker (this runtime's or
  // another instance's) runs it; the answer comes once the queue has the message.
  server.post<{ Params: { key: string }; Body: Omit<WorkflowRunBody, 'resume'> }>(
    '/v1/workflows/:key/enqueue',
    { schema: { params: keyParamsSchema, body: workflowEnqueueBodySchema }, config: { auditAction: 'workflow.enqueue' }, preValidation: defaultEmptyBody },
    async (request): Promise<WorkflowEnqueueAnswer> => {
      const { key } = request.params;
      const { input, version } = request.body;
      requireKnownKey(app, 'workflow', key);
      const queued = bridges.workflows.enqueue(key, { ...(input === undefined ? {} : { context: input }), ...(version === undefined ? {} : { version }) });
      return { key, messageId: await withDeadline(queued, deadlineMs, `enqueueing a run of workflow ${key}`) };
    },
  );

  server.post<{ Params: { key: string }; Body: ActionInvokeBody }>(
    '/v1/actions/:key/invoke',
    { schema: { params: keyParamsSchema, body: actionInvokeBodySchema }, config: { auditAction: 'action.invoke' }, preValidation: defaultEmptyBody },
    async (request): Promise<ActionInvokeAnswer> => {
      const { key } = request.params;
      const { payload, provider } = request.body;
      requireKnownKey(app, 'action', key);
      const started = performance.now();
      const value = await withDeadline(
        bridges.actions.execute(key, payload, provider === undefined ? {} : { provider }),
        deadlineMs,
        `the action ${key}`,
      );
      const durationMs = performance.now() - started;
      return { key, provider: provider ?? app.active('action', key)?.provider ?? 'unknown', value: value ?? null, durationMs };
    },
  );
}
