/** Validates the runtime's own settings sections into {@link RuntimeSections}. */
import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { ConfigError, ConfigErrorKind } from '@oneiric/core';
import { RuntimeSections } from './runtimeSections.js';

/**
 * Builds {@link RuntimeSections} from `{ runtime?, plugins?, secrets?, fleet? }` (missing fields take
 * their defaults, unknown fields are errors).
 * @param plain - the sections as read from the settings file
 * @param origin - how errors name the source (a file path, `inline settings`)
 * @throws ConfigError `invalidField` naming `origin` and the dotted path of the first bad field
 * @category Configuration
 */
export function parseRuntimeSections(plain: Readonly<Record<string, unknown>>, origin: string): RuntimeSections {
  const sections = plainToInstance(RuntimeSections, {
    runtime: plain['runtime'] ?? {},
    plugins: plain['plugins'] ?? {},
    secrets: plain['secrets'] ?? {},
    fleet: plain['fleet'] ?? {},
  }, { exposeDefaultValues: true });
  const problem = firstProblem(validateSync(sections, { whitelist: true, forbidNonWhitelisted: true }), []);
  if (problem !== undefined) {
    throw new ConfigError(ConfigErrorKind.invalidField, `${origin}: ${problem.field}: ${problem.message}`, { file: origin, field: problem.field });
  }
  return sections;
}

// Depth first, so a nested field is named by its full path (`runtime.http.port`).
function firstProblem(errors: readonly ValidationError[], path: readonly string[]): { field: string; message: string } | undefined {
  for (const error of errors) {
    const here = [...path, error.property];
    const message = Object.values(error.constraints ?? {})[0];
    if (message !== undefined) {
      return { field: here.join('.'), message: message.replace(/^property \S+ /, '') };
    }
    const nested = firstProblem(error.children ?? [], here);
    if (nested !== undefined) {
      return nested;
    }
  }
  return undefined;
}
