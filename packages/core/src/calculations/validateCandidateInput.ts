/** Checks a candidate before registration and returns its normalised fields. */
import { RegistrationError, RegistrationErrorKind } from '../errors/registrationError.js';
import type { Candidate } from '../models/candidate.js';
import type { CandidateInput } from '../models/candidateInput.js';
import { CANDIDATE_SOURCES } from '../models/candidateSource.js';
import { DOMAINS, isDomain } from '../models/domain.js';

/** Keys: a letter, digit or underscore, then also `.`, `:` and `-`; at most 128 characters. */
const KEY_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,127}$/;
/** Providers: a letter, digit or underscore, then also `.` and `-`; at most 64 characters. */
const PROVIDER_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;

/** True when `key` is a valid key name. */
export function isValidKey(key: unknown): key is string {
  return typeof key === 'string' && KEY_PATTERN.test(key) && !key.includes('..');
}

/** True when `provider` is a valid provider name. */
export function isValidProvider(provider: unknown): provider is string {
  return typeof provider === 'string' && PROVIDER_PATTERN.test(provider) && !provider.includes('..');
}

// Formats an offending value for a message without ever throwing (BigInt, cycles).
function show(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value);
  }
  try {
    return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
  } catch {
    return String(value);
  }
}

/** A candidate minus what the registry assigns (sequence, timestamp). */
export type ValidatedCandidate = Omit<Candidate, 'sequence' | 'registeredAt'>;

/**
 * Validates and normalises a candidate input.
 * @param input - what the caller registers
 * @param inferredPriority - priority to use when the input has none
 * @throws RegistrationError naming the class (or provider) and the bad value
 */
export function validateCandidateInput(input: CandidateInput, inferredPriority = 0): ValidatedCandidate {
  const name = input.displayName ?? `${String(input.domain)}:${String(input.key)}/${String(input.provider)}`;
  const fail = (kind: RegistrationErrorKind, problem: string): never => {
    throw new RegistrationError(kind, `${name}: ${problem}`, {
      className: name,
      domain: String(input.domain),
      key: String(input.key),
      provider: String(input.provider),
    });
  };
  if (!isDomain(input.domain)) {
    fail(RegistrationErrorKind.invalidDomain, `domain ${show(input.domain)} is not one of ${DOMAINS.join(', ')}`);
  }
  if (!isValidKey(input.key)) {
    fail(RegistrationErrorKind.invalidKey, `key ${show(input.key)} must be 1-128 characters of [A-Za-z0-9_.:-], not starting with a separator and without ".."`);
  }
  if (!isValidProvider(input.provider)) {
    fail(RegistrationErrorKind.invalidProvider, `provider ${show(input.provider)} must be 1-64 characters of [A-Za-z0-9_.-], not starting with a separator and without ".."`);
  }
  // The inferred (package) priority is checked too: it may come from a caller or the environment.
  const priority = input.priority ?? inferredPriority;
  if (!Number.isSafeInteger(priority)) {
    fail(RegistrationErrorKind.invalidPriority, `priority ${String(priority)} must be a safe integer`);
  }
  if (input.stackLevel !== undefined && !Number.isSafeInteger(input.stackLevel)) {
    fail(RegistrationErrorKind.invalidStackLevel, `stack level ${String(input.stackLevel)} must be a safe integer`);
  }
  const capabilities = checkedCapabilities(input.capabilities ?? [], fail);
  if (input.source !== undefined && !(CANDIDATE_SOURCES as readonly string[]).includes(input.source)) {
    fail(RegistrationErrorKind.invalidSource, `source ${show(input.source)} is not one of ${CANDIDATE_SOURCES.join(', ')}`);
  }
  if (!isFactory(input.factory)) {
    fail(RegistrationErrorKind.invalidFactory, 'factory must be a class or a function');
  }
  // Built field by field rather than with conditional spreads: spreads gave every result a
  // different hidden shape, and registering 1,000 manifest entries spent most of its time there.
  const validated: { -readonly [Field in keyof ValidatedCandidate]: ValidatedCandidate[Field] } = {
    domain: input.domain as Candidate['domain'],
    key: input.key,
    provider: input.provider,
    // `+ 0` turns -0 into 0, so explain's JSON round trip is exact.
    priority: priority + 0,
    stackLevel: (input.stackLevel ?? 0) + 0,
    capabilities,
    source: input.source ?? 'local',
    factory: input.factory,
    // A deep copy: later changes to the caller's metadata must not reach the stored candidate.
    metadata: structuredClone(input.metadata ?? {}),
  };
  if (input.settingsClass !== undefined) {
    validated.settingsClass = input.settingsClass;
  }
  if (input.description !== undefined) {
    validated.description = input.description;
  }
  if (input.packageName !== undefined) {
    validated.packageName = input.packageName;
  }
  return validated;
}

// Trimmed, de-duplicated and sorted, so two registrations of the same class compare equal.
function checkedCapabilities(given: readonly unknown[], fail: (kind: RegistrationErrorKind, problem: string) => never): string[] {
  const capabilities = new Set<string>();
  for (const capability of given) {
    if (typeof capability !== 'string' || capability.trim() === '') {
      fail(RegistrationErrorKind.invalidCapability, `capability ${show(capability)} must be a non-empty string`);
    }
    capabilities.add(capability.trim());
  }
  return [...capabilities].sort();
}

// Checked structurally: the input may come from a manifest or plain JavaScript, not only from typed code.
function isFactory(factory: unknown): boolean {
  return typeof factory === 'object' && factory !== null
    && (('kind' in factory && factory.kind === 'class' && 'target' in factory && typeof factory.target === 'function')
      || ('kind' in factory && factory.kind === 'function' && 'build' in factory && typeof factory.build === 'function'));
}
