// Tests of isSignatureRefusal: which parse refusals are audited as signature decisions.
import { RemoteError, RemoteErrorKind } from '../errors/remoteError.js';
import { isSignatureRefusal } from './isSignatureRefusal.js';

describe('isSignatureRefusal', () => {
  it('recognises the signature kinds', () => {
    for (const kind of [RemoteErrorKind.unsupportedAlgorithm, RemoteErrorKind.unsigned, RemoteErrorKind.tooManySignatures, RemoteErrorKind.duplicateSignature]) {
      expect(isSignatureRefusal(new RemoteError(kind, 'x'))).toBe(true);
    }
  });

  it('recognises a schema refusal of a field under signatures or the legacy signature field', () => {
    expect(isSignatureRefusal(new RemoteError(RemoteErrorKind.invalidManifest, 'x', { field: 'signatures.0.keyId' }))).toBe(true);
    expect(isSignatureRefusal(new RemoteError(RemoteErrorKind.invalidManifest, 'x', { field: 'signature' }))).toBe(true);
  });

  it('leaves other refusals alone, including a field that only starts like it', () => {
    expect(isSignatureRefusal(new RemoteError(RemoteErrorKind.invalidManifest, 'x', { field: 'entries.0.key' }))).toBe(false);
    expect(isSignatureRefusal(new RemoteError(RemoteErrorKind.invalidManifest, 'x', { field: 'signaturesExtra' }))).toBe(false);
    expect(isSignatureRefusal(new RemoteError(RemoteErrorKind.manifestTooDeep, 'x'))).toBe(false);
  });
});
