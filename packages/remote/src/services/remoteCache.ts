/** The remote manifest's files in the cache directory: last verified manifest, anti-rollback state, artifacts, status. */
import { lstat, mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '@oneiric/core/internal';
import { artifactFileName } from '../calculations/artifactFileName.js';
import type { AcceptedSerial } from '../calculations/checkSerial.js';
import { isInsideDirectory } from '../calculations/isInsideDirectory.js';
import { RemoteError, RemoteErrorKind } from '../errors/remoteError.js';
import type { RemoteStatus } from '../models/remoteStatus.js';

/**
 * Name of the status file inside the cache directory.
 * @category Sync
 */
export const REMOTE_STATUS_FILE_NAME = 'remote_status.json';

const LOCK_ATTEMPTS = 200;
const LOCK_RETRY_MS = 10;
const STALE_LOCK_MS = 30_000;

/**
 * The last verified manifest as cached.
 * @category Sync
 */
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
 * @category Sync
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

  /**
   * The serial and digest last accepted in this cache directory (the application's manifest
   * channel), whatever URL the manifest came from, or undefined when none was. Only a missing file
   * means "nothing accepted". Files written by older versions stay binding: the single-serial
   * format is read as it is, and the per-URL format (`{ version: 2, manifests }`) counts as its
   * highest serial, so an upgrade cannot lower the floor.
   * @throws RemoteError `rollbackStateUnreadable` when the file exists but cannot be read or parsed
   */
  public async readAccepted(): Promise<AcceptedSerial | undefined> {
    return this.#readRollbackState();
  }

  /**
   * Remembers `accepted` as the floor of this cache directory, never lowering it: under an
   * exclusive lock file the state is read again and the higher serial of the stored and the new
   * one is written (in the current format, `{ version: 3, accepted }`).
   * @throws RemoteError `rollbackStateUnreadable` when the state or its lock cannot be handled
   */
  public async writeAccepted(accepted: AcceptedSerial): Promise<void> {
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    const release = await this.#lock(join(this.directory, 'anti_rollback.json.lock'));
    try {
      const stored = await this.#readRollbackState();
      const kept = stored !== undefined && stored.serial > accepted.serial ? stored : accepted;
      await writeFileAtomic(join(this.directory, 'anti_rollback.json'), `${JSON.stringify({ version: 3, accepted: { serial: kept.serial, digest: kept.digest } }, null, 2)}\n`);
    } finally {
      await release();
    }
  }

  /**
   * Refuses a cache directory an attacker could have prepared: the cache directory,
   * `<cacheDir>/remote` and its `artifacts` directory, where they exist, must be real directories
   * (not symbolic links) not writable by group or others (missing ones are later created 0700).
   * @throws RemoteError `unsafeCacheDirectory`
   */
  public async checkDirectories(): Promise<void> {
    for (const directory of [dirname(this.directory), this.directory, this.artifactsDirectory]) {
      const stats = await lstat(directory).catch((error: unknown) => {
        if ((error as { code?: unknown }).code === 'ENOENT') {
          // Not there yet: it is created with mode 0700 when the first artifact is written.
          return undefined;
        }
        throw error;
      });
      if (stats === undefined) {
        continue;
      }
      if (stats.isSymbolicLink() || !stats.isDirectory()) {
        throw new RemoteError(RemoteErrorKind.unsafeCacheDirectory, `${directory} is not a real directory (a symbolic link?); refusing to load artifacts from it`);
      }
      if ((stats.mode & 0o022) !== 0) {
        throw new RemoteError(RemoteErrorKind.unsafeCacheDirectory, `${directory} is writable by group or others (mode ${(stats.mode & 0o777).toString(8)}); refusing to load artifacts from it`);
      }
    }
  }

  // The highest record in the file, whatever its format: `{ version: 3, accepted }` (current),
  // `{ version: 2, manifests: { <url>: record } }` (per URL, older) or a bare record (oldest).
  async #readRollbackState(): Promise<AcceptedSerial | undefined> {
    const path = join(this.directory, 'anti_rollback.json');
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') {
        return undefined;
      }
      throw new RemoteError(RemoteErrorKind.rollbackStateUnreadable, `the anti-rollback state ${path} cannot be read; refusing manifests until it is fixed`, {}, error);
    }
    const unreadable = (): RemoteError => new RemoteError(RemoteErrorKind.rollbackStateUnreadable, `the anti-rollback state ${path} is corrupt; refusing manifests until it is fixed or removed`);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw unreadable();
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw unreadable();
    }
    const records: AcceptedSerial[] = [];
    if (isAccepted(value)) {
      records.push(value);
    }
    const { accepted, manifests } = value as { accepted?: unknown; manifests?: unknown };
    if (accepted !== undefined) {
      if (!isAccepted(accepted)) {
        throw unreadable();
      }
      records.push(accepted);
    }
    if (manifests !== undefined) {
      if (typeof manifests !== 'object' || manifests === null || Array.isArray(manifests) || !Object.values(manifests).every(isAccepted)) {
        throw unreadable();
      }
      records.push(...Object.values(manifests as Record<string, AcceptedSerial>));
    }
    if (records.length === 0) {
      // An object holding none of the known formats: not "nothing accepted", but a state we cannot read.
      if (manifests !== undefined) {
        // `{ version: 2, manifests: {} }`: written by the per-URL version before anything was accepted.
        return undefined;
      }
      throw unreadable();
    }
    let highest = records[0] as AcceptedSerial;
    for (const record of records) {
      if (record.serial > highest.serial) {
        highest = record;
      }
    }
    return { serial: highest.serial, digest: highest.digest };
  }

  // An exclusive lock file (`wx`), retried for a bounded time; a lock older than STALE_LOCK_MS
  // was left by a process that died, and is removed.
  async #lock(path: string): Promise<() => Promise<void>> {
    for (let attempt = 0; attempt < LOCK_ATTEMPTS; attempt += 1) {
      try {
        const handle = await open(path, 'wx', 0o600);
        await handle.close();
        return () => rm(path, { force: true });
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'EEXIST') {
          throw new RemoteError(RemoteErrorKind.rollbackStateUnreadable, `cannot create the anti-rollback lock ${path}`, {}, error);
        }
      }
      const age = await stat(path).then((stats) => Date.now() - stats.mtimeMs, () => 0);
      if (age > STALE_LOCK_MS) {
        await rm(path, { force: true });
        continue;
      }
      await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
    }
    throw new RemoteError(RemoteErrorKind.rollbackStateUnreadable, `the anti-rollback lock ${path} is held by another process`);
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

function isAccepted(value: unknown): value is AcceptedSerial {
  return typeof value === 'object' && value !== null && typeof (value as { serial?: unknown }).serial === 'number' && Number.isFinite((value as { serial: number }).serial) && typeof (value as { digest?: unknown }).digest === 'string';
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
