/** Test fixture: a private nats-server with JetStream on a free port, stopped and started by pid (never the shared one). */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

async function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => { socket.end(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/** A nats-server of its own: `start()`, `kill()` (SIGKILL by pid), `start()` again on the same port and store. */
export class PrivateNatsServer {
  public readonly storeDir = mkdtempSync(path.join(tmpdir(), 'oneiric-nats-'));
  readonly #extraArgs: readonly string[];
  #process: ChildProcess | undefined;
  #port = 0;

  /** @param extraArgs - more nats-server arguments (authentication, TLS) */
  public constructor(extraArgs: readonly string[] = []) {
    this.#extraArgs = extraArgs;
  }

  /** `nats://127.0.0.1:<port>`. */
  public get url(): string {
    return `nats://127.0.0.1:${this.#port}`;
  }

  /** Starts it (on a free port the first time, the same one after) and waits until it accepts. */
  public async start(): Promise<void> {
    this.#port ||= await freePort();
    this.#process = spawn('nats-server', ['-js', '-a', '127.0.0.1', '-p', String(this.#port), '-sd', this.storeDir, ...this.#extraArgs], { stdio: 'ignore' });
    const deadline = Date.now() + 10_000;
    while (!(await accepts(this.#port))) {
      if (Date.now() > deadline) {
        throw new Error(`nats-server did not accept on ${this.#port} within 10 s`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Kills the server it started (by pid) and waits for its exit. */
  public async kill(): Promise<void> {
    const child = this.#process;
    this.#process = undefined;
    if (child?.pid === undefined || child.exitCode !== null) {
      return;
    }
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(child.pid, 'SIGKILL');
    await exited;
  }

  /** Kills it and removes its store. */
  public async dispose(): Promise<void> {
    await this.kill();
    rmSync(this.storeDir, { recursive: true, force: true });
  }
}
