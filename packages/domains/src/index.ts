/**
 * `@oneiric/domains`: the domain bridges over `@oneiric/core` — services, tasks (with a cron and
 * interval scheduler), events, workflows (DAGs with checkpoints), actions — with per-key pause
 * and drain shared between processes, and configuration watchers.
 * @packageDocumentation
 */
export { BRIDGE_TOKENS } from './bridgeTokens.js';
export { createDomainBridges, type DomainBridges, type DomainBridgesOptions } from './createDomainBridges.js';

export { admissionOfActivity } from './calculations/admissionOfActivity.js';
export { compileEnvelopePath } from './calculations/compileEnvelopePath.js';
export { compileFilters } from './calculations/compileFilters.js';
export { diffSelections, type SelectionChange } from './calculations/diffSelections.js';
export { handlersForTopic } from './calculations/handlersForTopic.js';
export { isRefusal } from './calculations/isRefusal.js';
export { matchesFilters } from './calculations/matchesFilters.js';
export { nextCronTime } from './calculations/nextCronTime.js';
export { MAX_RETRY_ATTEMPTS, normaliseRetryPolicy, normaliseTimeoutMs, type CompleteRetryPolicy } from './calculations/normaliseRetryPolicy.js';
export { parseCron, type CronSchedule } from './calculations/parseCron.js';
export { parseQueuedWork } from './calculations/parseQueuedWork.js';
export { planWorkflow } from './calculations/planWorkflow.js';
export { queueTopicOf } from './calculations/queueTopicOf.js';
export { readEnvelopePath } from './calculations/readEnvelopePath.js';
export { DEFAULT_HANDLER_TIMEOUT_MS, readHandlerMetadata, type HandlerSpec } from './calculations/readHandlerMetadata.js';
export { refusalFor } from './calculations/refusalFor.js';
export { selectHandlers } from './calculations/selectHandlers.js';

export { DomainError, DomainErrorKind } from './errors/domainError.js';

export type { ActionKit } from './models/actionKit.js';
export type { ActivityState } from './models/activityState.js';
export type { EventEnvelope, EventHeaders } from './models/eventEnvelope.js';
export type { EventFilter } from './models/eventFilter.js';
export type { EventHandlerMetadata, FanoutPolicy } from './models/eventHandlerMetadata.js';
export type { HandlerResult } from './models/handlerResult.js';
export type { RetryPolicy } from './models/retryPolicy.js';
export type { TaskMetadata } from './models/taskMetadata.js';
export type { TaskOutcome, TaskTrigger } from './models/taskOutcome.js';
export type { UseOptions } from './models/useOptions.js';
export type { WorkflowCheckpoint } from './models/workflowCheckpoint.js';
export type { WorkflowDefinition, WorkflowNode } from './models/workflowDefinition.js';
export type { WorkflowHookContext, WorkflowHooks } from './models/workflowHooks.js';
export type { NodeOutcome, WorkflowRunResult } from './models/workflowRunResult.js';
export type { QueuedTask, QueuedWork, QueuedWorkflow } from './models/queuedWork.js';
export type { WorkQueue, WorkQueueMessage, WorkReceiveOptions } from './models/workQueue.js';

export { ActionBridge } from './services/actionBridge.js';
export { ActivityStore, ACTIVITY_FILE_NAME, type ActivityChange, type ActivityEntry, type ActivityStoreOptions } from './services/activityStore.js';
export { AdapterBridge } from './services/adapterBridge.js';
export { CheckpointStore, type CheckpointStoreOptions } from './services/checkpointStore.js';
export { ConcurrencyLimit } from './services/concurrencyLimit.js';
export { connectActivityToAdmission } from './services/connectActivityToAdmission.js';
export { DomainBridge, type NoteOptions } from './services/domainBridge.js';
export { EventIdSequence } from './services/eventIdSequence.js';
export { DEFAULT_WORK_QUEUE_KEY, publishWork, workQueueOf } from './services/publishWork.js';
export { QueueWorker, type QueueWorkerOptions } from './services/queueWorker.js';
export { EventBridge, type EmitHeaders, type EventBridgeOptions, type EventHandlerInstance } from './services/eventBridge.js';
export { SelectionWatcher, type SelectionWatcherOptions } from './services/selectionWatcher.js';
export { ServiceBridge } from './services/serviceBridge.js';
export { DEFAULT_TASK_TIMEOUT_MS, TaskBridge, type TaskBridgeOptions, type TaskHandler, type TaskRunContext } from './services/taskBridge.js';
export { TaskScheduler, type TaskSchedulerOptions } from './services/taskScheduler.js';
export { DEFAULT_NODE_TIMEOUT_MS, WorkflowBridge, type WorkflowBridgeOptions, type WorkflowPlan, type WorkflowRunOptions } from './services/workflowBridge.js';

export { domainMeters, DOMAINS_METER_NAME, followDomainMeters, type DomainMeters } from './telemetry/domainMeters.js';
