/** Validates a provider's settings against its settings class before anything is built. */
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { LifecycleError, LifecycleErrorKind } from '../errors/lifecycleError.js';
import type { Candidate } from '../models/candidate.js';

function firstProblem(errors: readonly ValidationError[], prefix: string): { field: string; message: string } | undefined {
  for (const error of errors) {
    const field = prefix === '' ? error.property : `${prefix}.${error.property}`;
    const constraint = error.constraints === undefined ? undefined : Object.values(error.constraints)[0];
    if (constraint !== undefined) {
      return { field, message: constraint };
    }
    const nested = firstProblem(error.children ?? [], field);
    if (nested !== undefined) {
      return nested;
    }
  }
  return undefined;
}

/**
 * Turns the plain settings of a provider (from `<domain>s.provider_settings.<provider>`) into an
 * instance of its settings class and validates it; unknown fields are rejected.
 * @param settingsPath - dotted path of the settings in configuration, for messages
 * @throws LifecycleError `settingsInvalid` naming the key, provider and field path
 */
export function validateProviderSettings(candidate: Candidate, plain: unknown, settingsPath: string): object {
  const settingsClass = candidate.settingsClass;
  if (settingsClass === undefined) {
    return {};
  }
  const source = plain === undefined || plain === null ? {} : plain;
  const context = { domain: candidate.domain, key: candidate.key, provider: candidate.provider };
  if (typeof source !== 'object' || Array.isArray(source)) {
    throw new LifecycleError(LifecycleErrorKind.settingsInvalid, `${candidate.domain}:${candidate.key} (${candidate.provider}): ${settingsPath} must be a mapping`, { ...context, field: settingsPath });
  }
  const instance = plainToInstance(settingsClass, source) as object;
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  const problem = firstProblem(errors, settingsPath);
  if (problem !== undefined) {
    throw new LifecycleError(
      LifecycleErrorKind.settingsInvalid,
      `${candidate.domain}:${candidate.key} (${candidate.provider}): ${problem.field}: ${problem.message}`,
      { ...context, field: problem.field },
    );
  }
  return instance;
}
