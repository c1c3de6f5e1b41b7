// The `manifest verify` command: checks a manifest file the way a sync would, without the network.
import { resolve } from 'node:path';
import { decodeBase64Strict, keyIdOf, parseManifest, parseTrustedKeys, readKeyFile, verifyManifest, type RemoteSettings, type TrustedKey } from '@oneiric/remote';
import { ExitCode } from './exitCode.js';
import { readInputFile } from './readInputFile.js';

/** Options of `manifest verify`. */
export interface ManifestVerifyOptions {
  /** The manifest file. */
  readonly file: string;
  /** Public keys: `.public.key` files or base64; default: the configured trusted keys. */
  readonly publicKeys: readonly string[];
  /** Distinct trusted keys required (default: `signature_threshold`). */
  readonly threshold?: number;
  /** Print JSON. */
  readonly json: boolean;
  /** Verification time (tests fix it). */
  readonly now?: number;
}

/**
 * Verifies signatures, threshold, expiry and maximum age (as configured) and prints the
 * signers. Anti-rollback needs the cache and is left to `remote-sync`.
 * @throws RemoteError with the reason of the refusal; CommandError `fileNotFound` when the file does not exist
 */
export async function runManifestVerify(cwd: string, options: ManifestVerifyOptions, settings: RemoteSettings, env: Readonly<Record<string, string | undefined>>, stdout: { write(chunk: string): unknown }): Promise<ExitCode> {
  const parsed = parseManifest(await readInputFile(cwd, options.file, 'manifest'), options.file, { maxBytes: settings.max_manifest_bytes });
  const trustedKeys: TrustedKey[] = options.publicKeys.length > 0
    ? await Promise.all(options.publicKeys.map(async (key) => {
      // Inline base64 first: resolving it as a path against cwd would turn it into a file name.
      const inline = decodeBase64Strict(key.trim());
      const publicKey = inline?.length === 32 ? inline : await readKeyFile(resolve(cwd, key));
      return { keyId: keyIdOf(publicKey), publicKey };
    }))
    : parseTrustedKeys([...settings.trusted_public_keys, ...(env['ONEIRIC_TRUSTED_PUBLIC_KEYS'] ?? '').split(',')]);
  const threshold = options.threshold ?? settings.signature_threshold;
  const verified = verifyManifest(parsed, {
    trustedKeys,
    threshold,
    signatureRequired: true,
    requireExpiry: settings.signature_require_expiry,
    clockSkewMs: settings.clock_skew_seconds * 1000,
    ...(settings.signature_max_age_seconds === undefined ? {} : { maxAgeMs: settings.signature_max_age_seconds * 1000 }),
  }, options.now ?? Date.now());
  const { manifest } = verified;
  if (options.json) {
    stdout.write(`${JSON.stringify({
      verified: true, serial: manifest.serial, signers: verified.signerKeyIds, threshold, entries: manifest.entries.length,
      signedAt: manifest.signedAt ?? null, expiresAt: manifest.expiresAt ?? null, digest: verified.digest,
    })}\n`);
  } else {
    stdout.write(`Verified: serial ${manifest.serial}, ${manifest.entries.length} entries, signed by ${verified.signerKeyIds.join(', ')} (threshold ${threshold})\n`);
  }
  return ExitCode.success;
}
