// The `manifest sign` command: sets the timestamps, then signs, so the signed manifest verifies.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { writeFileAtomic } from '@oneiric/core/internal';
import { parseDuration, parseManifest, readKeyFile, signManifest } from '@oneiric/remote';
import { ExitCode } from './exitCode.js';
import { formatManifest } from './manifestFileFormat.js';
import { UsageError } from './usageError.js';

/** Options of `manifest sign`. */
export interface ManifestSignOptions {
  /** The manifest file (YAML or JSON). */
  readonly file: string;
  /** Private key file written by `manifest keygen`. */
  readonly key: string;
  /** Lifetime such as `30d`; sets `expiresAt`. */
  readonly expiresIn?: string;
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

/**
 * Checks the manifest's structure, signs it and writes it (atomically) in the input's format.
 * Signing an already signed manifest afresh (not `--append`) without `--bump-serial` warns on
 * stderr: its content changes under the same serial, which clients that accepted that serial
 * refuse (anti-rollback remembers the serial with its digest).
 * @throws UsageError for a bad `--expires-in`, or `--expires-in` with `--append` (a co-signature
 *   keeps the timestamps); RemoteError for a bad manifest or key file
 */
export async function runManifestSign(cwd: string, options: ManifestSignOptions, stdout: { write(chunk: string): unknown }, stderr: { write(chunk: string): unknown }): Promise<ExitCode> {
  if (options.append && options.expiresIn !== undefined) {
    throw new UsageError('invalidArgument', '--expires-in cannot be combined with --append: a co-signature keeps the timestamps already signed', { expiresIn: options.expiresIn });
  }
  if (options.append && options.bumpSerial === true) {
    throw new UsageError('invalidArgument', '--bump-serial cannot be combined with --append: a co-signature signs the same content as the other signatures', {});
  }
  const expiresInMs = options.expiresIn === undefined ? undefined : parseDuration(options.expiresIn);
  if (options.expiresIn !== undefined && expiresInMs === undefined) {
    throw new UsageError('invalidArgument', `--expires-in ${JSON.stringify(options.expiresIn)} is not a duration such as 90s, 15m, 12h, 30d or 2w`, { expiresIn: options.expiresIn });
  }
  const file = resolve(cwd, options.file);
  const { plain: parsed } = parseManifest(await readFile(file, 'utf8'), options.file);
  const serial = parsed['serial'] as number;
  const alreadySigned = Array.isArray(parsed['signatures']) && parsed['signatures'].length > 0;
  if (alreadySigned && !options.append && options.bumpSerial !== true) {
    stderr.write(`oneiric: warning: ${options.file} was already signed for serial ${serial}; clients that accepted serial ${serial} refuse different content under it: pass --bump-serial to publish it as serial ${serial + 1}\n`);
  }
  const plain = options.bumpSerial === true ? { ...parsed, serial: serial + 1 } : parsed;
  const secretKey = await readKeyFile(resolve(cwd, options.key));
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
  if (options.json) {
    stdout.write(`${JSON.stringify({ file: out, keyId, serial: signed['serial'], signedAt: signed['signedAt'] ?? null, expiresAt: signed['expiresAt'] ?? null })}\n`);
  } else {
    stdout.write(`Signed ${out} with key ${keyId} (serial ${String(signed['serial'])}${signed['expiresAt'] === undefined ? '' : `, expires ${String(signed['expiresAt'])}`})\n`);
  }
  return ExitCode.success;
}
