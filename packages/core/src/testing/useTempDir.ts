// Test helper: gives each test of a spec file a fresh temporary directory, removed after the test.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Registers a `beforeEach` hook that creates a directory under the OS temp directory and an
 * `afterEach` hook that removes it with everything inside. Call it at the top level of a spec
 * file (or of a `describe`), not inside a test.
 *
 * @param prefix - The start of the directory's name, e.g. `oneiric-settings-`.
 * @returns `path()`, the current test's directory, and `write(relativePath, content)`, which
 * writes a file below it (creating missing parent directories) and returns the file's path.
 */
export function useTempDir(prefix: string): { path: () => string; write: (relativePath: string, content: string) => Promise<string> } {
  let current: string | undefined;

  beforeEach(async () => {
    current = await mkdtemp(join(tmpdir(), prefix));
  });

  afterEach(async () => {
    if (current !== undefined) {
      await rm(current, { recursive: true, force: true });
      current = undefined;
    }
  });

  const path = (): string => {
    if (current === undefined) {
      throw new Error('useTempDir(): the directory exists only while a test runs');
    }
    return current;
  };

  const write = async (relativePath: string, content: string): Promise<string> => {
    const file = join(path(), relativePath);
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(file, content);
    return file;
  };

  return { path, write };
}
