// Imports one --import module and registers its providers according to the ProviderModule contract.
import { fileURLToPath } from 'node:url';
import { OneiricError, type Oneiric, type Registrable } from '@oneiric/core';
import { ModuleImportError } from './moduleImportError.js';
import type { ProviderModule } from './providerModule.js';
import { resolveModuleUrl } from './resolveModuleUrl.js';

/**
 * Resolves `specifier` from `cwd`, imports it, and registers what it provides on `app`
 * (see {@link ProviderModule}: `register(app)` if exported, else `providers`).
 * @throws ModuleImportError when the module cannot be found, throws while loading, or its
 *   `register` throws something other than an Oneiric error
 * @throws ModuleImportError `invalidModule` when the module breaks the contract
 * @throws OneiricError (for example `RegistrationError`) from registering its providers
 */
export async function importProviderModule(app: Oneiric, specifier: string, cwd: string): Promise<void> {
  const url = resolveModuleUrl(specifier, cwd);
  // Error context shows a path, as resolveModuleUrl's own errors do.
  const resolved = url.startsWith('file:') ? fileURLToPath(url) : url;
  let namespace: Record<string, unknown>;
  try {
    namespace = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    throw new ModuleImportError('moduleFailed', `cannot import ${specifier}: ${messageOf(error)}`, { module: specifier, resolved }, error);
  }
  const { register, providers } = namespace as { [K in keyof ProviderModule]?: unknown };
  if (register !== undefined) {
    if (typeof register !== 'function') {
      throw invalid(specifier, `its "register" export is a ${typeof register}, not a function`);
    }
    try {
      await (register as NonNullable<ProviderModule['register']>)(app);
    } catch (error) {
      // Oneiric errors already say what was wrong and keep their family for --json consumers.
      if (error instanceof OneiricError) {
        throw error;
      }
      throw new ModuleImportError('moduleFailed', `${specifier}: register(app) failed: ${messageOf(error)}`, { module: specifier, resolved }, error);
    }
    return;
  }
  if (providers !== undefined) {
    app.register(...checkProviders(specifier, providers));
    return;
  }
  throw invalid(specifier, 'it exports neither register(app) nor a providers array');
}

function checkProviders(specifier: string, providers: unknown): Registrable[] {
  if (!Array.isArray(providers)) {
    throw invalid(specifier, `its "providers" export is ${providers === null ? 'null' : `a ${typeof providers}`}, not an array`);
  }
  providers.forEach((entry: unknown, index) => {
    if (typeof entry !== 'function' && (typeof entry !== 'object' || entry === null)) {
      throw invalid(specifier, `providers[${index}] is ${entry === null ? 'null' : `a ${typeof entry}`}, not a class or candidate input`);
    }
  });
  return providers as Registrable[];
}

function invalid(specifier: string, why: string): ModuleImportError {
  return new ModuleImportError('invalidModule', `--import ${specifier}: ${why}`, { module: specifier });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
