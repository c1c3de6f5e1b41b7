/** The metrics of the domain bridges: events dispatched and failed, task runs, workflow runs. */
import { followMeterProvider, getMeter, SECONDS_BUCKETS, type Counter, type Histogram, type Meter } from '@oneiric/core/internal';

/**
 * Instrumentation scope name of the domain bridges' metrics.
 * @category Telemetry
 */
export const DOMAINS_METER_NAME = '@oneiric/domains';

/**
 * The instruments the bridges record to.
 * @category Telemetry
 */
export interface DomainMeters {
  /** `oneiric_events_dispatched_total{topic}`: events dispatched. */
  readonly eventsDispatched: Counter;
  /** `oneiric_event_handler_failures_total{key,topic}`: handler results that failed (after retries, or refused). */
  readonly eventHandlerFailures: Counter;
  /** `oneiric_task_runs_total{key,trigger,status}`: task runs by outcome (succeeded, failed, skipped). */
  readonly taskRuns: Counter;
  /** `oneiric_task_run_duration_seconds{key,status}`: task run durations. */
  readonly taskRunDuration: Histogram;
  /** `oneiric_workflow_runs_total{key,outcome}`: workflow runs by outcome (completed, failed, refused). */
  readonly workflowRuns: Counter;
  /** `oneiric_workflow_run_duration_seconds{key,outcome}`: workflow run durations. */
  readonly workflowRunDuration: Histogram;
}

/**
 * The bridges' instruments from `meter` (default: the domains meter of the global provider as
 * registered now), named as Prometheus expects them. Creating them again gives the same
 * series: the SDK shares instruments of the same name and description.
 * @category Telemetry
 */
export function domainMeters(meter: Meter = getMeter(DOMAINS_METER_NAME)): DomainMeters {
  const seconds = { unit: 's', advice: { explicitBucketBoundaries: [...SECONDS_BUCKETS] } };
  return {
    eventsDispatched: meter.createCounter('oneiric_events_dispatched_total', { description: 'Events dispatched to their handlers', unit: '{event}' }),
    eventHandlerFailures: meter.createCounter('oneiric_event_handler_failures_total', { description: 'Event handler results that failed, after retries or refused', unit: '{result}' }),
    taskRuns: meter.createCounter('oneiric_task_runs_total', { description: 'Task runs by trigger and status (succeeded, failed, skipped)', unit: '{run}' }),
    taskRunDuration: meter.createHistogram('oneiric_task_run_duration_seconds', { description: 'Duration of task runs', ...seconds }),
    workflowRuns: meter.createCounter('oneiric_workflow_runs_total', { description: 'Workflow runs by outcome (completed, failed, refused)', unit: '{run}' }),
    workflowRunDuration: meter.createHistogram('oneiric_workflow_run_duration_seconds', { description: 'Duration of workflow runs', ...seconds }),
  };
}

/**
 * A getter of the bridges' instruments that follows the global meter provider: a provider
 * registered after the bridges were created still gets their metrics.
 * @category Telemetry
 */
export function followDomainMeters(): () => DomainMeters {
  return followMeterProvider(DOMAINS_METER_NAME, domainMeters);
}
