/** Turns a key's admission into the error that refuses a new call, if any (a pure calculation). */
import { AdmissionError, AdmissionErrorKind } from '../errors/admissionError.js';
import type { AdmissionState } from '../models/admissionState.js';

/**
 * The error refusing a new call of `domain:key` in `state`, or undefined when the key is open.
 * The message reads `service:api is paused (note: maintenance)`.
 * @category Application
 */
export function admissionRefusal(domain: string, key: string, state: AdmissionState, note: string | null = null): AdmissionError | undefined {
  if (state === 'open') {
    return undefined;
  }
  const kind = state === 'paused' ? AdmissionErrorKind.paused : AdmissionErrorKind.draining;
  return new AdmissionError(kind, `${domain}:${key} is ${state}${note === null ? '' : ` (note: ${note})`}`, { domain, key });
}
