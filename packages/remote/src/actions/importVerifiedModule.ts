/** Imports a verified artifact (re-hashed right before the import) or an allowlisted installed module. */
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { digestMatches } from '../calculations/digestMatches.js';
import { RemoteError, RemoteErrorKind, type RemoteErrorContext } from '../errors/remoteError.js';

/** Where the module comes from: a cached artifact file with its digest, or an installed module. */
export type ModuleSource =
  | { readonly kind: 'artifact'; readonly path: string; readonly sha256: string }
  | { readonly kind: 'module'; readonly specifier: string };

/**
 * The module's namespace. An artifact's bytes are hashed again right before the import, so a
 * file changed in the cache since its download is never run.
 * @throws RemoteError `digestMismatch` or `artifactLoadFailed`
 */
export async function importVerifiedModule(source: ModuleSource, context: RemoteErrorContext = {}): Promise<Readonly<Record<string, unknown>>> {
  let url: string;
  if (source.kind === 'artifact') {
    const bytes = new Uint8Array(await readFile(source.path));
    if (!digestMatches(bytes, source.sha256)) {
      throw new RemoteError(RemoteErrorKind.digestMismatch, `cached artifact ${source.path} no longer matches its sha256`, context);
    }
    url = pathToFileURL(source.path).href;
  } else {
    url = source.specifier;
  }
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (error) {
    throw new RemoteError(RemoteErrorKind.artifactLoadFailed, `could not import the module of ${describe(context)}: ${error instanceof Error ? error.message : String(error)}`, context, error);
  }
}

function describe(context: RemoteErrorContext): string {
  return `${context.domain ?? '?'}:${context.key ?? '?'}/${context.provider ?? '?'}`;
}
