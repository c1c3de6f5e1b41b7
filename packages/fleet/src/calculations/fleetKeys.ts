/** Names of the fleet bucket's keys, and the bucket's own name (pure: text in, text out). */
import { DOMAINS, type Domain } from '@oneiric/core';

/**
 * What a bucket key holds.
 * @category Calculations
 */
export type FleetKeyKind = 'selection' | 'activity' | 'rollout' | 'floor' | 'instance';

/**
 * A decoded bucket key.
 * @category Calculations
 */
export type ParsedFleetKey =
  | { readonly kind: 'selection' | 'activity' | 'rollout'; readonly domain: Domain; readonly key: string }
  | { readonly kind: 'floor' }
  | { readonly kind: 'instance'; readonly id: string };

/**
 * The key of the manifest anti-rollback floor.
 * @category Calculations
 */
export const FLOOR_KEY = 'manifest.floor';

// KV keys allow `[-/_=.a-zA-Z0-9]`, `.` separates tokens: everything else, and `.` and `=`
// themselves, is written `=XX` (hex of each UTF-8 byte), so any Oneiric key or host name fits.
const PLAIN = /^[A-Za-z0-9_-]$/;

/**
 * Encodes one segment of a bucket key (reversible, see {@link decodeSegment}).
 * @category Calculations
 */
export function encodeSegment(text: string): string {
  let encoded = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    encoded += PLAIN.test(char) ? char : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return encoded;
}

/**
 * Decodes a segment written by {@link encodeSegment}; undefined when it is not one.
 * @category Calculations
 */
export function decodeSegment(segment: string): string | undefined {
  if (!/^(?:[A-Za-z0-9_-]|=[0-9A-F]{2})+$/.test(segment)) {
    return undefined;
  }
  const bytes: number[] = [];
  for (let index = 0; index < segment.length; index += 1) {
    if (segment[index] === '=') {
      bytes.push(Number.parseInt(segment.slice(index + 1, index + 3), 16));
      index += 2;
    } else {
      bytes.push(segment.charCodeAt(index));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * `selection.<domain>.<key>`, `activity.<domain>.<key>` or `rollout.<domain>.<key>`.
 * @category Calculations
 */
export function keyRecordKey(kind: 'selection' | 'activity' | 'rollout', domain: Domain, key: string): string {
  return `${kind}.${domain}.${encodeSegment(key)}`;
}

/**
 * `instance.<id>`.
 * @category Calculations
 */
export function instanceKey(id: string): string {
  return `instance.${encodeSegment(id)}`;
}

/**
 * Whether a bucket key holds an instance record (`instance.<id>`), without decoding it.
 * @category Calculations
 */
export function isInstanceKey(name: string): boolean {
  return name.startsWith('instance.');
}

/**
 * Decodes a bucket key; undefined for a key this version does not write (left alone).
 * @category Calculations
 */
export function parseFleetKey(name: string): ParsedFleetKey | undefined {
  if (name === FLOOR_KEY) {
    return { kind: 'floor' };
  }
  const parts = name.split('.');
  if (parts[0] === 'instance' && parts.length === 2) {
    const id = decodeSegment(parts[1] ?? '');
    return id === undefined ? undefined : { kind: 'instance', id };
  }
  const [kind, domain, encodedKey] = parts;
  if (parts.length !== 3 || (kind !== 'selection' && kind !== 'activity' && kind !== 'rollout') || !(DOMAINS as readonly string[]).includes(domain ?? '')) {
    return undefined;
  }
  const key = decodeSegment(encodedKey ?? '');
  return key === undefined ? undefined : { kind, domain: domain as Domain, key };
}

/**
 * The default bucket of an application: `oneiric_<app name>`, with every character a bucket
 * name does not allow (`[A-Za-z0-9_-]`) replaced by `_`.
 * @category Calculations
 */
export function defaultBucketName(appName: string): string {
  return `oneiric_${appName.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/**
 * Whether `name` is a valid bucket name (`[A-Za-z0-9_-]+`).
 * @category Calculations
 */
export function isValidBucketName(name: string): boolean {
  return /^[A-Za-z0-9_-]{1,200}$/.test(name);
}
