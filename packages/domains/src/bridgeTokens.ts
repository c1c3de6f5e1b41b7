/** The container tokens the bridges are bound under, so services can `@inject` them. */

/**
 * Inversify tokens of the bridges and stores that {@link createDomainBridges} binds in the
 * application's container.
 * @example
 * ```ts
 * class Notifier { constructor(@inject(BRIDGE_TOKENS.events) private readonly events: EventBridge) {} }
 * ```
 * @category Setup
 */
export const BRIDGE_TOKENS = {
  /** The {@link ActivityStore}. */
  activity: Symbol.for('oneiric:domains:activity'),
  /** The {@link AdapterBridge}. */
  adapters: Symbol.for('oneiric:domains:adapters'),
  /** The {@link ServiceBridge}. */
  services: Symbol.for('oneiric:domains:services'),
  /** The {@link TaskBridge}. */
  tasks: Symbol.for('oneiric:domains:tasks'),
  /** The {@link EventBridge}. */
  events: Symbol.for('oneiric:domains:events'),
  /** The {@link WorkflowBridge}. */
  workflows: Symbol.for('oneiric:domains:workflows'),
  /** The {@link ActionBridge}. */
  actions: Symbol.for('oneiric:domains:actions'),
} as const;
