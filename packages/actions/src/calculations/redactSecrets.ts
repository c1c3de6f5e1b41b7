/** Recursive redaction of secret-looking fields (a pure calculation shared by workflow.audit and debug.console). */

/**
 * The text that replaces a redacted value.
 * @category Calculations
 */
export const REDACTED = '[redacted]';
const MAX_DEPTH = 32;

// Substrings that mark a secret wherever they appear in a field name.
const SECRET_PART = /secret|token|passw(or)?d|passphrase|credential|authori[sz]ation|cookie|apikey|privatekey/i;

/**
 * Whether a field of this name is redacted (`extra` holds more names, compared case-insensitively).
 * @category Calculations
 */
export function isSecretName(name: string, extra: ReadonlySet<string>): boolean {
  if (SECRET_PART.test(name) || extra.has(name.toLowerCase())) {
    return true;
  }
  // `key` as a word of the name (api_key, apiKey, signing-key, key), not inside `monkey` or `keyboard`.
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().split(/[^a-z0-9]+/);
  return words.includes('key');
}

/**
 * A copy of `value` with every secret-looking field's value replaced by `[redacted]`, at any
 * depth (arrays included); deeper than 32 levels the rest is replaced too, so a crafted
 * structure cannot exhaust the stack or sneak a secret past the cut-off.
 * @category Calculations
 */
export function redactSecrets(value: unknown, extraFields: readonly string[] = [], depth = 0): unknown {
  const extra = new Set(extraFields.map((field) => field.toLowerCase()));
  return redact(value, extra, depth);
}

function redact(value: unknown, extra: ReadonlySet<string>, depth: number): unknown {
  if (typeof value !== 'object' || value === null) {
    return value;
  }
  if (depth >= MAX_DEPTH) {
    return REDACTED;
  }
  if (Array.isArray(value)) {
    return value.map((item) => redact(item, extra, depth + 1));
  }
  const out: Record<string, unknown> = {};
  for (const [field, item] of Object.entries(value)) {
    const cleaned = isSecretName(field, extra) ? REDACTED : redact(item, extra, depth + 1);
    Object.defineProperty(out, field, { value: cleaned, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
