/** The remote manifest's files in the cache directory: last verified manifest, anti-rollback state, artifacts, status. */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@oneiric/core';
import { artifactFileName } from '../calculations/artifactFileName.js';
import type { AcceptedSerial } from '../calculations/checkSerial.js';
import { isInsideDirectory } from '../calculations/isInsideDirectory.js';
import { RemoteError, RemoteErrorKind } from '../errors/remoteError.js';
import type { RemoteStatus } from '../models/remoteStatus.js';

/** Name of the status file inside the cache directory. */
export const REMOTE_STATUS_FILE_NAME = 'remote_status.json';

/** The last verified manifest as cached. */
export interface CachedManifest {
  /** The manifest text exactly as fetched (signatures included). */
  readonly text: string;
  /** Where it was fetched from. */
  readonly source: string;
}

/**
 * Reads and writes the cache files, each atomically with mode 0600:
 * `<cacheDir>/remote/manifest.json`, `<cacheDir>/remote/anti_rollback.json`,
 * `<cacheDir>/remote/artifacts/<sha256>-<name>.mjs` and `<cacheDir>/remote_status.json`.
 */
export class RemoteCache {
  /** `<cacheDir>/remote`. */
  public readonly directory: string;
  /** Where artifacts are kept. */
  public readonly artifactsDirectory: string;
  /** Full path of the status file. */
  public readonly statusPath: string;

  /** @param cacheDir - the application's cache directory */
  public constructor(cacheDir: string) {
    this.directory = join(cacheDir, 'remote');
    this.artifactsDirectory = join(this.directory, 'artifacts');
    this.statusPath = join(cacheDir, REMOTE_STATUS_FILE_NAME);
  }

  /** The last verified manifest, or undefined when none was cached (or the file is unreadable). */
  public async readManifest(): Promise<CachedManifest | undefined> {
    const value = await readJson(join(this.directory, 'manifest.json'));
    return typeof value?.['text'] === 'string' && typeof value['source'] === 'string' ? { text: value['text'], source: value['source'] } : undefined;
  }

  /** Replaces the cached manifest. */
  public async writeManifest(manifest: CachedManifest): Promise<void> {
    await writeFileAtomic(join(this.directory, 'manifest.json'), `${JSON.stringify(manifest)}\n`);
  }

  /** The serial and digest of the last accepted manifest, or undefined when none was accepted. */
  public async readAccepted(): Promise<AcceptedSerial | undefined> {
    const value = await readJson(join(this.directory, 'anti_rollback.json'));
    return typeof value?.['serial'] === 'number' && typeof value['digest'] === 'string' ? { serial: value['serial'], digest: value['digest'] } : undefined;
  }

  /** Remembers the last accepted manifest. */
  public async writeAccepted(accepted: AcceptedSerial): Promise<void> {
    await writeFileAtomic(join(this.directory, 'anti_rollback.json'), `${JSON.stringify(accepted)}\n`);
  }

  /** The persisted status, or a fresh one. */
  public async readStatus(): Promise<RemoteStatus> {
    const value = await readJson(this.statusPath);
    return value === undefined ? { consecutiveFailures: 0 } : { consecutiveFailures: 0, ...(value as Partial<RemoteStatus>) };
  }

  /** Replaces the status file. */
  public async writeStatus(status: RemoteStatus): Promise<void> {
    await writeFileAtomic(this.statusPath, `${JSON.stringify(status, null, 2)}\n`);
  }

  /**
   * Where the artifact with `sha256` from `uri` is kept; the name is sanitised and the result
   * checked to stay inside the artifacts directory.
   * @throws RemoteError `pathTraversal` if it would not
   */
  public artifactPath(sha256: string, uri: string): string {
    const path = join(this.artifactsDirectory, artifactFileName(sha256, uri));
    if (!isInsideDirectory(this.artifactsDirectory, path)) {
      throw new RemoteError(RemoteErrorKind.pathTraversal, `artifact name for ${uri} leaves the cache directory`, { uri });
    }
    return path;
  }

  /** Removes an artifact (after a digest mismatch of a cached copy). */
  public async removeArtifact(path: string): Promise<void> {
    await rm(path, { force: true });
  }
}

async function readJson(path: string): Promise<Record<string, unknown> | undefined> {
  try {
    const value = JSON.parse(await readFile(path, 'utf8')) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    // Missing or corrupt: the caller treats it as never written; the next write replaces it.
    return undefined;
  }
}
