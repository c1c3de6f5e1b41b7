/** Tells which refusals made while parsing a manifest are signature decisions, to audit them as such. */
import { RemoteErrorKind, type RemoteError } from '../errors/remoteError.js';

const SIGNATURE_KINDS: ReadonlySet<string> = new Set<string>([RemoteErrorKind.unsupportedAlgorithm, RemoteErrorKind.unsigned, RemoteErrorKind.tooManySignatures, RemoteErrorKind.duplicateSignature]);

/**
 * Whether a refusal while parsing is about the signatures: a signature kind, or a field under
 * `signatures` (or the legacy top-level `signature`).
 */
export function isSignatureRefusal(error: RemoteError): boolean {
  if (SIGNATURE_KINDS.has(error.kind)) {
    return true;
  }
  const field = error.context.field ?? '';
  return /^signatures?(\.|$)/.test(field);
}
