// The `manifest sign` command: sets the timestamps, then signs, so the signed manifest verifies.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { writeFileAtomic } from '@oneiric/core';
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
  /** Where to write the signed manifest (default: over `file`). */
  readonly out?: string;
  /** Print JSON. */
  readonly json: boolean;
  /** Signing time (tests fix it). */
  readonly now?: Date;
}

/**
 * Checks the manifest's structure, signs it and writes it (atomically) in the input's format.
 * @throws UsageError for a bad `--expires-in`; RemoteError for a bad manifest or key file
 */
export async function runManifestSign(cwd: string, options: ManifestSignOptions, stdout: { write(chunk: string): unknown }): Promise<ExitCode> {
  const expiresInMs = options.expiresIn === undefined ? undefined : parseDuration(options.expiresIn);
  if (options.expiresIn !== undefined && expiresInMs === undefined) {
    throw new UsageError('invalidArgument', `--expires-in ${JSON.stringify(options.expiresIn)} is not a duration such as 90s, 15m, 12h, 30d or 2w`, { expiresIn: options.expiresIn });
  }
  const file = resolve(cwd, options.file);
  const { plain } = parseManifest(await readFile(file, 'utf8'), options.file);
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
