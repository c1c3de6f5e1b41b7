/** Turns the export a manifest entry names into the provider factory Oneiric registers. */
import type { ProviderFactory } from '@oneiric/core';
import { RemoteError, RemoteErrorKind, type RemoteErrorContext } from '../errors/remoteError.js';

/**
 * A factory building `namespace[exportName]`: a class is instantiated with `new` (no
 * constructor arguments), any other function is called with Inversify's resolution context.
 * @throws RemoteError `artifactLoadFailed` when the export is missing or not a function
 * @category Calculations
 */
export function factoryFromExport(namespace: Readonly<Record<string, unknown>>, exportName: string, context: RemoteErrorContext = {}): ProviderFactory {
  const exported = namespace[exportName];
  if (typeof exported !== 'function') {
    throw new RemoteError(RemoteErrorKind.artifactLoadFailed, `the module has no function or class export named ${exportName}`, context);
  }
  if (/^class[\s{]/.test(Function.prototype.toString.call(exported))) {
    const target = exported as new () => unknown;
    return { kind: 'function', build: () => new target() };
  }
  const build = exported as (context: unknown) => unknown;
  return { kind: 'function', build: (resolutionContext) => build(resolutionContext) };
}
