/** Starts and stops the control socket and the TCP listener of a runtime. */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { RuntimePaths } from '../client/runtimePaths.js';
import type { ControlHooks } from '../control/controlServerOptions.js';
import type { ControlTarget } from '../control/controlTarget.js';
import { createControlServer } from '../control/createControlServer.js';
import type { RuntimeSettings } from '../config/runtimeSettings.js';
import { listenOnControlSocket } from '../process/listenOnControlSocket.js';

/**
 * Where the TCP listener ended up.
 * @category Runtime
 */
export interface TcpAddress {
  /** The host it listens on. */
  readonly host: string;
  /** The port (the one picked when 0 was asked). */
  readonly port: number;
}

/** The servers of one runtime. */
export class RuntimeListeners {
  readonly #servers: FastifyInstance[] = [];
  #tcp: TcpAddress | undefined;

  /** Where the TCP listener listens, once started with a port. */
  public get tcp(): TcpAddress | undefined {
    return this.#tcp;
  }

  /**
   * Listens the control server on TCP (`/healthz`, `/readyz`, `/metrics`, and `/v1/...` with the
   * admin token). Call before {@link startSocket}: clients take an answering socket to mean that
   * the PID record is complete, TCP port included.
   * @param target - the runtime
   * @param hooks - what `/healthz`, `/readyz` and `/metrics` report
   */
  public async startTcp(target: ControlTarget, hooks: ControlHooks, settings: RuntimeSettings, port: number): Promise<void> {
    const token = settings.http.admin_token;
    const tcpServer = createControlServer(target, { surface: 'tcp', ...limitsOf(settings, hooks), ...(token === undefined ? {} : { adminToken: token }) });
    this.#servers.push(tcpServer);
    await tcpServer.listen({ host: settings.http.host, port });
    const address = tcpServer.server.address() as AddressInfo;
    this.#tcp = { host: settings.http.host, port: address.port };
  }

  /** Listens the control server on the runtime's Unix socket (0600 in a 0700 directory). */
  public async startSocket(target: ControlTarget, hooks: ControlHooks, settings: RuntimeSettings, paths: RuntimePaths): Promise<void> {
    const socketServer = createControlServer(target, { surface: 'socket', ...limitsOf(settings, hooks) });
    this.#servers.push(socketServer);
    await listenOnControlSocket(socketServer, paths);
  }

  /** Closes every server (in-flight requests finish; the socket file goes with its server). */
  public async close(): Promise<void> {
    const servers = this.#servers.splice(0);
    await Promise.allSettled(servers.map((server) => server.close()));
  }
}

function limitsOf(settings: RuntimeSettings, hooks: ControlHooks): { bodyLimitBytes: number; requestTimeoutMs: number; hooks: ControlHooks } {
  return { bodyLimitBytes: settings.control_body_limit_bytes, requestTimeoutMs: settings.control_request_timeout_ms, hooks };
}
