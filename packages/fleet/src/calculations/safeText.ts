import { FleetError, FleetErrorKind } from '../errors/fleetError.js';

/** Text from the bucket is untrusted and ends up on operators' terminals: bounds and refusals (pure). */

/** Longest id, name, note or timestamp a record may hold. */
export const MAX_TEXT_LENGTH = 1024;

/** Longest rollout decision reason (it names instances and quotes a swap error). */
export const MAX_REASON_LENGTH = 4096;

// C0/C1 controls (escape sequences, newlines that forge output lines) and bidirectional overrides
// (text that reads differently than it is).
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'gu');

/** Whether `value` holds a control character or a bidirectional override. */
export function hasUnsafeCharacters(value: string): boolean {
  return UNSAFE.test(value);
}

/**
 * `value` made fit to publish: unsafe characters replaced by a space, cut to `max` characters
 * (ending with `…` when cut). What an instance writes from error messages, so its own record is
 * never refused by the others.
 */
export function safeText(value: string, max: number = MAX_TEXT_LENGTH): string {
  const clean = value.replace(UNSAFE_ALL, ' ');
  return clean.length <= max ? clean : `${clean.slice(0, max - 1)}…`;
}

/**
 * Refuses text an operator is about to write that the decoders would refuse (a record written
 * with it would be reported as malformed and never applied).
 * @throws FleetError `invalidArgument` naming `name`
 */
export function assertPublishable(name: string, value: string): void {
  if (value.length > MAX_TEXT_LENGTH || hasUnsafeCharacters(value)) {
    throw new FleetError(FleetErrorKind.invalidArgument, `the ${name} must be at most ${MAX_TEXT_LENGTH} characters without control characters`);
  }
}
