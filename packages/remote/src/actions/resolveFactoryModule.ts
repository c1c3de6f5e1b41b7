/** Resolves an allowlisted factory module from the application root and checks it stays inside its package. */
import { createRequire } from 'node:module';
import { realpathSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isInsideDirectory } from '../calculations/isInsideDirectory.js';
import { RemoteError, RemoteErrorKind, type RemoteErrorContext } from '../errors/remoteError.js';

/**
 * The `file:` URL of the module `specifier` names, resolved from `root` (the application's
 * directory, not this package's), after checking that the resolved file (links followed) lies
 * inside the directory of the package the specifier names. Importing this URL, rather than the
 * specifier, means the module checked is the module run.
 * @param specifier - a specifier that passed `parseFactory` (`@acme/providers`, `opossum/lib/x.js`)
 * @param root - where resolution starts (default `process.cwd()`)
 * @throws RemoteError `artifactLoadFailed` when it does not resolve, `factoryResolutionRefused`
 *   when it resolves outside its package
 * @category Keys and artifacts
 */
export function resolveFactoryModule(specifier: string, root: string = process.cwd(), context: RemoteErrorContext = {}): string {
  const packageName = packageNameOf(specifier);
  const require = createRequire(join(resolve(root), '__oneiric_factory_resolution__.js'));
  let resolved: string;
  try {
    resolved = realpathSync(require.resolve(specifier));
  } catch (error) {
    throw new RemoteError(RemoteErrorKind.artifactLoadFailed, `factory module ${specifier} cannot be resolved from ${root}: ${error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error)}`, context, error);
  }
  const packageDirectory = findPackageDirectory(packageName, resolve(root));
  if (packageDirectory === undefined || !isInsideDirectory(packageDirectory, resolved)) {
    throw new RemoteError(RemoteErrorKind.factoryResolutionRefused, `factory module ${specifier} resolves to ${resolved}, outside the package ${packageName}`, context);
  }
  return pathToFileURL(resolved).href;
}

function packageNameOf(specifier: string): string {
  const segments = specifier.split('/');
  return specifier.startsWith('@') ? segments.slice(0, 2).join('/') : segments[0] ?? specifier;
}

// Node's lookup order: node_modules of the root, then of each parent directory.
function findPackageDirectory(packageName: string, root: string): string | undefined {
  for (let directory = root; ; directory = dirname(directory)) {
    const candidate = join(directory, 'node_modules', packageName);
    try {
      if (statSync(join(candidate, 'package.json')).isFile()) {
        return realpathSync(candidate);
      }
    } catch {
      // Not here: look one level up.
    }
    if (dirname(directory) === directory) {
      return undefined;
    }
  }
}
