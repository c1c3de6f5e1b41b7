/** Puts a control server on the runtime's Unix socket: 0600 in a 0700 directory. */
import { chmod } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import type { RuntimePaths } from '../client/runtimePaths.js';
import { ensureRuntimeDirectory, removeStaleSocket } from './runtimeLock.js';

/**
 * Listens `server` on `paths.socket`. The caller holds the runtime lock, so a socket file
 * already there was left by a runtime that died: it is removed first. The directory is 0700
 * before the socket exists, so the moment between `listen` and `chmod` exposes nothing.
 */
export async function listenOnControlSocket(server: FastifyInstance, paths: RuntimePaths): Promise<void> {
  await ensureRuntimeDirectory(paths);
  await removeStaleSocket(paths.socket);
  await server.listen({ path: paths.socket });
  await chmod(paths.socket, 0o600);
}
