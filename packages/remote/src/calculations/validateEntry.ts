/** Decides whether one manifest entry may be used; a refused entry is skipped, not the whole manifest. */
import { isDomain } from '@oneiric/core';
import { isValidKey, isValidProvider } from '@oneiric/core/internal';
import { RemoteErrorKind } from '../errors/remoteError.js';
import type { ManifestEntry } from '../models/manifestEntry.js';
import { isSha256Hex } from './isSha256Hex.js';
import { findUnsafeUri } from './findUnsafeUri.js';
import { parseFactory, type FactoryReference } from './parseFactory.js';

const FANOUT_POLICIES: ReadonlySet<unknown> = new Set(['broadcast', 'exclusive']);

/**
 * The outcome for one entry.
 * @category Calculations
 */
export type EntryCheck =
  | { readonly ok: true; readonly factory: FactoryReference }
  | { readonly ok: false; readonly kind: RemoteErrorKind | 'invalidEntry'; readonly reason: string };

/**
 * Checks domain, key and provider format, priority in [-1000, 1000], stack level in
 * [-100, 100], a non-empty `version`, `timeoutSeconds` positive and finite, the event fields
 * (`eventFanoutPolicy` `broadcast` or `exclusive`, `eventMaxConcurrency` a positive integer,
 * `eventPriority` an integer in [-1000, 1000]), the factory (allowlist, blocked built-ins) and
 * the artifact URI (no traversal, a well-formed sha256 required).
 * @category Calculations
 */
export function validateEntry(entry: ManifestEntry, factoryAllowlist: readonly string[]): EntryCheck {
  const refuse = (kind: RemoteErrorKind | 'invalidEntry', reason: string): EntryCheck => ({ ok: false, kind, reason });
  if (!isDomain(entry.domain)) {
    return refuse('invalidEntry', `unknown domain ${entry.domain}`);
  }
  if (!isValidKey(entry.key) || entry.key.includes('..')) {
    return refuse('invalidEntry', `invalid key ${entry.key}`);
  }
  if (!isValidProvider(entry.provider) || entry.provider.includes('..')) {
    return refuse('invalidEntry', `invalid provider ${entry.provider}`);
  }
  if (entry.priority !== undefined && Math.abs(entry.priority) > 1000) {
    return refuse('invalidEntry', `priority ${entry.priority} is outside [-1000, 1000]`);
  }
  if (entry.stackLevel !== undefined && Math.abs(entry.stackLevel) > 100) {
    return refuse('invalidEntry', `stackLevel ${entry.stackLevel} is outside [-100, 100]`);
  }
  if (entry.version !== undefined && (typeof entry.version !== 'string' || entry.version.trim() === '')) {
    return refuse('invalidEntry', 'version must not be empty');
  }
  if (entry.timeoutSeconds !== undefined && !(typeof entry.timeoutSeconds === 'number' && Number.isFinite(entry.timeoutSeconds) && entry.timeoutSeconds > 0)) {
    return refuse('invalidEntry', `timeoutSeconds ${String(entry.timeoutSeconds)} must be a finite number above 0`);
  }
  if (entry.eventFanoutPolicy !== undefined && !FANOUT_POLICIES.has(entry.eventFanoutPolicy)) {
    return refuse('invalidEntry', `eventFanoutPolicy ${JSON.stringify(entry.eventFanoutPolicy)} must be broadcast or exclusive`);
  }
  if (entry.eventMaxConcurrency !== undefined && !(Number.isInteger(entry.eventMaxConcurrency) && entry.eventMaxConcurrency >= 1)) {
    return refuse('invalidEntry', `eventMaxConcurrency ${String(entry.eventMaxConcurrency)} must be a positive integer`);
  }
  if (entry.eventPriority !== undefined && !(Number.isInteger(entry.eventPriority) && Math.abs(entry.eventPriority) <= 1000)) {
    return refuse('invalidEntry', `eventPriority ${String(entry.eventPriority)} must be an integer in [-1000, 1000]`);
  }
  if (entry.uri !== undefined) {
    const unsafe = findUnsafeUri(entry.uri);
    if (unsafe !== undefined) {
      return refuse(RemoteErrorKind.pathTraversal, `uri refused: ${unsafe}`);
    }
    if (entry.sha256 === undefined || !isSha256Hex(entry.sha256)) {
      return refuse('invalidEntry', 'an entry with a uri needs a sha256 of 64 hex digits');
    }
  }
  const factory = parseFactory(entry.factory, factoryAllowlist);
  if (!factory.ok) {
    return refuse(RemoteErrorKind.factoryRefused, factory.reason);
  }
  return { ok: true, factory: factory.reference };
}
