/** Secrets kept one per file (mode 0600) in a private directory. */
import { secretsKey } from '../adapterKeys.js';
import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { chmod, lstat, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Adapter, InjectSettings } from '@oneiric/core';
import { requireReady } from '../clients/requireReady.js';
import { toFsError } from '../clients/toFsError.js';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { checkSecretName, isSecretName } from './checkSecretName.js';
import { FileSecretsSettings } from './fileSecretsSettings.js';
import type { SecretStore } from './secretStore.js';

const TEMP_PREFIX = '.oneiric-tmp-';
const CONTEXT = { domain: 'adapter', key: 'secrets', provider: 'file' } as const;
const USER = { category: 'secrets', provider: 'file' } as const;
// NOFOLLOW: a symlink could point anywhere; NONBLOCK: opening a FIFO must not wait for a writer.
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

function insecure(message: string, cause?: unknown): AdapterError {
  return new AdapterError(AdapterErrorKind.insecurePermissions, `adapter:secrets (file): ${message}`, CONTEXT, cause);
}

/** True when `uid` is this process's user (always true where the platform has no uids). */
function ownedByMe(uid: number): boolean {
  return process.getuid === undefined || uid === process.getuid();
}

/**
 * One file per secret, named after it. A file other users may read or write (any group or
 * other permission bit) is refused rather than served, since its secret may already be known;
 * so is anything but a regular file owned by this user (a symlink, a FIFO, a directory), and a
 * directory that is not this user's or that group or others may write to.
 * `rotate` writes a 0600 temporary file and renames it over the old one, so a reader sees the
 * old value or the new one. One trailing newline is dropped (editors add one). A failing file
 * system call is an AdapterError (see `toFsError`): `invalidArgument` (a directory where
 * the secret's file should be, EISDIR), `permissionDenied` or `fileSystemFailed` (no space,
 * read-only, the directory gone), with the system error as cause; messages name the secret,
 * never its value. Priority 150.
 * @example
 * ```ts
 * await secrets.rotate('api_token', newToken);
 * ```
 * @category Secrets
 */
@Adapter(secretsKey, 'file', {
  priority: 150,
  settings: FileSecretsSettings,
  capabilities: ['rotation', 'embedded'],
  description: 'secrets in 0600 files in a private directory',
})
export class FileSecrets implements SecretStore {
  readonly #settings: FileSecretsSettings;
  #directory: string | undefined;

  /** @param settings - the directory */
  public constructor(@InjectSettings() settings: FileSecretsSettings) {
    this.#settings = settings;
  }

  /**
   * Creates the directory (0700) when missing, then checks it.
   * @throws AdapterError `insecurePermissions` when the directory is a symlink or not a
   *   directory, is owned by another user, or group or others may write to it (they could
   *   replace the secret files); `invalidArgument`, `permissionDenied` or `fileSystemFailed`
   *   when it cannot be created (a file in the way, no permission)
   */
  public async init(): Promise<void> {
    const directory = resolve(this.#settings.directory);
    let info;
    try {
      await mkdir(directory, { recursive: true, mode: 0o700 });
      info = await lstat(directory);
    } catch (error) {
      throw toFsError(USER, 'init of the directory', error);
    }
    if (!info.isDirectory()) {
      throw insecure(`${directory} is not a directory (a symlink is refused: it could be redirected)`);
    }
    if (!ownedByMe(info.uid)) {
      throw insecure(`${directory} is owned by uid ${info.uid}, not by this user`);
    }
    if ((info.mode & 0o022) !== 0) {
      throw insecure(`${directory} has mode ${(info.mode & 0o777).toString(8)}; group or others could replace secrets in it (chmod 700)`);
    }
    this.#directory = directory;
  }

  /**
   * {@inheritDoc SecretStore.get}
   * @throws AdapterError `insecurePermissions` when the file is open to group or others, is
   *   not a regular file (symlink, FIFO, directory) or is owned by another user
   */
  public async get(name: string): Promise<string | undefined> {
    const path = join(this.#ready(), checkSecretName(name, 'file'));
    let handle;
    try {
      handle = await open(path, OPEN_FLAGS);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 'ENOENT') {
        return undefined;
      }
      if (code === 'ELOOP') {
        throw insecure(`${name} is a symlink; secret files must be regular files`, error);
      }
      throw toFsError(USER, `get ${name}`, error);
    }
    try {
      // Checked on the open handle: the file cannot be swapped between the check and the read.
      const info = await handle.stat().catch((error: unknown) => {
        throw toFsError(USER, `get ${name}`, error);
      });
      if (!info.isFile()) {
        throw insecure(`${name} is not a regular file; secret files must be regular files`);
      }
      if (!ownedByMe(info.uid)) {
        throw insecure(`${name} is owned by uid ${info.uid}, not by this user`);
      }
      if ((info.mode & 0o077) !== 0) {
        throw insecure(`${name} has mode ${(info.mode & 0o777).toString(8)}; secret files must be 0600 (chmod 600)`);
      }
      const text = await handle.readFile('utf8').catch((error: unknown) => {
        throw toFsError(USER, `get ${name}`, error);
      });
      return text.endsWith('\n') ? text.slice(0, -1) : text;
    } finally {
      await handle.close();
    }
  }

  /**
   * Names of the secrets this store holds, sorted. Files whose name is not a valid secret name (see `checkSecretName`: a space, a non-ASCII
   * letter, ...) and temporary files are left out: `get` would refuse them.
   */
  public async list(): Promise<string[]> {
    const directory = this.#ready();
    let entries;
    try {
      entries = await readdir(directory, { withFileTypes: true });
    } catch (error) {
      throw toFsError(USER, 'list', error);
    }
    return entries.filter((entry) => entry.isFile() && !entry.name.startsWith(TEMP_PREFIX) && isSecretName(entry.name)).map((entry) => entry.name).sort();
  }

  /** {@inheritDoc SecretStore.rotate} */
  public async rotate(name: string, value: string): Promise<void> {
    const directory = this.#ready();
    const path = join(directory, checkSecretName(name, 'file'));
    if (typeof value !== 'string') {
      throw new AdapterError(AdapterErrorKind.invalidArgument, `adapter:secrets (file): the value of ${name} must be a string`, CONTEXT);
    }
    const temp = join(directory, `${TEMP_PREFIX}${randomUUID()}`);
    try {
      const handle = await open(temp, 'wx', 0o600);
      try {
        await handle.writeFile(value, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      // The umask may have narrowed the mode further, never widened it; make it exactly 0600.
      await chmod(temp, 0o600);
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => undefined);
      // Named, never the value: messages reach logs.
      throw toFsError(USER, `rotate ${name}`, error);
    }
  }

  /** True when the directory exists and is a directory. */
  public async health(): Promise<boolean> {
    try {
      return (await stat(this.#ready())).isDirectory();
    } catch {
      return false;
    }
  }

  /** Nothing is held open; forgets the directory so later calls fail clearly. */
  public async cleanup(): Promise<void> {
    this.#directory = undefined;
  }

  #ready(): string {
    return requireReady(this.#directory, 'secrets', 'file');
  }
}
