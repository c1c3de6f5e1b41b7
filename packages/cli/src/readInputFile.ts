// Reads a file named on the command line, turning "no such file" into a typed one-line error.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CommandError } from './commandError.js';

/**
 * The text of `file` (resolved against `cwd`). `what` names the file in the error (`manifest`).
 * @throws CommandError `fileNotFound` naming the file as the user wrote it and where it was looked for
 */
export async function readInputFile(cwd: string, file: string, what: string): Promise<string> {
  const path = resolve(cwd, file);
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new CommandError('fileNotFound', `${what} file ${file} does not exist (looked for ${path})`, { file, path });
    }
    throw error;
  }
}
