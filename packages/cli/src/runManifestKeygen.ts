// The `manifest keygen` command: a new ED25519 key pair for signing manifests.
import { resolve } from 'node:path';
import { generateKeyFiles } from '@oneiric/remote';
import { ExitCode } from './exitCode.js';

/** Options of `manifest keygen`. */
export interface ManifestKeygenOptions {
  /** Directory the key files are written to (relative to the working directory). */
  readonly out: string;
  /** Print JSON. */
  readonly json: boolean;
}

/**
 * Writes `oneiric-<keyId>.private.key` (mode 0600) and `oneiric-<keyId>.public.key` into the
 * directory and prints the key id, both paths and the line to add to `trusted_public_keys`.
 * The private key itself is never printed.
 */
export async function runManifestKeygen(cwd: string, options: ManifestKeygenOptions, stdout: { write(chunk: string): unknown }): Promise<ExitCode> {
  const files = await generateKeyFiles(resolve(cwd, options.out));
  if (options.json) {
    stdout.write(`${JSON.stringify({ keyId: files.keyId, privateKeyPath: files.privateKeyPath, publicKeyPath: files.publicKeyPath, publicKey: files.publicKeyBase64 })}\n`);
    return ExitCode.success;
  }
  stdout.write([
    `Key id: ${files.keyId}`,
    `Private key: ${files.privateKeyPath} (mode 0600: keep it secret, never commit it)`,
    `Public key: ${files.publicKeyPath}`,
    `Trust it with remote.trusted_public_keys: ["${files.keyId}=${files.publicKeyBase64}"]`,
    '',
  ].join('\n'));
  return ExitCode.success;
}
