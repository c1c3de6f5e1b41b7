/** Turns manifest text (JSON or YAML) into a schema-checked manifest, refusing it whole when the structure is wrong. */
import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import yaml from 'js-yaml';
import { RemoteError, RemoteErrorKind } from '../errors/remoteError.js';
import { RemoteManifest } from '../models/remoteManifest.js';

/** A parsed manifest: the validated object and the plain data it came from (what was signed). */
export interface ParsedManifest {
  /** The schema-checked manifest. */
  readonly manifest: RemoteManifest;
  /** The plain parsed data: signatures are verified over this, not over the class instance. */
  readonly plain: Readonly<Record<string, unknown>>;
}

/**
 * Parses JSON, else YAML (core schema only, so timestamps stay strings), and validates the
 * structure: required fields, types, no unknown fields at any level.
 * @throws RemoteError `invalidManifest` with `context.field` the dotted path of the first bad field
 */
export function parseManifest(text: string, origin = 'manifest'): ParsedManifest {
  const plain = parseText(text, origin);
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    throw new RemoteError(RemoteErrorKind.invalidManifest, `${origin}: the top level must be a mapping`, { field: '' });
  }
  const manifest = plainToInstance(RemoteManifest, plain);
  const errors = validateSync(manifest, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  const first = errors[0];
  if (first !== undefined) {
    const { path, message } = firstFailure(first, []);
    throw new RemoteError(RemoteErrorKind.invalidManifest, `${origin}: ${path.join('.')}: ${message}`, { field: path.join('.') });
  }
  return { manifest, plain: plain as Record<string, unknown> };
}

function parseText(text: string, origin: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Not JSON: YAML is the other accepted format.
  }
  try {
    return yaml.load(text, { schema: yaml.JSON_SCHEMA });
  } catch (error) {
    throw new RemoteError(RemoteErrorKind.invalidManifest, `${origin}: neither JSON nor YAML`, { field: '' }, error);
  }
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
