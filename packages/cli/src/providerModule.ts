// The contract a module passed to `oneiric --import` must meet; exported so module authors can type-check against it.
import type { Oneiric, Registrable } from '@oneiric/core';

/**
 * What a module given to `oneiric --import MODULE` exports so the CLI can register its providers.
 *
 * - `register(app)`: called once with the CLI's fresh `Oneiric` application, and awaited.
 *   Use it when registration needs logic: `registerPackage`, conditional providers, candidate
 *   inputs built at runtime.
 * - `providers`: an array of decorated classes (`@Adapter`, `@Service`, ...) or candidate
 *   inputs, passed to `app.register(...providers)`.
 *
 * A module may export both; then only `register` is called (it is the more specific hook, and
 * calling both would register the same classes twice). A module that exports neither, a
 * `register` that is not a function, or a `providers` that is not an array of classes or
 * objects is an import error (exit code 1) naming the module.
 *
 * `MODULE` is resolved from the current directory: absolute paths and `file:` URLs as they are,
 * `./` and `../` paths against the current directory, anything else as a package specifier
 * (`@oneiric-samples/quickstart/providers`) resolved like `require.resolve` from the current
 * directory. Modules are imported in the order given, each registered before the next is imported.
 *
 * @example
 * ```ts
 * // providers.ts: oneiric --import ./dist/providers.js list
 * import { Adapter } from '@oneiric/core';
 * import type { ProviderModule } from '@oneiric/cli';
 *
 * @Adapter('cache', 'memory', 100)
 * export class MemoryCache {}
 *
 * export const providers: ProviderModule['providers'] = [MemoryCache];
 * ```
 */
export interface ProviderModule {
  /** Registers providers on the CLI's application; may be async. Wins over `providers`. */
  readonly register?: (app: Oneiric) => void | Promise<void>;
  /** Decorated classes or candidate inputs to register. Ignored when `register` is exported. */
  readonly providers?: readonly Registrable[];
}
