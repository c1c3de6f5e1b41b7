/** JWT signing and verification for `security.secure`, on jose. */
import { errors, importJWK, importPKCS8, importSPKI, jwtVerify, SignJWT, type JWTPayload, type CryptoKey, type KeyObject } from 'jose';
import { decodeText, type TextEncoding } from '../calculations/decodeText.js';
import { actionError, ActionErrorKind } from '../errors/actionError.js';

/**
 * JWS algorithms offered.
 * @category Action kits
 */
export type JwtAlgorithm = 'HS256' | 'HS384' | 'HS512' | 'ES256' | 'ES384' | 'EdDSA';
/**
 * Every algorithm, for `@IsIn`.
 * @category Action kits
 */
export const JWT_ALGORITHMS: readonly JwtAlgorithm[] = ['HS256', 'HS384', 'HS512', 'ES256', 'ES384', 'EdDSA'];

/** The JWT fields of a `security.secure` payload. */
export interface JwtFields {
  readonly algorithm?: JwtAlgorithm;
  readonly secret?: string;
  readonly secretEncoding?: TextEncoding;
  readonly key?: string;
  readonly claims?: Record<string, unknown>;
  readonly audience?: string;
  readonly issuer?: string;
  readonly subject?: string;
  readonly expiresInSeconds?: number;
  readonly clockToleranceSeconds?: number;
}

/** A signed compact JWS of the claims. */
export async function signJwt(fields: JwtFields, actionKey: string): Promise<string> {
  const algorithm = fields.algorithm ?? 'HS256';
  const signingKey = await keyFor(fields, algorithm, 'sign', actionKey);
  let jwt = new SignJWT({ ...(fields.claims ?? {}) } as JWTPayload).setProtectedHeader({ alg: algorithm, typ: 'JWT' }).setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + (fields.expiresInSeconds ?? 3600));
  if (fields.audience !== undefined) jwt = jwt.setAudience(fields.audience);
  if (fields.issuer !== undefined) jwt = jwt.setIssuer(fields.issuer);
  if (fields.subject !== undefined) jwt = jwt.setSubject(fields.subject);
  return jwt.sign(signingKey);
}

/** Verification outcome: a token that fails checks is `valid: false` with jose's error code, not an exception. */
export async function verifyJwt(fields: JwtFields, token: string, actionKey: string): Promise<{ valid: boolean; claims?: Record<string, unknown>; reason?: string }> {
  const algorithm = fields.algorithm ?? 'HS256';
  const verifyingKey = await keyFor(fields, algorithm, 'verify', actionKey);
  try {
    const { payload } = await jwtVerify(token, verifyingKey, {
      algorithms: [algorithm],
      clockTolerance: fields.clockToleranceSeconds ?? 30,
      ...(fields.audience === undefined ? {} : { audience: fields.audience }),
      ...(fields.issuer === undefined ? {} : { issuer: fields.issuer }),
    });
    return { valid: true, claims: payload as Record<string, unknown> };
  } catch (error) {
    if (error instanceof errors.JOSEError) {
      return { valid: false, reason: error.code };
    }
    throw error;
  }
}

async function keyFor(fields: JwtFields, algorithm: JwtAlgorithm, use: 'sign' | 'verify', actionKey: string): Promise<Uint8Array | CryptoKey | KeyObject> {
  if (algorithm.startsWith('HS')) {
    if (fields.secret === undefined || fields.secret.length === 0) {
      throw actionError(ActionErrorKind.invalidPayload, actionKey, `${algorithm} needs secret`, 'secret');
    }
    return decodeText(fields.secret, fields.secretEncoding ?? 'utf8', actionKey, 'secret');
  }
  if (fields.key === undefined) {
    throw actionError(ActionErrorKind.invalidPayload, actionKey, `${algorithm} needs key (PEM or JWK JSON)`, 'key');
  }
  try {
    const text = fields.key.trim();
    if (text.startsWith('{')) {
      return (await importJWK(JSON.parse(text) as Parameters<typeof importJWK>[0], algorithm)) as CryptoKey | Uint8Array;
    }
    return use === 'sign' ? await importPKCS8(text, algorithm) : await importSPKI(text, algorithm);
  } catch (error) {
    // jose's message says what is wrong with the key's form; the key itself is never quoted.
    throw actionError(ActionErrorKind.decodeFailed, actionKey, `key is not a usable ${use === 'sign' ? 'private' : 'public'} ${algorithm} key`, 'key', error);
  }
}
