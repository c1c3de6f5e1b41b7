import { mkdir, mkdtemp, open, realpath, rename, rm, symlink, writeFile, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { confirmInsideRoot } from './confirmInsideRoot.js';

// The check LocalFileStorage runs on every file it opened by path: a race (a checked directory
// swapped for a link before the open) cannot be staged reliably, so its outcome is staged here:
// a descriptor opened through a link that leads out of the root, or whose directory left the root.
describe.each([
  ['through /proc/self/fd', {}],
  ['by realpath and dev/ino where /proc is missing', { procFd: '/nonexistent-proc/self/fd' }],
])('confirmInsideRoot %s', (_how, options) => {
  let base: string;
  let root: string;
  const handles: FileHandle[] = [];
  beforeEach(async () => {
    base = await realpath(await mkdtemp(join(tmpdir(), 'oneiric-confirm-')));
    root = join(base, 'root');
    await mkdir(join(root, 'd'), { recursive: true });
    await mkdir(join(base, 'outside'));
    await writeFile(join(base, 'outside', 'secret'), 'secret');
    await writeFile(join(root, 'd', 'file'), 'inside');
  });
  afterEach(async () => {
    await Promise.all(handles.splice(0).map((handle) => handle.close()));
    await rm(base, { recursive: true, force: true });
  });
  async function opened(path: string): Promise<FileHandle> {
    const handle = await open(path, 'r');
    handles.push(handle);
    return handle;
  }

  it('answers true for a file opened inside the root', async () => {
    const path = join(root, 'd', 'file');
    expect(await confirmInsideRoot(await opened(path), path, root, options)).toBe(true);
  });

  // What the race produces: `d` was checked, then replaced by a link to a directory outside.
  it('answers false for a file opened through a directory link that leads outside the root', async () => {
    await symlink(join(base, 'outside'), join(root, 'swapped'));
    const path = join(root, 'swapped', 'secret');
    expect(await confirmInsideRoot(await opened(path), path, root, options)).toBe(false);
  });

  it('answers false when the directory of the open file was moved out of the root since', async () => {
    const path = join(root, 'd', 'file');
    const handle = await opened(path);
    await rename(join(root, 'd'), join(base, 'moved'));
    expect(await confirmInsideRoot(handle, path, root, options)).toBe(false);
  });

  it('answers false for the root directory itself (an object is never the root)', async () => {
    expect(await confirmInsideRoot(await opened(root), root, root, options)).toBe(false);
  });
});
