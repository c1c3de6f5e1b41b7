/** Starts and stops the control socket and the TCP listener of a runtime. */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { RuntimePaths } from '../client/runtimePaths.js';
import type { ControlHooks } from '../control/controlServerOptions.js';
import type { ControlTarget } from '../control/controlTarget.js';
import { createControlServer } from '../control/createControlServer.js';
import type { RuntimeSettings } from '../config/runtimeSettings.js';
import { listenOnControlSocket } from '../process/listenOnControlSocket.js';

/** Where the TCP listener ended up. */
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
   * Listens the control server on the socket and, when `port` is given, on TCP.
   * @param target - the runtime
   * @param hooks - what `/healthz`, `/readyz` and `/metrics` report
   */
  public async start(target: ControlTarget, hooks: ControlHooks, settings: RuntimeSettings, paths: RuntimePaths, port: number | undefined): Promise<void> {
    const limits = { bodyLimitBytes: settings.control_body_limit_bytes, requestTimeoutMs: settings.control_request_timeout_ms, hooks };
    const socketServer = createControlServer(target, { surface: 'socket', ...limits });
    this.#servers.push(socketServer);
    await listenOnControlSocket(socketServer, paths);
    if (port === undefined) {
      return;
    }
    const token = settings.http.admin_token;
    const tcpServer = createControlServer(target, { surface: 'tcp', ...limits, ...(token === undefined ? {} : { adminToken: token }) });
    this.#servers.push(tcpServer);
    await tcpServer.listen({ host: settings.http.host, port });
    const address = tcpServer.server.address() as AddressInfo;
    this.#tcp = { host: settings.http.host, port: address.port };
  }

  /** Closes every server (in-flight requests finish; the socket file goes with its server). */
  public async close(): Promise<void> {
    const servers = this.#servers.splice(0);
    await Promise.allSettled(servers.map((server) => server.close()));
  }
}
