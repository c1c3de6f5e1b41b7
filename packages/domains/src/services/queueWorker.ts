/** Runs the task and workflow runs that arrive through the queue adapter, honouring pause and drain. */
import { hostname } from 'node:os';
import { contextFromHeaders, createSilentLogger, inSpan, SpanAttribute, type OneiricLogger } from '@oneiric/core';
import { isRefusal } from '../calculations/isRefusal.js';
import { messageOf } from '@oneiric/core/internal';
import { parseQueuedWork } from '../calculations/parseQueuedWork.js';
import { queueTopicOf } from '../calculations/queueTopicOf.js';
import { DomainError, DomainErrorKind } from '../errors/domainError.js';
import type { WorkQueueMessage } from '../models/workQueue.js';
import { DEFAULT_WORK_QUEUE_KEY, workQueueOf } from './publishWork.js';
import type { TaskBridge } from './taskBridge.js';
import type { WorkflowBridge } from './workflowBridge.js';

/**
 * Options of a {@link QueueWorker}.
 * @category Bridges and services
 */
export interface QueueWorkerOptions {
  /** Consumer group shared by every worker of the application (default `oneiric`). */
  readonly group?: string;
  /** This worker's name in the group (default `<host>-<pid>`); unique per process. */
  readonly consumer?: string;
  /** Key of the queue adapter (default `queue`, i.e. `adapter:queue`). */
  readonly queueKey?: string;
  /** How long one round of receives waits for work, spread over the keys, in milliseconds (default 500). */
  readonly receiveWaitMs?: number;
  /** Pause between rounds when no key accepts work or the queue failed, in milliseconds (default 200). */
  readonly idleDelayMs?: number;
  /** Failed runs of one message in this process before it is acknowledged and dropped (default 5). */
  readonly maxAttempts?: number;
  /** How long `stop()` waits for the run in progress, in milliseconds (default 10 000). */
  readonly stopTimeoutMs?: number;
  /** Logger. */
  readonly logger?: OneiricLogger;
}

interface WorkKey {
  readonly domain: 'task' | 'workflow';
  readonly key: string;
}

/**
 * Consumes the runs `TaskBridge.enqueue` and `WorkflowBridge.enqueue` put on the queue: one
 * topic per task and workflow key, received one message at a time for the consumer group.
 * A run is acknowledged after it succeeded. A run that failed is given back (`nack`) to be
 * delivered again, up to `maxAttempts` times in this process, then acknowledged and logged as
 * dropped. A run whose process died before settling it is delivered again by the queue (after
 * the provider's claim or ack-wait delay) to another worker; a redelivered workflow run
 * resumes from its checkpoint. While a key is paused or draining (the application's admission
 * or the activity store) its topic is not received from: its runs wait in the queue; a
 * message received just before the pause is given back unrun.
 * @category Bridges and services
 */
export class QueueWorker {
  readonly #tasks: TaskBridge;
  readonly #workflows: WorkflowBridge;
  readonly #group: string;
  readonly #consumer: string;
  readonly #queueKey: string;
  readonly #receiveWaitMs: number;
  readonly #idleDelayMs: number;
  readonly #maxAttempts: number;
  readonly #stopTimeoutMs: number;
  readonly #logger: OneiricLogger;
  // Failed runs per message id, in this process.
  readonly #attempts = new Map<string, number>();
  #loop: Promise<void> | undefined;
  #isRunning = false;
  #wakeUp: (() => void) | undefined;

  /**
   * @param tasks - the bridge that runs queued tasks
   * @param workflows - the bridge that runs queued workflows
   * @param options - group, consumer name, queue key, timings
   */
  public constructor(tasks: TaskBridge, workflows: WorkflowBridge, options: QueueWorkerOptions = {}) {
    this.#tasks = tasks;
    this.#workflows = workflows;
    this.#group = options.group ?? 'oneiric';
    this.#consumer = options.consumer ?? `${hostname().replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 100)}-${process.pid}`;
    this.#queueKey = options.queueKey ?? DEFAULT_WORK_QUEUE_KEY;
    this.#receiveWaitMs = options.receiveWaitMs ?? 500;
    this.#idleDelayMs = options.idleDelayMs ?? 200;
    this.#maxAttempts = Math.max(1, options.maxAttempts ?? 5);
    this.#stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
    this.#logger = options.logger ?? createSilentLogger();
  }

  /** True between `start()` and `stop()`. */
  public get isRunning(): boolean {
    return this.#isRunning;
  }

  /**
   * Starts consuming.
   * @throws DomainError `alreadyStarted` on a second call; `noQueue` when no queue adapter is registered
   */
  public start(): void {
    if (this.#isRunning) {
      throw new DomainError(DomainErrorKind.alreadyStarted, 'The queue worker is already started');
    }
    workQueueOf(this.#tasks.app, this.#queueKey);
    this.#isRunning = true;
    this.#loop = this.#consume();
  }

  /**
   * Stops receiving and waits for the run in progress, at most `stopTimeoutMs`; a run still
   * going then is left unsettled, so the queue delivers it again later.
   */
  public async stop(): Promise<void> {
    this.#isRunning = false;
    this.#wakeUp?.();
    const loop = this.#loop;
    if (loop === undefined) {
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), this.#stopTimeoutMs);
      timer.unref();
    });
    const isTimedOut = await Promise.race([loop.then(() => false), timedOut]);
    clearTimeout(timer);
    if (isTimedOut) {
      this.#logger.warn('queue worker stopped with a run still in progress; its message will be delivered again', { stopTimeoutMs: this.#stopTimeoutMs });
    }
  }

  async #consume(): Promise<void> {
    while (this.#isRunning) {
      const keys = this.#acceptingKeys();
      let received = 0;
      let failed = false;
      for (const workKey of keys) {
        if (!this.#isRunning) {
          break;
        }
        // Spread one round's wait over the keys; once something came, do not wait on the others.
        const waitMs = received > 0 ? 0 : Math.max(10, Math.floor(this.#receiveWaitMs / keys.length));
        try {
          const messages = await workQueueOf(this.#tasks.app, this.#queueKey)
            .receive(queueTopicOf(workKey.domain, workKey.key), { group: this.#group, consumer: this.#consumer, max: 1, waitMs });
          for (const message of messages) {
            received += 1;
            await this.#handle(workKey, message);
          }
        } catch (error) {
          failed = true;
          this.#logger.warn('queue receive failed', { domain: workKey.domain, key: workKey.key, error: messageOf(error) });
        }
      }
      if (this.#isRunning && (keys.length === 0 || failed)) {
        await this.#sleep(this.#idleDelayMs);
      }
    }
  }

  #acceptingKeys(): WorkKey[] {
    const tasks = this.#tasks.app.keys('task').filter((key) => this.#tasks.isAccepting(key)).map((key) => ({ domain: 'task' as const, key }));
    const workflows = this.#workflows.app.keys('workflow').filter((key) => this.#workflows.isAccepting(key)).map((key) => ({ domain: 'workflow' as const, key }));
    return [...tasks, ...workflows];
  }

  // One consumer span per message, a child of the enqueuer's span its headers name: the run's spans nest in it.
  #handle(workKey: WorkKey, message: WorkQueueMessage): Promise<void> {
    const attributes = { [SpanAttribute.domain]: workKey.domain, [SpanAttribute.key]: workKey.key, [SpanAttribute.queueTopic]: message.topic, [SpanAttribute.messageId]: message.id, [SpanAttribute.redelivered]: message.redelivered };
    return inSpan('oneiric.queue.process', { kind: 'consumer', parent: contextFromHeaders(message.headers), attributes }, () => this.#process(workKey, message));
  }

  async #process(workKey: WorkKey, message: WorkQueueMessage): Promise<void> {
    const context = { domain: workKey.domain, key: workKey.key, messageId: message.id };
    let work;
    try {
      work = parseQueuedWork(workKey.domain, workKey.key, message.data);
    } catch (error) {
      // It can never run: keeping it would only deliver it again forever.
      this.#logger.error('queued work unreadable; dropped', { ...context, error: messageOf(error) });
      await this.#settle(message, 'ack', context);
      return;
    }
    if (!this.#isRunning || (work.kind === 'task' ? this.#tasks : this.#workflows).refusalOf(work.key) !== undefined) {
      // Paused or stopped between the receive and now: give it back unrun.
      await this.#settle(message, 'nack', context);
      return;
    }
    try {
      if (work.kind === 'task') {
        await this.#tasks.run(work.key, work.payload, { trigger: 'queue' });
      } else {
        await this.#workflows.run(work.key, {
          ...(work.context === undefined ? {} : { context: work.context }),
          ...(work.version === undefined ? {} : { version: work.version }),
          // A delivery after a crash continues the run its checkpoint holds.
          resume: message.redelivered,
        });
      }
    } catch (error) {
      await this.#afterFailure(message, error, context);
      return;
    }
    this.#attempts.delete(message.id);
    await this.#settle(message, 'ack', context);
  }

  async #afterFailure(message: WorkQueueMessage, error: unknown, context: Record<string, string>): Promise<void> {
    const isBusy = error instanceof DomainError && error.kind === DomainErrorKind.workflowAlreadyRunning;
    if (isRefusal(error) || isBusy) {
      await this.#settle(message, 'nack', context);
      return;
    }
    const attempts = (this.#attempts.get(message.id) ?? 0) + 1;
    if (attempts >= this.#maxAttempts) {
      this.#attempts.delete(message.id);
      this.#logger.error('queued run failed too often; dropped', { ...context, attempts, error: messageOf(error) });
      await this.#settle(message, 'ack', context);
      return;
    }
    this.#attempts.set(message.id, attempts);
    this.#logger.warn('queued run failed; given back for another delivery', { ...context, attempts, error: messageOf(error) });
    await this.#settle(message, 'nack', context);
  }

  async #settle(message: WorkQueueMessage, how: 'ack' | 'nack', context: Record<string, string>): Promise<void> {
    try {
      await (how === 'ack' ? message.ack() : message.nack());
    } catch (error) {
      // E.g. taken over by another consumer meanwhile: that delivery settles it.
      this.#logger.warn(`queue ${how} failed`, { ...context, error: messageOf(error) });
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#wakeUp = undefined;
        resolve();
      }, ms);
      this.#wakeUp = () => {
        clearTimeout(timer);
        this.#wakeUp = undefined;
        resolve();
      };
    });
  }
}
