/** Reads a cached file, treating any read failure as "not cached". */
import { readFile } from 'node:fs/promises';

/** The file's bytes, or undefined when it cannot be read (missing, unreadable). */
export async function readIfExists(path: string): Promise<Uint8Array | undefined> {
  try {
    return new Uint8Array(await readFile(path));
  } catch {
    return undefined;
  }
}
