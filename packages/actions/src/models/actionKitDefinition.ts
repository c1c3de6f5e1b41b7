/** How registerActionKits knows each built-in action: its key, description, settings class and builder. */
import type { ActionContext } from './actionContext.js';

/**
 * One built-in action as registered: `build` receives the validated settings (an instance of `settingsClass`).
 * @category Models
 */
export interface ActionKitDefinition {
  /** The action key (`compression.encode`). */
  readonly key: string;
  /** One line shown by `oneiric list`. */
  readonly description: string;
  /** Settings class, validated against `actions.provider_settings.builtin` entries of the key. */
  readonly settingsClass?: new () => object;
  /** Builds the action. */
  readonly build: (context: ActionContext, settings: object) => object;
}
