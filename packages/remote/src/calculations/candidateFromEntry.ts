/** Maps a verified manifest entry onto the candidate Oneiric registers. */
import type { CandidateInput, ProviderFactory } from '@oneiric/core';
import type { ManifestEntry } from '../models/manifestEntry.js';

/**
 * What the sync knows about an entry beyond the manifest.
 * @category Calculations
 */
export interface EntryOrigin {
  /** Serial of the manifest that listed it. */
  readonly serial: number;
  /** Cached artifact path, when the entry has a `uri`. */
  readonly artifactPath?: string;
}

/**
 * A candidate with source `remote-manifest`: priority, stack level and capability names from
 * the entry; metadata = the entry's metadata plus `remoteUri`, `sha256`, `artifactPath`,
 * `version`, `manifestSerial`, `capabilityDescriptors` and every optional descriptive field under
 * its own name, with absent values left out.
 * @category Calculations
 */
export function candidateFromEntry(entry: ManifestEntry, factory: ProviderFactory, origin: EntryOrigin): CandidateInput {
  const capabilities = (entry.capabilities ?? []).map((capability) => (typeof capability === 'string' ? capability : capability.name));
  const descriptors = (entry.capabilities ?? []).filter((capability) => typeof capability !== 'string');
  const extra: Record<string, unknown> = {
    source: 'remote',
    remoteUri: entry.uri,
    sha256: entry.sha256?.toLowerCase(),
    artifactPath: origin.artifactPath,
    version: entry.version,
    manifestSerial: origin.serial,
    factory: entry.factory,
    capabilityDescriptors: descriptors.length > 0 ? descriptors : undefined,
    owner: entry.owner,
    sideEffectFree: entry.sideEffectFree,
    requiresSecrets: entry.requiresSecrets,
    timeoutSeconds: entry.timeoutSeconds,
    retryPolicy: entry.retryPolicy,
    requires: entry.requires,
    conflictsWith: entry.conflictsWith,
    license: entry.license,
    documentationUrl: entry.documentationUrl,
    topics: entry.eventTopics,
    maxConcurrency: entry.eventMaxConcurrency,
    filters: entry.eventFilters,
    eventPriority: entry.eventPriority,
    fanoutPolicy: entry.eventFanoutPolicy,
    dag: entry.dag,
  };
  // A plain loop: this runs once per entry of large manifests, where spreads and filters showed up in profiles.
  const metadata: Record<string, unknown> = {};
  for (const source of [entry.metadata ?? {}, extra]) {
    for (const name in source) {
      const value = source[name];
      if (value !== undefined && value !== null) {
        metadata[name] = value;
      }
    }
  }
  return {
    domain: entry.domain,
    key: entry.key,
    provider: entry.provider,
    source: 'remote-manifest',
    factory,
    capabilities,
    metadata,
    displayName: `${entry.domain}:${entry.key}/${entry.provider} (remote manifest)`,
    ...(entry.priority === undefined ? {} : { priority: entry.priority }),
    ...(entry.stackLevel === undefined ? {} : { stackLevel: entry.stackLevel }),
    ...(entry.description === undefined ? {} : { description: entry.description }),
  };
}
