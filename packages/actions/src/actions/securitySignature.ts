/** `security.signature`: HMAC signing and constant-time verification, optionally timestamped against replay. */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { IsBoolean, IsIn, IsInt, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { MaxChars } from '../models/maxChars.js';
import { Optional } from '../models/optional.js';
import { decodeText, TEXT_ENCODINGS, type TextEncoding } from '../calculations/decodeText.js';
import { actionError, ActionErrorKind } from '../errors/actionError.js';
import type { ActionKitDefinition } from '../models/actionKitDefinition.js';
import type { BuiltinAction } from '../models/actionKit.js';

const KEY = 'security.signature';
/**
 * The header name the signature travels in, as in the original.
 * @category Action kits
 */
export const SIGNATURE_HEADER = 'X-Oneiric-Signature';

/**
 * Payload of `security.signature`.
 * @category Action kits
 */
export class SecuritySignaturePayload {
  /** sign (default) or verify. */
  @Optional() @IsIn(['sign', 'verify']) public operation?: 'sign' | 'verify';
  /** The message signed (UTF-8). */
  @IsString() @MaxChars(16 * 1024 * 1024) public message = '';
  /** The shared secret, in `secretEncoding`. Never echoed. */
  @IsString() @MinLength(1) @MaxLength(4096) public secret = '';
  /** utf8 (default), base64, base64url or hex. */
  @Optional() @IsIn(TEXT_ENCODINGS) public secretEncoding?: TextEncoding;
  /** sha256 (default) or sha512. */
  @Optional() @IsIn(['sha256', 'sha512']) public algorithm?: 'sha256' | 'sha512';
  /** hex (default) or base64. */
  @Optional() @IsIn(['hex', 'base64']) public encoding?: 'hex' | 'base64';
  /** Sign `timestamp.message` (timestamp in Unix seconds) so a verifier can refuse replays. */
  @Optional() @IsBoolean() public timestamped?: boolean;
  /** verify: the signature to check. */
  @Optional() @IsString() @MaxLength(1024) public signature?: string;
  /** verify of a timestamped signature: the timestamp sent with it (Unix seconds). */
  @Optional() @IsInt() @Min(0) public timestamp?: number;
  /** verify: accepted clock difference in seconds (default 300). */
  @Optional() @IsInt() @Min(0) @Max(86400) public toleranceSeconds?: number;
}

/**
 * Result of `security.signature`.
 * @category Action kits
 */
export type SecuritySignatureResult =
  | { readonly status: 'signed'; readonly signature: string; readonly header: string; readonly algorithm: string; readonly timestamp?: number }
  | { readonly status: 'verified' | 'rejected'; readonly valid: boolean; readonly reason?: 'mismatch' | 'expired' | 'future' };

/**
 * Signs or verifies a message with HMAC.
 * @example
 * ```sh
 * oneiric --import @oneiric/actions action invoke security.signature --payload '{"message":"hi","secret":"s3cret"}' --json
 * ```
 * @category Action kits
 */
export class SecuritySignature implements BuiltinAction<SecuritySignaturePayload, SecuritySignatureResult> {
  /** The payload class. */
  public readonly payloadType = SecuritySignaturePayload;

  /** @throws ActionError `invalidPayload` when verify lacks its signature or timestamp */
  public async execute(payload: SecuritySignaturePayload): Promise<SecuritySignatureResult> {
    const algorithm = payload.algorithm ?? 'sha256';
    const encoding = payload.encoding ?? 'hex';
    const secret = decodeText(payload.secret, payload.secretEncoding ?? 'utf8', KEY, 'secret');
    const nowSeconds = Math.floor(Date.now() / 1000);
    if ((payload.operation ?? 'sign') === 'sign') {
      const timestamp = payload.timestamped === true ? payload.timestamp ?? nowSeconds : undefined;
      const signature = hmac(algorithm, secret, signedText(payload.message, timestamp), encoding);
      return { status: 'signed', signature, header: SIGNATURE_HEADER, algorithm, ...(timestamp === undefined ? {} : { timestamp }) };
    }
    if (payload.signature === undefined) {
      throw actionError(ActionErrorKind.invalidPayload, KEY, 'verify needs signature', 'signature');
    }
    let timestamp: number | undefined;
    if (payload.timestamped === true) {
      if (payload.timestamp === undefined) {
        throw actionError(ActionErrorKind.invalidPayload, KEY, 'verify of a timestamped signature needs timestamp', 'timestamp');
      }
      timestamp = payload.timestamp;
      const tolerance = payload.toleranceSeconds ?? 300;
      if (timestamp < nowSeconds - tolerance) {
        return { status: 'rejected', valid: false, reason: 'expired' };
      }
      if (timestamp > nowSeconds + tolerance) {
        return { status: 'rejected', valid: false, reason: 'future' };
      }
    }
    const expected = Buffer.from(hmac(algorithm, secret, signedText(payload.message, timestamp), encoding));
    // Hex digits compare case-insensitively: an upper-case hex signature is the same bytes.
    const given = Buffer.from(encoding === 'hex' ? payload.signature.toLowerCase() : payload.signature);
    // timingSafeEqual needs equal lengths; comparing against itself keeps the time independent of the guess.
    const isValid = given.length === expected.length ? timingSafeEqual(given, expected) : !timingSafeEqual(expected, expected);
    return isValid ? { status: 'verified', valid: true } : { status: 'rejected', valid: false, reason: 'mismatch' };
  }
}

function signedText(message: string, timestamp: number | undefined): string {
  return timestamp === undefined ? message : `${timestamp}.${message}`;
}

function hmac(algorithm: string, secret: Buffer, text: string, encoding: 'hex' | 'base64'): string {
  return createHmac(algorithm, secret).update(text, 'utf8').digest(encoding);
}

/** Registration entry of `security.signature`. */
export const securitySignatureKit: ActionKitDefinition = {
  key: KEY,
  description: 'HMAC sign and verify (sha256/sha512), timestamped against replay, constant-time',
  build: () => new SecuritySignature(),
};
