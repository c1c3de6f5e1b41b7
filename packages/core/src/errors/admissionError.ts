/** The error a key refuses new calls with while it is paused or draining. */
import { OneiricError, type OneiricErrorContext } from './oneiricError.js';

/**
 * Why a key refused a call.
 * @category Errors
 */
export enum AdmissionErrorKind {
  /** The key is paused: new calls are refused until it is opened again. */
  paused = 'paused',
  /** The key is draining: calls already running finish, new calls are refused. */
  draining = 'draining',
}

/**
 * A call was refused because its key is paused or draining; the message names the key, its
 * state and the note given when the state was set. Branded like every Oneiric error, so
 * `isOneiricError(error, 'paused')` recognises it across copies of the package.
 * @example
 * ```ts
 * app.setAdmission('adapter', 'cache', 'paused', { note: 'maintenance' });
 * try { await cache.get('k'); }
 * catch (error) { if (error instanceof AdmissionError) console.log(error.kind); } // "paused"
 * ```
 * @category Errors
 */
export class AdmissionError extends OneiricError {
  public readonly family = 'AdmissionError';

  /**
   * @param kind - the state that refused the call
   * @param message - one line naming the key, the state and the note
   * @param context - domain and key
   */
  public constructor(
    public readonly kind: AdmissionErrorKind,
    message: string,
    context: OneiricErrorContext = {},
  ) {
    super(message, context);
  }
}
