/**
 * `@oneiric/remote`: signed remote manifests for Oneiric. Manifests are verified (ED25519
 * signatures over the RFC 8785 canonical form, a threshold of distinct trusted keys, expiry,
 * maximum age, anti-rollback serial), their artifacts downloaded, digest-checked and imported,
 * and their entries registered as `remote-manifest` candidates; removed entries are retracted.
 * @packageDocumentation
 */
import 'reflect-metadata';

export { generateKeyFiles, type GeneratedKeyFiles } from './actions/generateKeyFiles.js';
export { fetchResource, type FetchResourceOptions } from './actions/fetchResource.js';
export { importVerifiedModule, type ImportOptions, type ModuleSource } from './actions/importVerifiedModule.js';
export { readKeyFile } from './actions/readKeyFile.js';
export { resolveFactoryModule } from './actions/resolveFactoryModule.js';

export { artifactFileName } from './calculations/artifactFileName.js';
export { candidateFromEntry, type EntryOrigin } from './calculations/candidateFromEntry.js';
export { canonicalJson } from './calculations/canonicalJson.js';
export { checkManifestTimes, DEFAULT_CLOCK_SKEW_MS } from './calculations/checkManifestTimes.js';
export { checkSerial, type AcceptedSerial } from './calculations/checkSerial.js';
export { countTrustedSigners, type SignerCount } from './calculations/countTrustedSigners.js';
export { decodeBase64Strict } from './calculations/decodeBase64Strict.js';
export { digestMatches } from './calculations/digestMatches.js';
export { entryId } from './calculations/entryId.js';
export { factoryFromExport } from './calculations/factoryFromExport.js';
export { findUnsafeUri } from './calculations/findUnsafeUri.js';
export { isInsideDirectory } from './calculations/isInsideDirectory.js';
export { isNodeBuiltin } from './calculations/isNodeBuiltin.js';
export { isSha256Hex } from './calculations/isSha256Hex.js';
export { keyIdOf } from './calculations/keyIdOf.js';
export { parseDuration } from './calculations/parseDuration.js';
export { parseFactory, type FactoryCheck, type FactoryReference } from './calculations/parseFactory.js';
export { DEFAULT_MAX_MANIFEST_BYTES, DEFAULT_MAX_MANIFEST_DEPTH, findDuplicateJsonKey, parseManifest, type ParsedManifest, type ParseManifestOptions } from './calculations/parseManifest.js';
export { parseTimestamp } from './calculations/parseTimestamp.js';
export { parseTrustedKeys } from './calculations/parseTrustedKeys.js';
export { planSync, type PlannedEntry, type SyncPlan } from './calculations/planSync.js';
export { redactUri } from './calculations/redactUri.js';
export { sanitiseFileName } from './calculations/sanitiseFileName.js';
export { sha256Hex } from './calculations/sha256Hex.js';
export { signingPayload, SIGNATURE_FIELDS } from './calculations/signingPayload.js';
export { signManifest, type SignManifestOptions } from './calculations/signManifest.js';
export { validateEntry, type EntryCheck } from './calculations/validateEntry.js';
export { MAX_SIGNATURE_CHECKS, MAX_SIGNATURES, verifyManifest } from './calculations/verifyManifest.js';

export { parseRemoteSettings } from './config/parseRemoteSettings.js';
export { RemoteSettings } from './config/remoteSettings.js';

export { RemoteError, RemoteErrorKind, type RemoteErrorContext } from './errors/remoteError.js';

export { createAuditLogger, type CreateAuditLoggerOptions } from './logging/createAuditLogger.js';

export type { ArtifactProgress } from './models/artifactProgress.js';
export type { CapabilityDescriptor } from './models/capabilityDescriptor.js';
export { IsCapabilityList } from './models/isCapabilityList.js';
export { ManifestEntry } from './models/manifestEntry.js';
export { ManifestSignature } from './models/manifestSignature.js';
export { RemoteManifest } from './models/remoteManifest.js';
export type { RemoteStatus } from './models/remoteStatus.js';
export type { SkippedEntry, SyncResult } from './models/syncResult.js';
export type { TrustedKey } from './models/trustedKey.js';
export type { VerificationPolicy } from './models/verificationPolicy.js';
export type { VerifiedManifest } from './models/verifiedManifest.js';

export { RemoteCache, REMOTE_STATUS_FILE_NAME, type CachedManifest } from './services/remoteCache.js';
export { RemoteSync, type RemoteSyncOptions } from './services/remoteSync.js';
export { RemoteMeters, REMOTE_METER_NAME, type SyncMeasurement } from './telemetry/remoteMeters.js';
