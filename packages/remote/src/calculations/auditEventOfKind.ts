/** Names the audit event of a refused manifest entry after the kind of its refusal. */
import { RemoteErrorKind } from '../errors/remoteError.js';

const ARTIFACT_KINDS: ReadonlySet<string> = new Set<string>([RemoteErrorKind.artifactLoadFailed, RemoteErrorKind.digestMismatch, RemoteErrorKind.fetchFailed, RemoteErrorKind.timeout,
  RemoteErrorKind.responseTooLarge, RemoteErrorKind.noCachedManifest, RemoteErrorKind.fileUriRefused, RemoteErrorKind.unsupportedUri]);

/** `path.refused`, `factory.refused`, `artifact.refused` or (anything else) `entry.refused`. */
export function auditEventOfKind(kind: string): string {
  if (kind === RemoteErrorKind.pathTraversal) {
    return 'path.refused';
  }
  if (kind === RemoteErrorKind.factoryRefused || kind === RemoteErrorKind.factoryResolutionRefused) {
    return 'factory.refused';
  }
  return ARTIFACT_KINDS.has(kind) ? 'artifact.refused' : 'entry.refused';
}
