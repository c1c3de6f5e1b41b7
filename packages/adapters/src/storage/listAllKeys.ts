/** Every key under a prefix, read page by page: the `list` of every paginated storage provider. */
import type { Storage } from './storage.js';

// Large pages: `list` wants everything, so fewer round trips beat smaller answers.
const PAGE_SIZE = 1_000;

/** All keys of `storage` that start with `prefix`, sorted, following `listPage` cursors to the end. */
export async function listAllKeys(storage: Pick<Storage, 'listPage'>, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await storage.listPage(prefix, cursor === undefined ? { limit: PAGE_SIZE } : { limit: PAGE_SIZE, cursor });
    keys.push(...page.keys);
    cursor = page.cursor;
  } while (cursor !== undefined);
  return keys.sort();
}
