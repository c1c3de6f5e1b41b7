/** The embedded default storage: files under one root directory, never outside it. */
import { constants, createWriteStream } from 'node:fs';
import { lstat, mkdir, open, readdir, realpath, rename, rm, stat, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import { Adapter, InjectSettings } from '@oneiric/core';
import { requireReady } from '../clients/requireReady.js';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { checkStorageKey } from './checkStorageKey.js';
import { LocalFileStorageSettings } from './localFileStorageSettings.js';
import type { Storage, StorageBody } from './storage.js';

const PROVIDER = 'local';
const TEMP_PREFIX = '.oneiric-tmp-';
const CONTEXT = { domain: 'adapter', key: 'storage', provider: PROVIDER } as const;
// NOFOLLOW: a symbolic link swapped in after the key was checked is not followed.
const READ_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW;

function isNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * Stores each object as a file under `root`. Keys are checked segment by segment and the path is
 * walked from the root one directory at a time: a symbolic link anywhere on it is refused
 * (`pathOutsideRoot`), missing directories are created one level at a time only after the level
 * above was checked, and files are opened without following links, so a symbolic link planted
 * inside the root cannot lead outside it. Writes go to a temporary file
 * renamed into place, so readers see the old object or the new one, never half of one.
 * Priority 200.
 * @example
 * ```ts
 * await storage.put('reports/nov.txt', 'done');
 * const text = (await storage.get('reports/nov.txt'))?.toString('utf8');
 * ```
 */
@Adapter('storage', 'local', {
  priority: 200,
  settings: LocalFileStorageSettings,
  capabilities: ['streams', 'embedded'],
  description: 'local filesystem storage confined to a root directory',
})
export class LocalFileStorage implements Storage {
  readonly #settings: LocalFileStorageSettings;
  #root: string | undefined;

  /** @param settings - the root directory */
  public constructor(@InjectSettings() settings: LocalFileStorageSettings) {
    this.#settings = settings;
  }

  /** Creates the root directory when missing and remembers its real path. */
  public async init(): Promise<void> {
    const root = resolve(this.#settings.root);
    await mkdir(root, { recursive: true });
    this.#root = await realpath(root);
  }

  /** {@inheritDoc Storage.put} */
  public async put(key: string, body: StorageBody): Promise<void> {
    const path = await this.#pathOf(key, true);
    const temp = join(dirname(path), `${TEMP_PREFIX}${randomUUID()}`);
    try {
      const source = typeof body === 'string' || body instanceof Uint8Array ? Readable.from([Buffer.from(body)]) : body;
      await pipeline(source, createWriteStream(temp, { flags: 'wx', mode: 0o644 }));
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  /** {@inheritDoc Storage.get} */
  public async get(key: string): Promise<Buffer | undefined> {
    const handle = await this.#open(key);
    if (handle === undefined) {
      return undefined;
    }
    try {
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  }

  /** {@inheritDoc Storage.getStream} */
  public async getStream(key: string): Promise<Readable | undefined> {
    const handle = await this.#open(key);
    // The stream closes the handle when it ends or is destroyed.
    return handle?.createReadStream();
  }

  /** {@inheritDoc Storage.delete} */
  public async delete(key: string): Promise<boolean> {
    const path = await this.#pathOf(key, false);
    try {
      await unlink(path);
      return true;
    } catch (error) {
      if (isNotFound(error)) {
        return false;
      }
      throw error;
    }
  }

  /** {@inheritDoc Storage.list} */
  public async list(prefix = ''): Promise<string[]> {
    const root = requireReady(this.#root, 'storage', PROVIDER);
    const keys: string[] = [];
    const walk = async (directory: string): Promise<void> => {
      const entries = await readdir(directory, { withFileTypes: true });
      for (const entry of entries) {
        const path = join(directory, entry.name);
        if (entry.isDirectory()) {
          await walk(path);
        } else if (entry.isFile() && !entry.name.startsWith(TEMP_PREFIX)) {
          const key = relative(root, path).split(sep).join('/');
          if (key.startsWith(prefix)) {
            keys.push(key);
          }
        }
      }
    };
    await walk(root);
    return keys.sort();
  }

  /** {@inheritDoc Storage.exists} */
  public async exists(key: string): Promise<boolean> {
    return this.#isFile(await this.#pathOf(key, false));
  }

  /** True when the root directory is there and is a directory. */
  public async health(): Promise<boolean> {
    try {
      return (await stat(requireReady(this.#root, 'storage', PROVIDER))).isDirectory();
    } catch {
      return false;
    }
  }

  /** Nothing is held open between calls; forgets the root so later calls fail clearly. */
  public async cleanup(): Promise<void> {
    this.#root = undefined;
  }

  // Opens the file of a key for reading, or answers undefined when there is no such file.
  async #open(key: string): Promise<FileHandle | undefined> {
    const path = await this.#pathOf(key, false);
    let handle;
    try {
      handle = await open(path, READ_FLAGS);
    } catch (error) {
      if (isNotFound(error)) {
        return undefined;
      }
      if ((error as { code?: unknown }).code === 'ELOOP') {
        throw this.#outside(key);
      }
      throw error;
    }
    try {
      if ((await handle.stat()).isFile()) {
        return handle;
      }
    } catch (error) {
      await handle.close();
      throw error;
    }
    await handle.close();
    return undefined;
  }

  async #isFile(path: string): Promise<boolean> {
    try {
      return (await lstat(path)).isFile();
    } catch (error) {
      if (isNotFound(error)) {
        return false;
      }
      throw error;
    }
  }

  #outside(key: string): AdapterError {
    return new AdapterError(AdapterErrorKind.pathOutsideRoot, `adapter:storage (local): key ${JSON.stringify(key)} leads outside the root`, CONTEXT);
  }

  /**
   * The absolute path of a key under the root. The directories on the way are walked from the
   * root one at a time with lstat: a symbolic link is refused, and with `createParent` a missing
   * directory is created (one level) only once the level above was checked, so nothing is ever
   * created through a link. The last segment is refused when it is a link.
   */
  async #pathOf(key: string, createParent: boolean): Promise<string> {
    const root = requireReady(this.#root, 'storage', PROVIDER);
    const segments = checkStorageKey(key, PROVIDER);
    const path = resolve(root, ...segments);
    if (!path.startsWith(root + sep)) {
      throw this.#outside(key);
    }
    let current = root;
    for (const [index, segment] of segments.entries()) {
      current = join(current, segment);
      const last = index === segments.length - 1;
      let info;
      try {
        info = await lstat(current);
      } catch (error) {
        if (!isNotFound(error)) {
          throw error;
        }
        if (last || !createParent) {
          // Nothing there: nothing can be read, and nothing can escape through it.
          return path;
        }
        try {
          await mkdir(current, { mode: 0o755 });
        } catch (mkdirError) {
          // Created concurrently: check what is there now.
          if ((mkdirError as { code?: unknown }).code !== 'EEXIST') {
            throw mkdirError;
          }
        }
        info = await lstat(current);
      }
      if (info.isSymbolicLink()) {
        throw this.#outside(key);
      }
      if (!last && !info.isDirectory()) {
        // A file where a directory should be: reads find nothing; writes fail with ENOTDIR.
        return path;
      }
    }
    return path;
  }
}
