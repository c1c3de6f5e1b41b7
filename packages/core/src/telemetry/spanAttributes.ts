/** The attribute names Oneiric's spans carry: stable, documented in docs/tracing.md. */

/**
 * Attribute names of Oneiric's spans. They are part of the public contract (dashboards and
 * trace queries depend on them): new names may be added, existing ones are not renamed.
 * @category Telemetry
 */
export const SpanAttribute = {
  /** The domain of the key (`event`, `task`, `workflow`, `action`, `adapter`, `service`). */
  domain: 'oneiric.domain',
  /** The key inside the domain (event handler key, task type, workflow id, action key). */
  key: 'oneiric.key',
  /** The provider that ran. */
  provider: 'oneiric.provider',
  /** The topic of an event. */
  topic: 'oneiric.event.topic',
  /** The id of an event (its `eventId` header). */
  eventId: 'oneiric.event.id',
  /** A workflow node's id. */
  node: 'oneiric.workflow.node',
  /** The id of a workflow run (the same on a resumed run). */
  runId: 'oneiric.workflow.run_id',
  /** How many nodes a resumed workflow run took from its checkpoint. */
  resumedNodes: 'oneiric.workflow.resumed_nodes',
  /** How many attempts a run took. */
  attempts: 'oneiric.attempts',
  /** What started a run (`manual`, `schedule`, `queue`, ...). */
  trigger: 'oneiric.trigger',
  /** The queue topic a message went through. */
  queueTopic: 'oneiric.queue.topic',
  /** The id the queue gave the message. */
  messageId: 'oneiric.queue.message_id',
  /** True when the queue delivered the message before (an earlier consumer did not acknowledge it). */
  redelivered: 'oneiric.queue.redelivered',
  /** The result of the work (`ok`, `failed`, `skipped`, ...). */
  outcome: 'oneiric.outcome',
  /** The serial of a remote manifest. */
  manifestSerial: 'oneiric.remote.serial',
  /** Where a remote manifest came from (its URL without credentials or query, or `cache`). */
  manifestSource: 'oneiric.remote.source',
  /** True for a sync from the cached manifest (offline start). */
  offline: 'oneiric.remote.offline',
  /** Entries a remote sync registered. */
  registered: 'oneiric.remote.registered',
  /** Entries a remote sync retracted. */
  retracted: 'oneiric.remote.retracted',
  /** Entries a remote sync skipped. */
  skipped: 'oneiric.remote.skipped',
} as const;
