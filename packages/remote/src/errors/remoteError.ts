/** Errors raised while fetching, verifying, caching and loading remote manifests. */
import { OneiricError, type OneiricErrorContext } from '@oneiric/core';

/**
 * Why a remote manifest, entry or artifact was refused; callers branch on this, not on text.
 * @category Errors
 */
export enum RemoteErrorKind {
  /** The manifest is not valid JSON/YAML or breaks the schema; `context.field` names the path. */
  invalidManifest = 'invalidManifest',
  /** The manifest carries no signature but signatures are required. */
  unsigned = 'unsigned',
  /** A signature names an algorithm other than ed25519. */
  unsupportedAlgorithm = 'unsupportedAlgorithm',
  /** No trusted key is configured, or every signature names a key id that is not trusted. */
  untrustedKey = 'untrustedKey',
  /** A signature by a trusted key does not match the manifest (it was altered). */
  signatureInvalid = 'signatureInvalid',
  /** Valid signatures exist but come from fewer distinct trusted keys than the threshold. */
  thresholdNotMet = 'thresholdNotMet',
  /** `expiresAt` is in the past. */
  expired = 'expired',
  /** `signedAt` is older than the maximum age. */
  tooOld = 'tooOld',
  /** A timestamp required by the settings is missing, or a timestamp is unreadable. */
  missingTimestamp = 'missingTimestamp',
  /** The serial is lower than the last accepted one, or reused for different content. */
  rollback = 'rollback',
  /** An artifact's bytes do not hash to the entry's sha256. */
  digestMismatch = 'digestMismatch',
  /** A path or URI tries to leave its directory, or is otherwise unsafe. */
  pathTraversal = 'pathTraversal',
  /** A factory names a module outside the allowlist or a blocked Node built-in. */
  factoryRefused = 'factoryRefused',
  /** `file:` manifests or artifacts are disabled, or outside the allowed roots. */
  fileUriRefused = 'fileUriRefused',
  /** The URI scheme is not http, https or file. */
  unsupportedUri = 'unsupportedUri',
  /** The remote answered with an error status or could not be reached. */
  fetchFailed = 'fetchFailed',
  /** The remote did not answer in time. */
  timeout = 'timeout',
  /** The circuit breaker of the manifest URL is open: no request was made. */
  circuitOpen = 'circuitOpen',
  /** A fetch was asked for sooner than the minimum interval after the previous one. */
  rateLimited = 'rateLimited',
  /** The artifact could not be imported, or lacks the export the factory names. */
  artifactLoadFailed = 'artifactLoadFailed',
  /** No cached manifest to start from while the remote is unreachable. */
  noCachedManifest = 'noCachedManifest',
  /** A key file is missing, unreadable or malformed. */
  invalidKey = 'invalidKey',
  /** Remote settings are invalid or incomplete (no manifest URL). */
  invalidSettings = 'invalidSettings',
  /** The manifest text is larger than `max_manifest_bytes`. */
  manifestTooLarge = 'manifestTooLarge',
  /** The manifest nests deeper than the limit (64 levels). */
  manifestTooDeep = 'manifestTooDeep',
  /** A YAML manifest uses anchors or aliases (refused: they allow exponential expansion). */
  yamlAliasRefused = 'yamlAliasRefused',
  /** A JSON manifest repeats a key in one object (the signed meaning would be ambiguous). */
  duplicateKey = 'duplicateKey',
  /**
   * More than 16 signatures (`MAX_SIGNATURES`), or signatures that would need more than 16
   * verifications (`MAX_SIGNATURE_CHECKS`; one without `keyId` is tried against every trusted
   * key): refused before any signature is checked.
   */
  tooManySignatures = 'tooManySignatures',
  /** Two signatures name the same key id: refused before any signature is checked. */
  duplicateSignature = 'duplicateSignature',
  /** `signedAt` lies further in the future than the allowed clock skew. */
  signedInFuture = 'signedInFuture',
  /** A response (or `file:` resource) is larger than its limit, or a `file:` path is not a regular file. */
  responseTooLarge = 'responseTooLarge',
  /** A manifest factory's module resolves outside its allowlisted package. */
  factoryResolutionRefused = 'factoryResolutionRefused',
  /** The cache directory is a symbolic link or writable by group or others. */
  unsafeCacheDirectory = 'unsafeCacheDirectory',
  /** The anti-rollback state exists but cannot be read or parsed: manifests are refused until it is fixed. */
  rollbackStateUnreadable = 'rollbackStateUnreadable',
}

/**
 * Extra context of a remote error: never holds secrets (no auth header, no private key).
 * @category Errors
 */
export interface RemoteErrorContext extends OneiricErrorContext {
  /** The manifest or artifact URI involved, redacted by `redactUri` (no user-info; query and fragment values masked). */
  readonly uri?: string;
}

/**
 * A refusal or failure of the remote manifest pipeline, with the reason in `kind`.
 * @category Errors
 */
export class RemoteError extends OneiricError {
  /** Always `RemoteError`. */
  public readonly family = 'RemoteError';

  /**
   * @param kind - why it was refused
   * @param message - one line saying why
   * @param context - domain, key, provider, field, uri when known
   * @param cause - the underlying error
   */
  public constructor(
    public readonly kind: RemoteErrorKind,
    message: string,
    context: RemoteErrorContext = {},
    cause?: unknown,
  ) {
    super(message, context, { cause });
  }
}
