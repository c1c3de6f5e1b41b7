/** The embedded default storage: files under one root directory, never outside it. */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, readdir, realpath, rename, rm, stat, unlink } from 'node:fs/promises';
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

function isNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * Stores each object as a file under `root`. Keys are checked segment by segment, the resolved
 * path must stay under the root, and the real path of the parent directory is checked too, so a
 * symbolic link planted inside the root cannot lead outside it. Writes go to a temporary file
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
    const path = await this.#pathOf(key, false);
    try {
      return await readFile(path);
    } catch (error) {
      if (isNotFound(error) || (error as { code?: unknown }).code === 'EISDIR') {
        return undefined;
      }
      throw error;
    }
  }

  /** {@inheritDoc Storage.getStream} */
  public async getStream(key: string): Promise<Readable | undefined> {
    const path = await this.#pathOf(key, false);
    if (!(await this.#isFile(path))) {
      return undefined;
    }
    return createReadStream(path);
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

  async #isFile(path: string): Promise<boolean> {
    try {
      return (await stat(path)).isFile();
    } catch (error) {
      if (isNotFound(error)) {
        return false;
      }
      throw error;
    }
  }

  // The absolute path of a key, checked to lie under the root, also through symbolic links.
  async #pathOf(key: string, createParent: boolean): Promise<string> {
    const root = requireReady(this.#root, 'storage', PROVIDER);
    const segments = checkStorageKey(key, PROVIDER);
    const path = resolve(root, ...segments);
    const outside = new AdapterError(AdapterErrorKind.pathOutsideRoot, `adapter:storage (local): key ${JSON.stringify(key)} leads outside the root`, {
      domain: 'adapter', key: 'storage', provider: PROVIDER,
    });
    if (!path.startsWith(root + sep)) {
      throw outside;
    }
    const parent = dirname(path);
    if (createParent) {
      await mkdir(parent, { recursive: true });
    }
    let realParent: string;
    try {
      realParent = await realpath(parent);
    } catch (error) {
      if (isNotFound(error)) {
        // No parent directory: nothing can be stored there, and nothing can escape through it.
        return path;
      }
      throw error;
    }
    if (realParent !== root && !realParent.startsWith(root + sep)) {
      throw outside;
    }
    const final = join(realParent, segments[segments.length - 1] ?? '');
    try {
      // The last segment may itself be a planted link: follow it and check where it lands.
      const realFinal = await realpath(final);
      if (!realFinal.startsWith(root + sep)) {
        throw outside;
      }
    } catch (error) {
      if (!isNotFound(error)) {
        throw error;
      }
    }
    return final;
  }
}
