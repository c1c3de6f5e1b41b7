// Builds the package-lock of a throwaway project that installs our packed tarballs, from the workspace's own lock, so `npm ci --offline` needs nothing but the npm cache.

/** One entry of a lockfile's `packages` map (only the fields this module reads or writes). */
export interface LockEntry {
  name?: string;
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [field: string]: unknown;
}

/** A package-lock.json, version 2 or 3. */
export interface Lockfile {
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
  [field: string]: unknown;
}

/** A workspace package packed into a tarball. */
export interface PackedWorkspace {
  /** The package name, e.g. `@oneiric/core`. */
  name: string;
  /** Its folder relative to the workspace root, e.g. `packages/core`. */
  folder: string;
  /** The tarball's path relative to the throwaway project, e.g. `../tarballs/oneiric-core-0.1.0.tgz`. */
  tarball: string;
}

// Flags that describe the workspace's graph (dev-only, peer-only); npm recomputes them. `optional` stays: a platform-specific package must keep failing softly.
const WORKSPACE_FLAGS = ['dev', 'devOptional', 'peer', 'extraneous'];

/** The folder whose node_modules Node searches after `location`'s own: `""` is the project root. */
function parentLocation(location: string): string | undefined {
  if (location === '') return undefined;
  const nested = location.lastIndexOf('/node_modules/');
  return nested === -1 ? '' : location.slice(0, nested);
}

/** Where Node's resolution finds `name` from a package at `location`, as a key of the lock. */
function findInstalled(packages: Record<string, LockEntry>, location: string, name: string): string | undefined {
  for (let at: string | undefined = location; at !== undefined; at = parentLocation(at)) {
    const candidate = `${at === '' ? '' : `${at}/`}node_modules/${name}`;
    const entry = packages[candidate];
    if (entry !== undefined && entry.link !== true) return candidate;
    if (entry?.link === true) return entry.resolved;
  }
  return undefined;
}

/** The names a package needs installed: dependencies, optional ones the lock has, required peers. */
function neededNames(entry: LockEntry, packages: Record<string, LockEntry>, location: string): string[] {
  const required = Object.keys(entry.dependencies ?? {});
  const optional = Object.keys(entry.optionalDependencies ?? {}).filter((name) => findInstalled(packages, location, name) !== undefined);
  const peers = Object.keys(entry.peerDependencies ?? {}).filter((name) => entry.peerDependenciesMeta?.[name]?.optional !== true);
  return [...required, ...optional, ...peers];
}

/**
 * The lock of a project whose only dependencies are `packed`: every package those tarballs
 * need (dependencies, required peers) at the place the workspace lock installs it, workspace
 * folders moved under `node_modules/<name>`, and the workspace packages themselves resolved to
 * their tarballs. Throws when a needed package is missing from the workspace lock (the tarballs
 * would need the network).
 *
 * @param workspaceLock - The workspace's package-lock.json.
 * @param packed - The packed workspace packages.
 * @returns The throwaway project's package-lock.json.
 */
export function offlineLockfile(workspaceLock: Lockfile, packed: readonly PackedWorkspace[]): Lockfile {
  const source = workspaceLock.packages;
  const folderToName = new Map(packed.map((workspace) => [workspace.folder, workspace.name]));
  const relocate = (location: string): string => {
    for (const [folder, name] of folderToName) {
      if (location === folder || location.startsWith(`${folder}/`)) return `node_modules/${name}${location.slice(folder.length)}`;
    }
    return location;
  };
  const root: LockEntry = { name: 'oneiric-pack-check', version: '1.0.0', dependencies: Object.fromEntries(packed.map((w) => [w.name, `file:${w.tarball}`])) };
  const packages: Record<string, LockEntry> = { '': root };
  const pending = packed.map((workspace) => workspace.folder);
  const seen = new Set<string>();
  while (pending.length > 0) {
    const location = pending.pop() as string;
    if (seen.has(location)) continue;
    seen.add(location);
    const entry = source[location];
    if (entry === undefined) throw new Error(`the workspace lock has no entry ${location}`);
    for (const name of neededNames(entry, source, location)) {
      const found = findInstalled(source, location, name);
      if (found === undefined) throw new Error(`${location} needs ${name}, which the workspace lock does not install`);
      pending.push(found);
    }
    const copy: LockEntry = { ...entry };
    for (const flag of WORKSPACE_FLAGS) delete copy[flag];
    const workspace = packed.find((w) => w.folder === location);
    if (workspace !== undefined) {
      delete copy.name;
      copy.resolved = `file:${workspace.tarball}`;
    }
    packages[relocate(location)] = copy;
  }
  return { name: root.name, version: root.version, lockfileVersion: 3, requires: true, packages };
}
