/** `security.secure`: random tokens, JWT sign/verify (jose), argon2id password hashing, PBKDF2 verification, constant-time compare. */
import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import { IsIn, IsInt, IsObject, IsString, Max, MaxLength, Min } from 'class-validator';
import { Optional } from '../models/optional.js';
import { hashPassword, verifyPassword, type Argon2Cost } from '../calculations/passwordHashes.js';
import { actionError, ActionErrorKind } from '../errors/actionError.js';
import type { ActionKitDefinition } from '../models/actionKitDefinition.js';
import type { BuiltinAction } from '../models/actionKit.js';
import { signJwt, verifyJwt, JWT_ALGORITHMS, type JwtAlgorithm } from './jwtOperations.js';
import { TEXT_ENCODINGS, type TextEncoding } from '../calculations/decodeText.js';

const KEY = 'security.secure';

/**
 * Operations of `security.secure`.
 * @category Action kits
 */
export type SecureOperation = 'token' | 'jwtSign' | 'jwtVerify' | 'passwordHash' | 'passwordVerify' | 'compare';

/**
 * Settings of `security.secure`: argon2id cost (defaults: OWASP's 19 MiB, 2 passes, 1 lane).
 * @category Action kits
 */
export class SecuritySecureSettings implements Argon2Cost {
  /** argon2id memory, KiB. */
  @IsInt() @Min(8) @Max(1024 * 1024) public memoryKiB = 19 * 1024;
  /** argon2id passes. */
  @IsInt() @Min(1) @Max(20) public iterations = 2;
  /** argon2id lanes. */
  @IsInt() @Min(1) @Max(16) public parallelism = 1;
}

/**
 * Payload of `security.secure`; which fields apply depends on `operation`.
 * @category Action kits
 */
export class SecuritySecurePayload {
  /** What to do. */
  @IsIn(['token', 'jwtSign', 'jwtVerify', 'passwordHash', 'passwordVerify', 'compare']) public operation: SecureOperation = 'token';
  /** token: random bytes (default 32, 1-1024). */
  @Optional() @IsInt() @Min(1) @Max(1024) public bytes?: number;
  /** token: hex (default), base64 or base64url. */
  @Optional() @IsIn(['hex', 'base64', 'base64url']) public encoding?: 'hex' | 'base64' | 'base64url';
  /** jwt: HS256 (default), HS384, HS512, ES256, ES384 or EdDSA. */
  @Optional() @IsIn(JWT_ALGORITHMS) public algorithm?: JwtAlgorithm;
  /** jwt HS*: the shared secret in `secretEncoding`. Never echoed. */
  @Optional() @IsString() @MaxLength(4096) public secret?: string;
  /** How `secret` is written (utf8 default). */
  @Optional() @IsIn(TEXT_ENCODINGS) public secretEncoding?: TextEncoding;
  /** jwt ES/EdDSA: a PEM key (PKCS#8 private to sign, SPKI public to verify) or a JWK as JSON. */
  @Optional() @IsString() @MaxLength(16384) public key?: string;
  /** jwtSign: claims. */
  @Optional() @IsObject() public claims?: Record<string, unknown>;
  /** jwt: audience set on sign, required on verify. */
  @Optional() @IsString() @MaxLength(1024) public audience?: string;
  /** jwt: issuer set on sign, required on verify. */
  @Optional() @IsString() @MaxLength(1024) public issuer?: string;
  /** jwtSign: subject. */
  @Optional() @IsString() @MaxLength(1024) public subject?: string;
  /** jwtSign: lifetime in seconds (default 3600). */
  @Optional() @IsInt() @Min(1) public expiresInSeconds?: number;
  /** jwtVerify: accepted clock difference in seconds (default 30). */
  @Optional() @IsInt() @Min(0) public clockToleranceSeconds?: number;
  /** jwtVerify: the token. */
  @Optional() @IsString() @MaxLength(65536) public token?: string;
  /** passwordHash/passwordVerify: the password. Never echoed. */
  @Optional() @IsString() @MaxLength(1024) public password?: string;
  /** passwordVerify: the stored hash (argon2id PHC string, or the original's `pbkdf2_sha256$…`). */
  @Optional() @IsString() @MaxLength(1024) public hash?: string;
  /** compare: the two values compared in constant time. */
  @Optional() @IsString() @MaxLength(65536) public left?: string;
  /** compare: see `left`. */
  @Optional() @IsString() @MaxLength(65536) public right?: string;
}

/**
 * Result of `security.secure`, by operation.
 * @category Action kits
 */
export type SecuritySecureResult =
  | { readonly operation: 'token'; readonly token: string; readonly bytes: number }
  | { readonly operation: 'jwtSign'; readonly token: string; readonly algorithm: JwtAlgorithm }
  | { readonly operation: 'jwtVerify'; readonly valid: boolean; readonly claims?: Record<string, unknown>; readonly reason?: string }
  | { readonly operation: 'passwordHash'; readonly hash: string; readonly scheme: 'argon2id' }
  | { readonly operation: 'passwordVerify'; readonly valid: boolean; readonly needsRehash: boolean }
  | { readonly operation: 'compare'; readonly equal: boolean };

/**
 * Security helpers.
 * @example
 * ```sh
 * oneiric --import @oneiric/actions action invoke security.secure --payload '{"operation":"passwordHash","password":"hunter2"}' --json
 * ```
 * @category Action kits
 */
export class SecuritySecure implements BuiltinAction<SecuritySecurePayload, SecuritySecureResult> {
  /** The payload class. */
  public readonly payloadType = SecuritySecurePayload;

  /** @param settings - argon2id cost */
  public constructor(private readonly settings: SecuritySecureSettings = new SecuritySecureSettings()) {}

  /** @throws ActionError `invalidPayload` when the operation's fields are missing; `decodeFailed` for an unreadable key */
  public async execute(payload: SecuritySecurePayload): Promise<SecuritySecureResult> {
    switch (payload.operation) {
      case 'token': {
        const bytes = payload.bytes ?? 32;
        return { operation: 'token', token: randomBytes(bytes).toString(payload.encoding ?? 'hex'), bytes };
      }
      case 'jwtSign':
        return { operation: 'jwtSign', token: await signJwt(payload, KEY), algorithm: payload.algorithm ?? 'HS256' };
      case 'jwtVerify':
        return { operation: 'jwtVerify', ...(await verifyJwt(payload, require(payload.token, 'token'), KEY)) };
      case 'passwordHash':
        return { operation: 'passwordHash', hash: await hashPassword(require(payload.password, 'password'), this.settings), scheme: 'argon2id' };
      case 'passwordVerify':
        return this.#verifyPassword(require(payload.password, 'password'), require(payload.hash, 'hash'));
      case 'compare':
        return { operation: 'compare', equal: constantTimeEqual(require(payload.left, 'left'), require(payload.right, 'right')) };
    }
  }

  async #verifyPassword(password: string, stored: string): Promise<SecuritySecureResult> {
    const isValid = await verifyPassword(password, stored);
    if (isValid === undefined) {
      throw actionError(ActionErrorKind.invalidPayload, KEY, 'hash is neither an argon2id PHC string nor pbkdf2_sha256$iterations$salt$hash within cost limits', 'hash');
    }
    const cost = `m=${this.settings.memoryKiB},t=${this.settings.iterations},p=${this.settings.parallelism}$`;
    // A migrated PBKDF2 hash, or an argon2id one with other cost, should be replaced after this successful login.
    return { operation: 'passwordVerify', valid: isValid, needsRehash: isValid && !stored.startsWith(`$argon2id$v=19$${cost}`) };
  }
}

function require<T>(value: T | undefined, field: string): T {
  if (value === undefined) {
    throw actionError(ActionErrorKind.invalidPayload, KEY, `this operation needs ${field}`, field);
  }
  return value;
}

// Hashing both sides first gives equal lengths, so the comparison time never depends on where they differ or on length.
function constantTimeEqual(left: string, right: string): boolean {
  const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(left), digest(right)) && left.length === right.length;
}

/** Registration entry of `security.secure`. */
export const securitySecureKit: ActionKitDefinition = {
  key: KEY,
  description: 'random tokens, JWT sign/verify, argon2id password hash/verify (PBKDF2 legacy verify), constant-time compare',
  settingsClass: SecuritySecureSettings,
  build: (_context, settings) => new SecuritySecure(settings as SecuritySecureSettings),
};
