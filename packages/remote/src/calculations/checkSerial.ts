/** Anti-rollback: decides whether a manifest's serial may follow the last accepted one. */
import { RemoteError, RemoteErrorKind } from '../errors/remoteError.js';

/**
 * The last accepted manifest, as remembered in the cache directory.
 * @category Calculations
 */
export interface AcceptedSerial {
  /** Its serial. */
  readonly serial: number;
  /** Hex SHA-256 of its signed payload. */
  readonly digest: string;
}

/**
 * Accepts a higher serial, or the same serial with the same content (a re-sync); refuses a
 * lower serial, and the same serial with other content (a replayed number is a rollback too).
 * @throws RemoteError `rollback`
 * @category Calculations
 */
export function checkSerial(last: AcceptedSerial | undefined, serial: number, digest: string): void {
  if (last === undefined || serial > last.serial) {
    return;
  }
  if (serial < last.serial) {
    throw new RemoteError(RemoteErrorKind.rollback, `manifest serial ${serial} is lower than the last accepted ${last.serial}`);
  }
  if (digest !== last.digest) {
    throw new RemoteError(RemoteErrorKind.rollback, `manifest serial ${serial} was already accepted with different content`);
  }
}
