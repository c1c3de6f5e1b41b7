/** Where a runtime keeps its files under a cache directory (a pure calculation). */
import path from 'node:path';

/** The files of the runtime that owns one cache directory. */
export interface RuntimePaths {
  /** `<cache_dir>/runtime`, created 0700. */
  readonly directory: string;
  /** The control channel's Unix domain socket (0600). */
  readonly socket: string;
  /** The PID record of the running runtime (JSON, 0600); see {@link RuntimeRecord}. */
  readonly pidFile: string;
  /** The health snapshot, rewritten atomically on every state change (0600). */
  readonly healthFile: string;
}

/** The runtime files of `cacheDir`, resolved against `cwd` when relative. */
export function runtimePaths(cacheDir: string, cwd: string = process.cwd()): RuntimePaths {
  const directory = path.resolve(cwd, cacheDir, 'runtime');
  return {
    directory,
    socket: path.join(directory, 'control.sock'),
    pidFile: path.join(directory, 'runtime.pid'),
    healthFile: path.join(directory, 'health.json'),
  };
}
