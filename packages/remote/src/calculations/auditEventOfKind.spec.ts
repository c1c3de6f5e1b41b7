// Tests of auditEventOfKind: the audit event name of each refused entry.
import { RemoteErrorKind } from '../errors/remoteError.js';
import { auditEventOfKind } from './auditEventOfKind.js';

describe('auditEventOfKind', () => {
  it('names path, factory and artifact refusals after what was refused', () => {
    expect(auditEventOfKind(RemoteErrorKind.pathTraversal)).toBe('path.refused');
    expect(auditEventOfKind(RemoteErrorKind.factoryRefused)).toBe('factory.refused');
    expect(auditEventOfKind(RemoteErrorKind.factoryResolutionRefused)).toBe('factory.refused');
    for (const kind of [RemoteErrorKind.artifactLoadFailed, RemoteErrorKind.digestMismatch, RemoteErrorKind.fetchFailed, RemoteErrorKind.timeout, RemoteErrorKind.responseTooLarge, RemoteErrorKind.noCachedManifest, RemoteErrorKind.fileUriRefused, RemoteErrorKind.unsupportedUri]) {
      expect(auditEventOfKind(kind)).toBe('artifact.refused');
    }
  });

  it('names anything else entry.refused, invalid entries included', () => {
    expect(auditEventOfKind('invalidEntry')).toBe('entry.refused');
    expect(auditEventOfKind(RemoteErrorKind.invalidManifest)).toBe('entry.refused');
  });
});
