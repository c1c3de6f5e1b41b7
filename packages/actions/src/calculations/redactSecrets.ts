/** Recursive redaction of secret-looking fields (a pure calculation shared by workflow.audit and debug.console). */

/** The text that replaces a redacted value. */
export const REDACTED = '[redacted]';
const MAX_DEPTH = 32;

// secret, token, password, credential, authorization anywhere in the name; key as a word (api_key, apiKey, key, privateKey), not inside `monkey`.
const SECRET_NAME = /secret|token|passw(or)?d|credential|authori[sz]ation|cookie|(^|[^a-z])key$|[a-z]Key$|_key(_|$)|^key/i;

/** Whether a field of this name is redacted (`extra` holds more names, compared case-insensitively). */
export function isSecretName(name: string, extra: ReadonlySet<string>): boolean {
  return SECRET_NAME.test(name) || extra.has(name.toLowerCase());
}

/**
 * A copy of `value` with every secret-looking field's value replaced by `[redacted]`, at any
 * depth (arrays included); deeper than 32 levels the rest is replaced too, so a crafted
 * structure cannot exhaust the stack or sneak a secret past the cut-off.
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
