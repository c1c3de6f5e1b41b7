/** RFC 8785 JSON Canonicalization Scheme: one byte-exact text for a JSON value, so signatures are reproducible. */

/**
 * Serialises a JSON value in the RFC 8785 canonical form: no whitespace, object members sorted
 * by the UTF-16 code units of their names, numbers in the ECMAScript shortest round-trip form
 * (`Number.prototype.toString`, with `-0` written `0`), strings escaped as ECMAScript's
 * `JSON.stringify` does. Properties whose value is `undefined` are left out, as a JSON text
 * cannot hold them.
 * @throws TypeError for values JSON cannot represent: non-finite numbers, lone surrogates,
 *   bigint, functions, symbols, `undefined` at the top or inside arrays
 * @example
 * ```ts
 * canonicalJson({ b: [1.50, true], a: 'x' }); // '{"a":"x","b":[1.5,true]}'
 * ```
 * @category Calculations
 */
export function canonicalJson(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return canonicalNumber(value);
    case 'string':
      return canonicalString(value);
    case 'object':
      return Array.isArray(value) ? canonicalArray(value) : canonicalObject(value as Record<string, unknown>);
    default:
      throw new TypeError(`canonical JSON cannot represent a ${typeof value}`);
  }
}

function canonicalNumber(value: number): string {
  if (!Number.isFinite(value)) {
    throw new TypeError(`canonical JSON cannot represent ${String(value)}`);
  }
  // RFC 8785 section 3.2.2.3 is exactly ECMAScript's Number serialisation; JSON.stringify writes -0 as 0.
  return JSON.stringify(value);
}

// Lone surrogates are not Unicode text: RFC 8785 requires refusing them rather than escaping them.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Most strings hold no surrogate at all; this plain class test is far cheaper than the one above.
const ANY_SURROGATE = /[\uD800-\uDFFF]/;

function canonicalString(value: string): string {
  if (ANY_SURROGATE.test(value) && LONE_SURROGATE.test(value)) {
    throw new TypeError('canonical JSON cannot represent a string with a lone surrogate');
  }
  return JSON.stringify(value);
}

// Plain loops and string concatenation: this runs over every value of a 1,000-entry manifest on each sync.
function canonicalArray(values: readonly unknown[]): string {
  let text = '[';
  for (let index = 0; index < values.length; index += 1) {
    const item = values[index];
    if (item === undefined) {
      throw new TypeError('canonical JSON cannot represent undefined inside an array');
    }
    text += index === 0 ? canonicalJson(item) : `,${canonicalJson(item)}`;
  }
  return `${text}]`;
}

function canonicalObject(object: Record<string, unknown>): string {
  // The default sort compares UTF-16 code units, which is the order RFC 8785 section 3.2.3 asks for.
  const names = Object.keys(object).sort();
  let text = '{';
  for (const name of names) {
    const value = object[name];
    if (value !== undefined) {
      text += `${text.length === 1 ? '' : ','}${canonicalString(name)}:${canonicalJson(value)}`;
    }
  }
  return `${text}}`;
}
