/** Registers the built-in action kits on an application, all of them or a chosen subset. */
import { PROVIDER_SETTINGS, RegistrationError, RegistrationErrorKind, type Candidate, type CandidateInput, type Oneiric } from '@oneiric/core';
import { ACTION_KEYS, ACTION_KITS } from './actionKits.js';
import type { EventSink } from './models/actionContext.js';

/**
 * The provider name every built-in action registers under.
 * @category Registration
 */
export const BUILTIN_PROVIDER = 'builtin';
/**
 * The package name the candidates carry (priority inference, `oneiric list` source).
 * @category Registration
 */
export const ACTIONS_PACKAGE = '@oneiric/actions';

/**
 * Options of {@link registerActionKits}.
 * @category Registration
 */
export interface RegisterActionKitsOptions {
  /** Register only these keys. */
  readonly only?: readonly string[];
  /** Register every key but these. */
  readonly except?: readonly string[];
  /** Local event dispatch for `event.dispatch` (the domains package's `EventBridge` fits). */
  readonly events?: EventSink;
  /** Priority of the built-in providers (default: the package's inferred priority). */
  readonly priority?: number;
}

/**
 * Registers one `builtin` provider per action key in the `action` domain. Settings come from
 * `actions.provider_settings.builtin` like any provider's and are validated before the
 * action is built; a key of your own with a higher priority or a selection overrides one.
 * @returns the registered candidates
 * @throws RegistrationError `invalidKey` naming an unknown key in `only` or `except`
 * @example
 * ```ts
 * const app = new Oneiric();
 * registerActionKits(app, { except: ['http.fetch'] });
 * const bridges = createDomainBridges(app);
 * await bridges.actions.execute('compression.hash', { data: 'abc', algorithm: 'sha3-256' });
 * ```
 * @category Registration
 */
export function registerActionKits(app: Oneiric, options: RegisterActionKitsOptions = {}): Candidate[] {
  for (const [field, keys] of [['only', options.only], ['except', options.except]] as const) {
    const unknown = (keys ?? []).filter((key) => !ACTION_KEYS.includes(key));
    if (unknown.length > 0) {
      throw new RegistrationError(RegistrationErrorKind.invalidKey, `registerActionKits: ${field} names unknown action ${unknown.join(', ')} (known: ${ACTION_KEYS.join(', ')})`, { domain: 'action', field });
    }
  }
  const only = options.only === undefined ? undefined : new Set(options.only);
  const except = new Set(options.except ?? []);
  const context = { app, logger: app.logger, ...(options.events === undefined ? {} : { events: options.events }) };
  const inputs = ACTION_KITS.filter((kit) => (only === undefined || only.has(kit.key)) && !except.has(kit.key)).map((kit): CandidateInput => ({
    domain: 'action',
    key: kit.key,
    provider: BUILTIN_PROVIDER,
    description: kit.description,
    packageName: ACTIONS_PACKAGE,
    displayName: `builtin ${kit.key}`,
    ...(options.priority === undefined ? {} : { priority: options.priority }),
    ...(kit.settingsClass === undefined ? {} : { settingsClass: kit.settingsClass }),
    factory: { kind: 'function', build: (resolution) => kit.build(context, resolution.get<object>(PROVIDER_SETTINGS)) },
  }));
  return app.registerPackage(ACTIONS_PACKAGE, inputs);
}

/**
 * The providers-module hook of the CLI: `oneiric --import @oneiric/actions ...` calls it with
 * the command's application, registering every action kit.
 * @category Registration
 */
export function register(app: Oneiric): void {
  registerActionKits(app);
}
