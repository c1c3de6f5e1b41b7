// The `manifest sign` command: sets the timestamps, then signs, so the signed manifest verifies.
import { resolve } from 'node:path';
import { writeFileAtomic } from '@oneiric/core/internal';
import { parseDuration, parseManifest, readKeyFile, signManifest, type RemoteSettings } from '@oneiric/remote';
import { assertPrivateKey } from './assertPrivateKey.js';
import { DEFAULT_MANIFEST_LIFETIME } from './defaultManifestLifetime.js';
import { ExitCode } from './exitCode.js';
import { readInputFile } from './readInputFile.js';
import { formatManifest } from './manifestFileFormat.js';
import { UsageError } from './usageError.js';

/** Options of `manifest sign`. */
export interface ManifestSignOptions {
  /** The manifest file (YAML or JSON). */
  readonly file: string;
  /** Private key file written by `manifest keygen`. */
  readonly key: string;
  /** Lifetime such as `30d`; sets `expiresAt` (default: {@link DEFAULT_MANIFEST_LIFETIME}). */
  readonly expiresIn?: string;
  /** Write no `expiresAt` (`--no-expiry`), for policies with `signature_require_expiry: false`. */
  readonly noExpiry?: boolean;
  /** Add a signature, keeping the timestamps and the other keys' signatures (thresholds above 1). */
  readonly append: boolean;
  /** Raise `serial` by one before signing (re-publishing a manifest that was already signed). */
  readonly bumpSerial?: boolean;
  /** Where to write the signed manifest (default: over `file`). */
  readonly out?: string;
  /** Print JSON. */
  readonly json: boolean;
  /** Signing time (tests fix it). */
  readonly now?: Date;
}

export { DEFAULT_MANIFEST_LIFETIME };

const DEFAULT_MANIFEST_LIFETIME_MS = 90 * 24 * 60 * 60 * 1000;

/** Where the written `expiresAt` came from (`expirySource` in `--json`). */
export type ManifestExpirySource = 'default' | 'maxAge' | 'option' | 'none' | 'kept';

/** The verification settings `manifest sign` keeps its output coherent with. */
export type ManifestSignPolicy = Pick<RemoteSettings, 'signature_max_age_seconds' | 'signature_require_expiry'> & {
  /** Trusted public keys (settings and environment): a key among them is refused as a signing key. */
  readonly trusted_public_keys?: readonly string[];
};

/**
 * Checks the manifest's structure, signs it and writes it (atomically) in the input's format.
 * Without `--expires-in` it sets `expiresAt` {@link DEFAULT_MANIFEST_LIFETIME} ahead (or the
 * configured maximum age, when shorter), so what it writes passes the default verification;
 * `--no-expiry` writes none and warns on stderr when `policy` requires one.
 * Signing an already signed manifest afresh (not `--append`) without `--bump-serial` warns on
 * stderr: its content changes under the same serial, which clients that accepted that serial
 * refuse (anti-rollback remembers the serial with its digest).
 * @throws RemoteError `invalidKey` when `--key` is a public key (see `assertPrivateKey`);
 *   UsageError for a bad `--expires-in`, `--expires-in` or `--no-expiry` with `--append` (a
 *   co-signature keeps the timestamps), or both together; RemoteError for a bad manifest or key file
 */
export async function runManifestSign(cwd: string, options: ManifestSignOptions, policy: ManifestSignPolicy, stdout: { write(chunk: string): unknown }, stderr: { write(chunk: string): unknown }): Promise<ExitCode> {
  if (options.append && options.bumpSerial === true) {
    throw new UsageError('invalidArgument', '--bump-serial cannot be combined with --append: a co-signature signs the same content as the other signatures', {});
  }
  const { expiresInMs, source } = chooseLifetime(options, policy);
  if (source === 'none' && policy.signature_require_expiry) {
    stderr.write('oneiric: warning: signed without expiresAt (--no-expiry); remote.signature_require_expiry is true here, so verification refuses it (missingTimestamp)\n');
  }
  const maxAgeMs = policy.signature_max_age_seconds === undefined ? undefined : policy.signature_max_age_seconds * 1000;
  if (source === 'option' && maxAgeMs !== undefined && expiresInMs !== undefined && expiresInMs > maxAgeMs) {
    stderr.write(`oneiric: warning: --expires-in ${options.expiresIn ?? ''} is longer than remote.signature_max_age_seconds (${String(policy.signature_max_age_seconds)}); verification refuses the manifest as tooOld before it expires\n`);
  }
  const { plain: parsed } = parseManifest(await readInputFile(cwd, options.file, 'manifest'), options.file);
  const serial = parsed['serial'] as number;
  const alreadySigned = Array.isArray(parsed['signatures']) && parsed['signatures'].length > 0;
  if (alreadySigned && !options.append && options.bumpSerial !== true) {
    stderr.write(`oneiric: warning: ${options.file} was already signed for serial ${serial}; clients that accepted serial ${serial} refuse different content under it: pass --bump-serial to publish it as serial ${serial + 1}\n`);
  }
  const plain = options.bumpSerial === true ? { ...parsed, serial: serial + 1 } : parsed;
  const secretKey = await readKeyFile(resolve(cwd, options.key));
  assertPrivateKey(options.key, secretKey, policy.trusted_public_keys ?? []);
  const signed = signManifest(plain, {
    secretKey,
    now: options.now ?? new Date(),
    append: options.append,
    ...(expiresInMs === undefined ? {} : { expiresInMs }),
  });
  const out = resolve(cwd, options.out ?? options.file);
  await writeFileAtomic(out, formatManifest(out, signed), 0o644);
  // signManifest appends this key's signature last.
  const keyId = (signed['signatures'] as { keyId: string }[]).at(-1)?.keyId ?? '';
  const expiresAt = typeof signed['expiresAt'] === 'string' ? signed['expiresAt'] : undefined;
  if (options.json) {
    stdout.write(`${JSON.stringify({ file: out, keyId, serial: signed['serial'], signedAt: signed['signedAt'] ?? null, expiresAt: expiresAt ?? null, expirySource: source })}\n`);
  } else {
    stdout.write(`Signed ${out} with key ${keyId} (serial ${String(signed['serial'])}, ${describeExpiry(expiresAt, source)})\n`);
  }
  return ExitCode.success;
}

// Decides the lifetime to sign with: the option, none, the timestamps kept by --append, or the default.
function chooseLifetime(options: ManifestSignOptions, policy: ManifestSignPolicy): { expiresInMs?: number; source: ManifestExpirySource } {
  if (options.expiresIn !== undefined && options.noExpiry === true) {
    throw new UsageError('invalidArgument', '--expires-in cannot be combined with --no-expiry', { expiresIn: options.expiresIn });
  }
  if (options.append && (options.expiresIn !== undefined || options.noExpiry === true)) {
    const flag = options.expiresIn === undefined ? '--no-expiry' : '--expires-in';
    throw new UsageError('invalidArgument', `${flag} cannot be combined with --append: a co-signature keeps the timestamps already signed`, options.expiresIn === undefined ? {} : { expiresIn: options.expiresIn });
  }
  if (options.append) {
    return { source: 'kept' };
  }
  if (options.noExpiry === true) {
    return { source: 'none' };
  }
  if (options.expiresIn !== undefined) {
    const expiresInMs = parseDuration(options.expiresIn);
    if (expiresInMs === undefined) {
      throw new UsageError('invalidArgument', `--expires-in ${JSON.stringify(options.expiresIn)} is not a duration such as 90s, 15m, 12h, 30d or 2w`, { expiresIn: options.expiresIn });
    }
    return { expiresInMs, source: 'option' };
  }
  const maxAgeMs = policy.signature_max_age_seconds === undefined ? undefined : policy.signature_max_age_seconds * 1000;
  return maxAgeMs !== undefined && maxAgeMs < DEFAULT_MANIFEST_LIFETIME_MS
    ? { expiresInMs: maxAgeMs, source: 'maxAge' }
    : { expiresInMs: DEFAULT_MANIFEST_LIFETIME_MS, source: 'default' };
}

// The expiry part of the one-line result, saying where a default came from.
function describeExpiry(expiresAt: string | undefined, source: ManifestExpirySource): string {
  if (expiresAt === undefined) {
    return source === 'none' ? 'no expiry (--no-expiry)' : 'no expiry';
  }
  const origin: Record<ManifestExpirySource, string> = {
    default: `, the default ${DEFAULT_MANIFEST_LIFETIME}; --expires-in sets another`,
    maxAge: ', capped to remote.signature_max_age_seconds',
    option: '',
    none: '',
    kept: ', kept from the earlier signature',
  };
  return `expires ${expiresAt}${origin[source]}`;
}
