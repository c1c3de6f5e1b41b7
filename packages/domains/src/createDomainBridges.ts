/** Wires every bridge of an application over one activity store and binds them in its container. */
import { internalsOf } from '@oneiric/core/internal';
import type { Oneiric, OneiricLogger } from '@oneiric/core';
import { BRIDGE_TOKENS } from './bridgeTokens.js';
import type { WorkflowHooks } from './models/workflowHooks.js';
import { ActionBridge } from './services/actionBridge.js';
import { ActivityStore } from './services/activityStore.js';
import { AdapterBridge } from './services/adapterBridge.js';
import { CheckpointStore } from './services/checkpointStore.js';
import { connectActivityToAdmission } from './services/connectActivityToAdmission.js';
import { EventBridge } from './services/eventBridge.js';
import { ServiceBridge } from './services/serviceBridge.js';
import { TaskBridge } from './services/taskBridge.js';
import { WorkflowBridge } from './services/workflowBridge.js';

/**
 * Options of {@link createDomainBridges}.
 * @category Setup
 */
export interface DomainBridgesOptions {
  /** Where `activity.json` and workflow checkpoints live; in memory when absent. */
  readonly cacheDir?: string;
  /** Re-read the activity file on file events and every `activityPollMs` (default true with a cacheDir). */
  readonly watchActivity?: boolean;
  /** Activity polling period, in milliseconds (default 500). */
  readonly activityPollMs?: number;
  /** The `source` header of dispatched events. */
  readonly eventSource?: string;
  /** Outcomes kept per task. */
  readonly taskHistorySize?: number;
  /** Hooks of every workflow run. */
  readonly workflowHooks?: WorkflowHooks;
  /** Workflow versions pinned by configuration, by key. */
  readonly workflowVersions?: Readonly<Record<string, string>>;
  /** Logger. */
  readonly logger?: OneiricLogger;
  /**
   * Make the activity store's pauses and drains the application's admission (default true),
   * so live references, injected ones included, refuse like the bridges do; see
   * {@link connectActivityToAdmission}.
   */
  readonly connectAdmission?: boolean;
}

/**
 * Every bridge of an application, and the stores they share.
 * @category Setup
 */
export interface DomainBridges {
  /** Pause/drain state, shared with other processes through the cache directory. */
  readonly activity: ActivityStore;
  /** Workflow checkpoints. */
  readonly checkpoints: CheckpointStore;
  /** Adapters. */
  readonly adapters: AdapterBridge;
  /** Services. */
  readonly services: ServiceBridge;
  /** Tasks. */
  readonly tasks: TaskBridge;
  /** Events. */
  readonly events: EventBridge;
  /** Workflows. */
  readonly workflows: WorkflowBridge;
  /** Actions. */
  readonly actions: ActionBridge;
  /** Stops watching the activity file and cleans up fan-out handlers. */
  close(): Promise<void>;
}

/**
 * Creates the bridges, loads the activity file, starts following it (so pauses made by another
 * process, e.g. `oneiric pause`, apply here), connects it to the application's admission (so
 * live references refuse too), and binds each bridge under {@link BRIDGE_TOKENS}.
 * @example
 * ```ts
 * const bridges = await createDomainBridges(app, { cacheDir: '.oneiric_cache' });
 * const results = await bridges.events.dispatch('user.created', { id: 7 });
 * ```
 * @category Setup
 */
export async function createDomainBridges(app: Oneiric, options: DomainBridgesOptions = {}): Promise<DomainBridges> {
  const logger = options.logger ?? app.logger;
  const activity = new ActivityStore({
    ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
    ...(options.activityPollMs === undefined ? {} : { pollIntervalMs: options.activityPollMs }),
    logger,
  });
  await activity.load();
  if (options.watchActivity ?? true) {
    activity.watch();
  }
  const disconnectAdmission = (options.connectAdmission ?? true) ? connectActivityToAdmission(app, activity) : () => undefined;
  const checkpoints = new CheckpointStore(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir });
  const tasks = new TaskBridge(app, activity, options.taskHistorySize === undefined ? {} : { historySize: options.taskHistorySize });
  const events = new EventBridge(app, activity, { logger, ...(options.eventSource === undefined ? {} : { source: options.eventSource }) });
  const bridges: DomainBridges = {
    activity,
    checkpoints,
    adapters: new AdapterBridge(app, activity),
    services: new ServiceBridge(app, activity),
    tasks,
    events,
    workflows: new WorkflowBridge(app, activity, tasks, checkpoints, {
      logger,
      ...(options.workflowHooks === undefined ? {} : { hooks: options.workflowHooks }),
      ...(options.workflowVersions === undefined ? {} : { versions: options.workflowVersions }),
    }),
    actions: new ActionBridge(app, activity),
    close: async () => {
      disconnectAdmission();
      activity.close();
      await activity.flush();
      await events.close();
    },
  };
  const container = internalsOf(app).container;
  for (const name of ['activity', 'adapters', 'services', 'tasks', 'events', 'workflows', 'actions'] as const) {
    if (container.isBound(BRIDGE_TOKENS[name])) {
      await container.unbindAsync(BRIDGE_TOKENS[name]);
    }
    container.bind(BRIDGE_TOKENS[name]).toConstantValue(bridges[name]);
  }
  return bridges;
}
