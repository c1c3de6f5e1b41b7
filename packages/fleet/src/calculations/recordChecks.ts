/** Small shape checks shared by the record decoders (pure). */
import { isDomain } from '@oneiric/core';
import { hasUnsafeCharacters, MAX_TEXT_LENGTH } from './safeText.js';

/** A plain object read from JSON. */
export type Plain = Readonly<Record<string, unknown>>;

/** Thrown by the checks, caught by the decoder, which turns it into a reported problem. */
export class RecordShapeError extends Error {}

/** The value as a plain object, or a shape error naming `what`. */
export function plainOf(value: unknown, what: string): Plain {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RecordShapeError(`${what} is not an object`);
  }
  return value as Plain;
}

// Bucket text reaches terminals (`fleet status`, rollout decisions): bounded, no control characters.
function checkSafe(value: string, field: string, max: number): string {
  if (value.length > max) {
    throw new RecordShapeError(`${field} is longer than ${max} characters`);
  }
  if (hasUnsafeCharacters(value)) {
    throw new RecordShapeError(`${field} holds control characters`);
  }
  return value;
}

/** A non-empty string field of at most `max` characters, without control characters. */
export function text(record: Plain, field: string, max: number = MAX_TEXT_LENGTH): string {
  const value = record[field];
  if (typeof value !== 'string' || value === '') {
    throw new RecordShapeError(`${field} is not a non-empty string`);
  }
  return checkSafe(value, field, max);
}

/** A string field (at most `max` characters, without control characters) or null. */
export function textOrNull(record: Plain, field: string, max: number = MAX_TEXT_LENGTH): string | null {
  const value = record[field];
  if (value === null || value === undefined) {
    return null;
  }
  if (typeof value !== 'string') {
    throw new RecordShapeError(`${field} is not a string or null`);
  }
  return checkSafe(value, field, max);
}

/** A finite number field within bounds. */
export function numberIn(record: Plain, field: string, min: number, max: number): number {
  const value = record[field];
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new RecordShapeError(`${field} is not a number in [${min}, ${max}]`);
  }
  return value;
}

/** A number field within bounds, or null. */
export function numberOrNull(record: Plain, field: string, min: number, max: number): number | null {
  return record[field] === null || record[field] === undefined ? null : numberIn(record, field, min, max);
}

/** A boolean field. */
export function flag(record: Plain, field: string): boolean {
  const value = record[field];
  if (typeof value !== 'boolean') {
    throw new RecordShapeError(`${field} is not a boolean`);
  }
  return value;
}

/** One of the listed strings. */
export function oneOf<T extends string>(record: Plain, field: string, allowed: readonly T[]): T {
  const value = record[field];
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new RecordShapeError(`${field} is not one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/** An array of strings, each like {@link text} allows. */
export function texts(record: Plain, field: string, max: number = MAX_TEXT_LENGTH): string[] {
  const value = record[field];
  if (!Array.isArray(value) || value.some((entry) => typeof entry !== 'string')) {
    throw new RecordShapeError(`${field} is not a list of strings`);
  }
  return (value as string[]).map((entry) => checkSafe(entry, field, max));
}

/** The record's format version must be 1. */
export function checkVersion(record: Plain): void {
  if (record['v'] !== 1) {
    throw new RecordShapeError(`format version ${JSON.stringify(record['v'])} is not 1`);
  }
}

/** The `domain` field, a known domain. */
export function domainOf(record: Plain): import('@oneiric/core').Domain {
  const value = record['domain'];
  if (typeof value !== 'string' || !isDomain(value)) {
    throw new RecordShapeError('domain is not a known domain');
  }
  return value;
}
