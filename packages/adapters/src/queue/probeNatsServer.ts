/** Checks that a NATS server answers (sends its INFO line) before the client connects. */
import { connect } from 'node:net';

const DEFAULT_PORT = 4222;

/**
 * Opens a plain TCP connection to the server of `url` and waits for the `INFO` line a NATS
 * server sends first, within `timeoutMs`; the socket is destroyed in every case.
 *
 * nats.js cannot be trusted with a server that accepts the connection and never answers: its
 * connect times out but leaves the socket open, waiting for INFO for ever (its transport only
 * closes connections that completed), which keeps the process alive. This probe fails first,
 * with a socket it owns. (A server that answers the probe and stalls the very next connection
 * is not covered.)
 * @param url - `nats://host:port` or `tls://host:port` (the INFO line comes before any TLS)
 * @param timeoutMs - limit on connecting and on the INFO line together
 * @returns resolves once INFO came
 * @throws Error naming what failed: the socket error, `no INFO within …`, or an unexpected reply
 * @example
 * ```ts
 * await probeNatsServer('nats://127.0.0.1:4222', 2_000);
 * ```
 */
export async function probeNatsServer(url: string, timeoutMs: number): Promise<void> {
  const parsed = new URL(url);
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const port = parsed.port === '' ? DEFAULT_PORT : Number(parsed.port);
  await new Promise<void>((resolve, reject) => {
    const socket = connect({ host, port });
    let received = '';
    const finish = (error?: Error): void => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.destroy();
      if (error === undefined) {
        resolve();
      } else {
        reject(error);
      }
    };
    const timer = setTimeout(() => finish(new Error(`no INFO from the server within ${timeoutMs} ms`)), timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received.startsWith('INFO ') && received.includes('\r\n')) {
        finish();
      } else if (received.length >= 5 && !received.startsWith('INFO ')) {
        finish(new Error('unexpected first reply from the server (not a NATS INFO line)'));
      } else if (received.length > 1_048_576) {
        finish(new Error('the server\'s INFO line is too long'));
      }
    });
    socket.on('error', (error) => finish(error));
    socket.on('close', () => finish(new Error('the server closed the connection before sending INFO')));
  });
}
