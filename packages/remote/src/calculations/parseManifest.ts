/** Turns manifest text (JSON or YAML) into a schema-checked manifest, refusing it whole when the structure is wrong. */
import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import yaml from 'js-yaml';
import { RemoteError, RemoteErrorKind } from '../errors/remoteError.js';
import { ManifestEntry } from '../models/manifestEntry.js';
import { ManifestSignature } from '../models/manifestSignature.js';
import { RemoteManifest } from '../models/remoteManifest.js';
import { isWellFormedManifest } from './isWellFormedManifest.js';
import { messageOf } from '@oneiric/core/internal';

/**
 * A parsed manifest: the validated object and the plain data it came from (what was signed).
 * @category Calculations
 */
export interface ParsedManifest {
  /** The schema-checked manifest. */
  readonly manifest: RemoteManifest;
  /** The plain parsed data: signatures are verified over this, not over the class instance. */
  readonly plain: Readonly<Record<string, unknown>>;
}

/**
 * Limits of {@link parseManifest}.
 * @category Calculations
 */
export interface ParseManifestOptions {
  /** Largest text accepted, in UTF-8 bytes (default 5 MiB). */
  readonly maxBytes?: number;
  /** Deepest nesting of mappings and sequences accepted (default 64). */
  readonly maxDepth?: number;
}

/**
 * Default largest manifest, in bytes.
 * @category Calculations
 */
export const DEFAULT_MAX_MANIFEST_BYTES = 5 * 1024 * 1024;
/**
 * Default deepest nesting of a manifest.
 * @category Calculations
 */
export const DEFAULT_MAX_MANIFEST_DEPTH = 64;

/**
 * Parses JSON, else YAML (JSON schema only, so timestamps stay strings), and validates the
 * structure: required fields, types, no unknown fields at any level. Before any of that the
 * text's size is checked; JSON with a key repeated in one object is refused; YAML anchors and
 * aliases are refused (they let a small text expand exponentially); nesting is limited; keys named
 * like `Object.prototype` members (`__proto__`, `constructor`, `toString`, ...) are refused at any
 * level; so are values the signing payload (canonical JSON) cannot represent, anywhere, free-form
 * `metadata` included: non-finite numbers (JSON `1e400`, YAML `.inf`, `.nan`) and strings or keys
 * holding a lone surrogate (JSON `"\ud800"`). Ordinary
 * manifests pass a fast structural check (`isWellFormedManifest`); anything else is decided by the
 * class-validator schema, which also names the first bad field.
 * @throws RemoteError `manifestTooLarge`, `duplicateKey`, `yamlAliasRefused`, `manifestTooDeep`,
 *   or `invalidManifest` with `context.field` the dotted path of the first bad field (or reserved
 *   key, non-finite number, string with a lone surrogate; for a key with a lone surrogate, the
 *   path of the mapping holding it)
 * @category Calculations
 */
export function parseManifest(text: string, origin = 'manifest', options: ParseManifestOptions = {}): ParsedManifest {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_MANIFEST_BYTES;
  // Cheap bound first (a UTF-16 unit is at least one UTF-8 byte), then the exact count.
  if (text.length > maxBytes || Buffer.byteLength(text, 'utf8') > maxBytes) {
    throw new RemoteError(RemoteErrorKind.manifestTooLarge, `${origin}: larger than ${maxBytes} bytes`, { field: '' });
  }
  const plain = parseText(text, origin);
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_MANIFEST_DEPTH;
  checkShape(plain, maxDepth, origin, maySpellLoneSurrogate(text));
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    throw new RemoteError(RemoteErrorKind.invalidManifest, `${origin}: the top level must be a mapping`, { field: '' });
  }
  const record = plain as Record<string, unknown>;
  return { manifest: isWellFormedManifest(record) ? instantiate(record) : validateWithSchema(record, origin), plain: record };
}

// The fast path: data already known to pass the schema becomes class instances without the schema's walk.
function instantiate(plain: Record<string, unknown>): RemoteManifest {
  const { entries, signatures, ...rest } = plain as { entries: Record<string, unknown>[]; signatures?: Record<string, unknown>[] };
  return Object.assign(new RemoteManifest(), rest, {
    entries: entries.map((entry) => Object.assign(new ManifestEntry(), entry)),
    ...(signatures === undefined ? {} : { signatures: signatures.map((signature) => Object.assign(new ManifestSignature(), signature)) }),
  });
}

// The schema itself: what decides unusual data, and names the first bad field.
function validateWithSchema(plain: Record<string, unknown>, origin: string): RemoteManifest {
  let manifest: RemoteManifest;
  try {
    manifest = plainToInstance(RemoteManifest, plain);
  } catch (error) {
    // class-transformer throws on shapes it cannot map; that is a structural refusal too.
    throw new RemoteError(RemoteErrorKind.invalidManifest, `${origin}: the structure cannot be read: ${messageOf(error)}`, { field: '' }, error);
  }
  const errors = validateSync(manifest, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  const first = errors[0];
  if (first !== undefined) {
    const { path, message } = firstFailure(first, []);
    throw new RemoteError(RemoteErrorKind.invalidManifest, `${origin}: ${path.join('.')}: ${message}`, { field: path.join('.') });
  }
  return manifest;
}

class AliasFound extends Error {}

function parseText(text: string, origin: string): unknown {
  let json: unknown;
  let isJson = true;
  try {
    json = JSON.parse(text) as unknown;
  } catch {
    // Not JSON: YAML is the other accepted format.
    isJson = false;
  }
  if (isJson) {
    const duplicate = findDuplicateJsonKey(text);
    if (duplicate !== undefined) {
      throw new RemoteError(RemoteErrorKind.duplicateKey, `${origin}: the key ${JSON.stringify(duplicate)} appears twice in one object`, { field: duplicate });
    }
    return json;
  }
  try {
    return yaml.load(text, {
      schema: yaml.JSON_SCHEMA,
      // A generous parser limit against stack exhaustion; the real limit is checked afterwards.
      maxDepth: 1_000,
      // An anchor is stored right before its node closes, so the first close after it stops the
      // parse: no alias can ever be expanded.
      listener: (event: string, state: { anchorMap?: Record<string, unknown> }) => {
        if (event === 'close' && state.anchorMap !== undefined && Object.keys(state.anchorMap).length > 0) {
          throw new AliasFound();
        }
      },
    } as yaml.LoadOptions);
  } catch (error) {
    if (error instanceof AliasFound) {
      throw new RemoteError(RemoteErrorKind.yamlAliasRefused, `${origin}: YAML anchors and aliases are not accepted`, { field: '' });
    }
    throw new RemoteError(RemoteErrorKind.invalidManifest, `${origin}: neither JSON nor YAML`, { field: '' }, error);
  }
}

// Names of Object.prototype members (`__proto__`, `constructor`, `toString`, ...). As keys of
// manifest data they invite prototype pollution and make class-transformer throw or silently
// drop fields, so the same text could mean different things to different readers: refused.
const RESERVED_KEYS: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

// Lone surrogates are not Unicode text, and the signing payload (RFC 8785) cannot hold them.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Most strings hold no surrogate at all; this plain class test is far cheaper than the one above.
const ANY_SURROGATE = /[\uD800-\uDFFF]/;

function hasLoneSurrogate(text: string): boolean {
  return ANY_SURROGATE.test(text) && LONE_SURROGATE.test(text);
}

// A parsed string (value or key) can hold a surrogate only if the text holds one, or spells one
// with an escape (JSON `\uD800`; YAML `\uD800` or `\U0000D800`; YAML `\x` stops at 0xFF). Most
// manifests have neither, and then no string needs checking: two scans of the text instead of a
// test per string.
function maySpellLoneSurrogate(text: string): boolean {
  return ANY_SURROGATE.test(text) || text.includes('\\u') || text.includes('\\U');
}

// A leaf the signing payload (canonical JSON) cannot represent: JSON `1e400` and YAML `.inf`
// are Infinity, YAML `.nan` is NaN; a lone surrogate can come from a JSON `\ud800` escape.
function checkLeaf(value: unknown, path: string, origin: string, strings: boolean): void {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new RemoteError(RemoteErrorKind.invalidManifest, `${origin}: ${path}: ${String(value)} is not a finite number`, { field: path });
  }
  if (strings && typeof value === 'string' && hasLoneSurrogate(value)) {
    throw new RemoteError(RemoteErrorKind.invalidManifest, `${origin}: ${path}: the string holds a lone surrogate, which is not Unicode text`, { field: path });
  }
}

// Depth of nesting, no object reachable twice (what an alias that slipped through would give),
// no reserved key at any level, and only leaves canonical JSON can represent (finite numbers,
// strings and keys without lone surrogates), so signing-payload code never throws. Iterative: no
// stack to exhaust. Leaves are checked where they are met, never pushed. `strings`: whether
// strings and keys need the lone-surrogate test at all (see maySpellLoneSurrogate).
function checkShape(root: unknown, maxDepth: number, origin: string, strings: boolean): void {
  if (typeof root !== 'object' || root === null) {
    checkLeaf(root, '', origin, strings);
    return;
  }
  const seen = new Set<object>();
  const stack: { value: object; depth: number; path: string }[] = [{ value: root, depth: 1, path: '' }];
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop() as { value: object; depth: number; path: string };
    if (depth > maxDepth) {
      throw new RemoteError(RemoteErrorKind.manifestTooDeep, `${origin}: nested deeper than ${maxDepth} levels`, { field: '' });
    }
    if (seen.has(value)) {
      throw new RemoteError(RemoteErrorKind.yamlAliasRefused, `${origin}: a node is shared (YAML alias); not accepted`, { field: '' });
    }
    seen.add(value);
    const isArray = Array.isArray(value);
    for (const key of Object.keys(value)) {
      if (strings && !isArray && hasLoneSurrogate(key)) {
        // The parent's path: a path holding the bad key could not be written out faithfully.
        throw new RemoteError(RemoteErrorKind.invalidManifest, `${origin}: ${path}: a key holds a lone surrogate, which is not Unicode text`, { field: path });
      }
      const field = path === '' ? key : `${path}.${key}`;
      if (!isArray && RESERVED_KEYS.has(key)) {
        throw new RemoteError(RemoteErrorKind.invalidManifest, `${origin}: ${field}: the key ${JSON.stringify(key)} is reserved (a member of Object.prototype) and not accepted`, { field });
      }
      const child = (value as Record<string, unknown>)[key];
      if (typeof child === 'object' && child !== null) {
        stack.push({ value: child, depth: depth + 1, path: field });
      } else {
        checkLeaf(child, field, origin, strings);
      }
    }
  }
}

/**
 * The first key repeated within one object of `text`, which must be valid JSON (checked by
 * `JSON.parse` before): `JSON.parse` silently keeps the last value, so a signer and a reader
 * could see different manifests. A minimal tokenizer: strings, and the brackets around them.
 * @category Calculations
 */
export function findDuplicateJsonKey(text: string): string | undefined {
  // One frame per open bracket: the keys of an object (undefined for an array) and whether a key comes next.
  const frames: { keys: Set<string> | undefined; expectKey: boolean }[] = [];
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (char === '"') {
      let end = index + 1;
      while (text[end] !== '"') {
        end += text[end] === '\\' ? 2 : 1;
      }
      const frame = frames[frames.length - 1];
      if (frame?.keys !== undefined && frame.expectKey) {
        const key = JSON.parse(text.slice(index, end + 1)) as string;
        if (frame.keys.has(key)) {
          return key;
        }
        frame.keys.add(key);
        frame.expectKey = false;
      }
      index = end;
    } else if (char === '{') {
      frames.push({ keys: new Set(), expectKey: true });
    } else if (char === '[') {
      frames.push({ keys: undefined, expectKey: false });
    } else if (char === '}' || char === ']') {
      frames.pop();
    } else if (char === ',') {
      const frame = frames[frames.length - 1];
      if (frame?.keys !== undefined) {
        frame.expectKey = true;
      }
    }
  }
  return undefined;
}

function firstFailure(error: ValidationError, parent: readonly string[]): { path: string[]; message: string } {
  const path = [...parent, error.property];
  const constraints = error.constraints === undefined ? [] : Object.values(error.constraints);
  if (constraints.length > 0) {
    return { path, message: constraints[0] ?? 'invalid' };
  }
  const child = error.children?.[0];
  return child === undefined ? { path, message: 'invalid' } : firstFailure(child, path);
}
