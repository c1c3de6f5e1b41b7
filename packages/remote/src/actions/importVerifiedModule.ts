/** Imports the exact verified bytes of an artifact, or an allowlisted installed module resolved from the application root, under a time limit. */
import { TimeoutError, withTimeout } from '@oneiric/core';
import { digestMatches } from '../calculations/digestMatches.js';
import { RemoteError, RemoteErrorKind, type RemoteErrorContext } from '../errors/remoteError.js';
import { resolveFactoryModule } from './resolveFactoryModule.js';
import { messageOf } from '@oneiric/core/internal';

/**
 * Where the module comes from: the bytes of an artifact with their digest (imported as they are,
 * never read again from a path), or an installed module resolved from `root` (default
 * `process.cwd()`).
 * @category Keys and artifacts
 */
export type ModuleSource =
  | { readonly kind: 'artifact'; readonly bytes: Uint8Array; readonly sha256: string }
  | { readonly kind: 'module'; readonly specifier: string; readonly root?: string };

/**
 * Options of {@link importVerifiedModule}.
 * @category Keys and artifacts
 */
export interface ImportOptions {
  /** Time limit of the import (default 30 s); a module whose evaluation never settles fails with `timeout`. */
  readonly timeoutMs?: number;
}

/**
 * The module's namespace. An artifact's bytes are hashed here and then imported from a
 * `data:text/javascript;base64,` URL made of those same bytes, so nothing can change between
 * the check and the import (artifacts must therefore be self-contained: no relative or bare
 * imports other than Node built-ins). An installed module is resolved from the application root
 * and must resolve inside its own package (see `resolveFactoryModule`).
 * @throws RemoteError `digestMismatch`, `factoryResolutionRefused`, `timeout` or `artifactLoadFailed`
 * @category Keys and artifacts
 */
export async function importVerifiedModule(source: ModuleSource, context: RemoteErrorContext = {}, options: ImportOptions = {}): Promise<Readonly<Record<string, unknown>>> {
  let url: string;
  if (source.kind === 'artifact') {
    if (!digestMatches(source.bytes, source.sha256)) {
      throw new RemoteError(RemoteErrorKind.digestMismatch, `artifact of ${describe(context)} does not match its sha256`, context);
    }
    url = `data:text/javascript;base64,${Buffer.from(source.bytes).toString('base64')}`;
  } else {
    url = resolveFactoryModule(source.specifier, source.root, context);
  }
  const timeoutMs = options.timeoutMs ?? 30_000;
  try {
    return (await withTimeout(import(url), timeoutMs, `import of the module of ${describe(context)}`)) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof TimeoutError) {
      throw new RemoteError(RemoteErrorKind.timeout, `the module of ${describe(context)} did not finish loading within ${timeoutMs} ms`, context, error);
    }
    // Messages may quote the module URL: a data: URL is the whole artifact, so it is shortened.
    const detail = (messageOf(error)).replace(/data:text\/javascript;base64,[A-Za-z0-9+/=]*/g, 'data:<artifact>');
    throw new RemoteError(RemoteErrorKind.artifactLoadFailed, `could not import the module of ${describe(context)}: ${detail}`, context, error);
  }
}

function describe(context: RemoteErrorContext): string {
  return `${context.domain ?? '?'}:${context.key ?? '?'}/${context.provider ?? '?'}`;
}
