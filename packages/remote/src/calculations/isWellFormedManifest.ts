/**
 * A fast structural check of parsed manifest data, run before the class-validator schema.
 *
 * Walking 1,000 entries through class-transformer and class-validator costs tens of
 * milliseconds; this check costs well under one. It is conservative: it answers true only for
 * data the schema (`RemoteManifest`, `ManifestEntry`, `ManifestSignature`) accepts, and false
 * for anything unusual — including what the schema would accept, such as `null` in an optional
 * field. False means "ask the schema", which then accepts or names the first bad field.
 */

/**
 * How one field's value is checked. In the tables below a trailing `?` marks a field optional
 * (absent, not null). `nonNegativeInt` is an integer from 0 to `Number.MAX_SAFE_INTEGER`.
 */
export type FieldRule =
  | 'string' | 'nonEmptyString' | 'int' | 'nonNegativeInt' | 'finiteNumber' | 'boolean' | 'object'
  | 'stringList' | 'objectList' | 'capabilityList' | 'ed25519';

/** One field's rule and whether it must be present. */
export interface FieldSpec {
  /** The check its value must pass. */
  readonly rule: FieldRule;
  /** Whether the field must be present. */
  readonly required: boolean;
}

/** The fields of one class of the schema. */
export interface ObjectRules {
  /** Rule of each field, by name. */
  readonly fields: ReadonlyMap<string, FieldSpec>;
  /** How many fields are required. */
  readonly requiredCount: number;
}

function fields(table: Readonly<Record<string, string>>): ObjectRules {
  const specs = new Map(Object.entries(table).map(([name, rule]) => [name, {
    rule: rule.replace('?', '') as FieldRule,
    required: !rule.endsWith('?'),
  }]));
  return { fields: specs, requiredCount: [...specs.values()].filter((spec) => spec.required).length };
}

/** The fields of `ManifestEntry`, as its decorators declare them. */
export const ENTRY_FIELD_RULES: ObjectRules = fields({
  domain: 'nonEmptyString', key: 'nonEmptyString', provider: 'nonEmptyString', factory: 'nonEmptyString',
  uri: 'string?', sha256: 'string?', priority: 'int?', stackLevel: 'int?', version: 'string?',
  capabilities: 'capabilityList?', metadata: 'object?', description: 'string?', owner: 'string?',
  sideEffectFree: 'boolean?', requiresSecrets: 'stringList?', timeoutSeconds: 'finiteNumber?',
  retryPolicy: 'object?', requires: 'stringList?', conflictsWith: 'stringList?', license: 'string?',
  documentationUrl: 'string?', eventTopics: 'stringList?', eventMaxConcurrency: 'int?',
  eventFilters: 'objectList?', eventPriority: 'int?', eventFanoutPolicy: 'string?', dag: 'object?',
});

/** The fields of `ManifestSignature`. */
export const SIGNATURE_FIELD_RULES: ObjectRules = fields({
  keyId: 'nonEmptyString?', algorithm: 'ed25519', signature: 'nonEmptyString',
});

/** The top-level fields of `RemoteManifest` other than the two lists, which are walked apart. */
export const MANIFEST_FIELD_RULES: ObjectRules = fields({
  source: 'string?', serial: 'nonNegativeInt', signedAt: 'string?', expiresAt: 'string?',
});

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function passes(rule: FieldRule, value: unknown): boolean {
  switch (rule) {
    case 'string':
      return typeof value === 'string';
    case 'nonEmptyString':
      return typeof value === 'string' && value !== '';
    case 'int':
      return Number.isInteger(value);
    case 'nonNegativeInt':
      // Bounded like `RemoteManifest.serial` (@Max): above it integers lose precision.
      return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= Number.MAX_SAFE_INTEGER;
    case 'finiteNumber':
      return Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'object':
      return isMapping(value);
    case 'stringList':
      return Array.isArray(value) && value.every((item) => typeof item === 'string');
    case 'objectList':
      return Array.isArray(value) && value.every(isMapping);
    case 'capabilityList':
      return Array.isArray(value) && value.every((item) => (typeof item === 'string' && item !== '')
        || (isMapping(item) && typeof item['name'] === 'string' && item['name'] !== ''));
    case 'ed25519':
      return value === 'ed25519';
  }
}

// Every own key known, every known field passing its rule, every required field present.
function conforms(value: unknown, rules: ObjectRules, skip?: ReadonlySet<string>): boolean {
  if (!isMapping(value) || Object.getPrototypeOf(value) !== Object.prototype) {
    return false;
  }
  let present = 0;
  for (const name in value) {
    if (!Object.hasOwn(value, name)) {
      return false;
    }
    if (skip?.has(name) === true) {
      continue;
    }
    const spec = rules.fields.get(name);
    if (spec === undefined || !passes(spec.rule, value[name])) {
      return false;
    }
    present += spec.required ? 1 : 0;
  }
  return present === rules.requiredCount;
}

const LISTS = new Set(['entries', 'signatures']);

/**
 * True only when `plain` certainly passes the manifest schema: the known fields with the right
 * types, the required ones present, nothing unknown at any checked level. False does not mean
 * invalid; it means the schema must decide.
 */
export function isWellFormedManifest(plain: unknown): plain is Record<string, unknown> {
  if (!conforms(plain, MANIFEST_FIELD_RULES, LISTS)) {
    return false;
  }
  const { entries, signatures } = plain as { entries?: unknown; signatures?: unknown };
  return Array.isArray(entries)
    && entries.every((entry) => conforms(entry, ENTRY_FIELD_RULES))
    && (signatures === undefined || (Array.isArray(signatures) && signatures.every((signature) => conforms(signature, SIGNATURE_FIELD_RULES))));
}
