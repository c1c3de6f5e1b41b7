/** The embedded default storage: files under one root directory, never outside it. */
import { storageKey } from '../adapterKeys.js';
import { constants } from 'node:fs';
import { lstat, mkdir, open, readdir, realpath, rename, rm, stat, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { Adapter, InjectSettings } from '@oneiric/core';
import { requireReady } from '../clients/requireReady.js';
import { toFsError } from '../clients/toFsError.js';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { checkStorageKey, STORAGE_TEMP_PREFIX } from './checkStorageKey.js';
import { confirmInsideRoot } from './confirmInsideRoot.js';
import { isInsideRoot } from './isInsideRoot.js';
import { LocalFileStorageSettings } from './localFileStorageSettings.js';
import { checkPageRequest } from './checkPageRequest.js';
import { pageOfKeys } from './pageOfKeys.js';
import type { Storage, StorageBody, StorageMetadata, StoragePage, StoragePageRequest } from './storage.js';

const PROVIDER = 'local';
const TEMP_PREFIX = STORAGE_TEMP_PREFIX;
const CONTEXT = { domain: 'adapter', key: 'storage', provider: PROVIDER } as const;
const USER = { category: 'storage', provider: PROVIDER } as const;
// NOFOLLOW: a symbolic link swapped in after the key was checked is not followed.
const READ_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW;
// EXCL: a new temporary file, never one planted in advance.
const TEMP_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

function isNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** True for an error of a system call (it has a `syscall`), as opposed to one of the caller's body stream. */
function isSystemError(error: unknown): boolean {
  return typeof (error as { syscall?: unknown } | null)?.syscall === 'string';
}

/** The operation, naming the key, for messages. */
function about(operation: string, key: string): string {
  return `${operation} ${JSON.stringify(key)}`;
}

/**
 * Stores each object as a file under `root`. Keys are checked segment by segment and the path is
 * walked from the root one directory at a time: a symbolic link anywhere on it is refused
 * (`pathOutsideRoot`), missing directories are created one level at a time only after the level
 * above was checked, and files are opened without following links, so a symbolic link planted
 * inside the root cannot lead outside it. Since a directory checked on the way could be swapped
 * for a link before the file is opened, every opened file is checked again through its
 * descriptor (`confirmInsideRoot`: on Linux `/proc/self/fd`, elsewhere `realpath` plus a
 * `dev`/`ino` comparison): a file read, and the temporary file of a write both after it is
 * created and again right before it is renamed into place, must lie inside the root, or the
 * call fails with `pathOutsideRoot` (a temporary file found outside is removed).
 *
 * What is guaranteed: no byte is read from, and no object is renamed into, a file that was not
 * inside the root when it was checked through its descriptor. What is not: the window between
 * the last check and the rename (a path-based call) remains, and a directory moved out of the
 * root while a file is open in it cannot be told apart; so the root and the directories under
 * it must not be writable by untrusted users. A temporary file created through a swapped link
 * may exist outside the root for the moment before it is removed.
 *
 * Keys are normalised to Unicode NFC (see `checkStorageKey`), so NFC and NFD spellings of a key
 * name one object; a key whose last segment starts with `.oneiric-tmp-` is refused.
 * Writes go to a temporary file renamed into place, so readers see the old object or the new
 * one, never half of one.
 * A failing file system call is an AdapterError (see `toFsError`): `invalidArgument` when
 * the key cannot be a path here (a segment longer than the file system allows, a key under
 * another object's key, ENOTDIR, or one that names a directory of other keys, EISDIR),
 * `permissionDenied`, or `fileSystemFailed` (no space, read-only, I/O error), with the system
 * error as cause. Priority 200.
 * @example
 * ```ts
 * await storage.put('reports/nov.txt', 'done');
 * const text = (await storage.get('reports/nov.txt'))?.toString('utf8');
 * ```
 * @category Storage
 */
@Adapter(storageKey, 'local', {
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

  /**
   * Creates the root directory when missing and remembers its real path.
   * @throws AdapterError `invalidArgument` when the root is a file (or under one),
   *   `permissionDenied` or `fileSystemFailed` when it cannot be created
   */
  public async init(): Promise<void> {
    const root = resolve(this.#settings.root);
    try {
      await mkdir(root, { recursive: true });
      this.#root = await realpath(root);
    } catch (error) {
      throw toFsError(USER, 'init of the root directory', error);
    }
  }

  /**
   * {@inheritDoc Storage.put}
   * @throws AdapterError `invalidArgument`, `permissionDenied` or `fileSystemFailed` when the file
   *   cannot be written; an error of `body` itself (a stream that fails) is rethrown as it is
   */
  public async put(key: string, body: StorageBody): Promise<void> {
    // Every body becomes a Readable with an error listener before anything is awaited: a caller's
    // stream failing meanwhile must not be an unhandled 'error', and a failing async iterable
    // must be recognised as the body's failure, not blamed on the file system.
    const source = body instanceof Readable ? body : Readable.from(typeof body === 'string' || body instanceof Uint8Array ? [Buffer.from(body)] : body);
    // Whether the body failed (its error is rethrown as it is), and whether a chunk was being read from it.
    let failedFirst: 'body' | undefined;
    let reading = false;
    source.once('error', () => {
      failedFirst ??= 'body';
    });
    const root = requireReady(this.#root, 'storage', PROVIDER);
    const path = await this.#pathOf(key, true, 'put');
    const temp = join(dirname(path), `${TEMP_PREFIX}${randomUUID()}`);
    let handle: FileHandle;
    try {
      handle = await open(temp, TEMP_FLAGS, 0o644);
    } catch (error) {
      source.destroy();
      throw (error as { code?: unknown }).code === 'ELOOP' ? this.#outside(key) : toFsError(USER, about('put', key), error);
    }
    try {
      // A directory on the way swapped for a link since #pathOf: the file would be outside.
      if (!(await confirmInsideRoot(handle, temp, root))) {
        throw this.#outside(key);
      }
      // Written through the descriptor checked above, kept open to the rename to be checked again.
      reading = true;
      for await (const chunk of source as AsyncIterable<string | Uint8Array>) {
        reading = false;
        await handle.writeFile(chunk);
        reading = true;
      }
      reading = false;
      if (!(await confirmInsideRoot(handle, temp, root))) {
        throw this.#outside(key);
      }
      await rename(temp, path);
    } catch (error) {
      source.destroy();
      await rm(temp, { force: true }).catch(() => undefined);
      // A system error outside reading the body is the disk's; what the body threw is rethrown as it is.
      throw error instanceof AdapterError ? error : !reading && failedFirst !== 'body' && isSystemError(error) ? toFsError(USER, about('put', key), error) : error;
    } finally {
      await handle.close().catch(() => undefined);
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
    } catch (error) {
      throw toFsError(USER, about('read', key), error);
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
    const path = await this.#pathOf(key, false, 'delete');
    try {
      await unlink(path);
      return true;
    } catch (error) {
      // EISDIR: the key names a directory of other keys, not an object (exists() is false too).
      if (isNotFound(error) || (error as { code?: unknown }).code === 'EISDIR') {
        return false;
      }
      throw toFsError(USER, about('delete', key), error);
    }
  }

  /** {@inheritDoc Storage.list} */
  public async list(prefix = ''): Promise<string[]> {
    const root = requireReady(this.#root, 'storage', PROVIDER);
    // Keys are stored NFC (checkStorageKey): so is the prefix they are compared with.
    const wanted = typeof prefix === 'string' ? prefix.normalize('NFC') : prefix;
    const keys: string[] = [];
    const walk = async (directory: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(directory, { withFileTypes: true });
      } catch (error) {
        if (directory !== root && isNotFound(error)) {
          // Removed since its parent was read: it holds no keys any more.
          return;
        }
        throw toFsError(USER, `list ${JSON.stringify(prefix)}`, error);
      }
      for (const entry of entries) {
        const path = join(directory, entry.name);
        if (entry.isDirectory()) {
          await walk(path);
        } else if (entry.isFile() && !entry.name.startsWith(TEMP_PREFIX)) {
          const key = relative(root, path).split(sep).join('/');
          if (key.startsWith(wanted)) {
            keys.push(key);
          }
        }
      }
    };
    await walk(root);
    return keys.sort();
  }

  /** {@inheritDoc Storage.listPage} */
  public async listPage(prefix: string, page: StoragePageRequest): Promise<StoragePage> {
    const limit = checkPageRequest(page, PROVIDER);
    // A directory walk has no native pages: the sorted listing is cut after the cursor's key.
    return pageOfKeys(await this.list(prefix), limit, page.cursor, PROVIDER);
  }

  /** {@inheritDoc Storage.metadata} */
  public async metadata(key: string): Promise<StorageMetadata | undefined> {
    const handle = await this.#open(key);
    if (handle === undefined) {
      return undefined;
    }
    try {
      const info = await handle.stat();
      return { size: info.size, lastModified: info.mtime };
    } catch (error) {
      throw toFsError(USER, about('stat', key), error);
    } finally {
      await handle.close();
    }
  }

  /** {@inheritDoc Storage.exists} */
  public async exists(key: string): Promise<boolean> {
    return this.#isFile(key, await this.#pathOf(key, false, 'check'));
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
    const root = requireReady(this.#root, 'storage', PROVIDER);
    const path = await this.#pathOf(key, false, 'read');
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
      throw toFsError(USER, about('read', key), error);
    }
    // A directory on the way swapped for a link since #pathOf: the file is not this key's.
    if (!(await confirmInsideRoot(handle, path, root))) {
      await handle.close();
      throw this.#outside(key);
    }
    try {
      if ((await handle.stat()).isFile()) {
        return handle;
      }
    } catch (error) {
      await handle.close();
      throw toFsError(USER, about('read', key), error);
    }
    await handle.close();
    return undefined;
  }

  async #isFile(key: string, path: string): Promise<boolean> {
    try {
      return (await lstat(path)).isFile();
    } catch (error) {
      if (isNotFound(error)) {
        return false;
      }
      throw toFsError(USER, about('check', key), error);
    }
  }

  #outside(key: string): AdapterError {
    return new AdapterError(AdapterErrorKind.pathOutsideRoot, `adapter:storage (local): key ${JSON.stringify(key)} leads outside the root`, CONTEXT);
  }

  /**
   * The absolute path of a key under the root. The directories on the way are walked from the
   * root one at a time with lstat: a symbolic link is refused, and with `createParent` a missing
   * directory is created (one level) only once the level above was checked, so nothing is ever
   * created through a link. The last segment is refused when it is a link. File system errors
   * become AdapterErrors (ENAMETOOLONG for an over-long segment: `invalidArgument`).
   */
  async #pathOf(key: string, createParent: boolean, operation: string): Promise<string> {
    const root = requireReady(this.#root, 'storage', PROVIDER);
    const segments = checkStorageKey(key, PROVIDER);
    const path = resolve(root, ...segments);
    // Relative, not a `root + sep` prefix test: a root of `/` ends with the separator already.
    if (!isInsideRoot(root, path)) {
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
          throw toFsError(USER, about(operation, key), error);
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
            throw toFsError(USER, about('put', key), mkdirError);
          }
        }
        try {
          info = await lstat(current);
        } catch (error) {
          throw toFsError(USER, about('put', key), error);
        }
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
