// Test-only: a TCP relay for fault injection against one connection of a real service.
import { connect, createServer, type Socket } from 'node:net';

/**
 * A TCP relay in front of the real Redis, for faults that must hit one connection only (CLIENT
 * PAUSE would stall every suite sharing the server): `freeze` holds the server's replies back,
 * `cut` drops every relayed connection and refuses new ones.
 */
export async function startRelay(target: string): Promise<{ url: string; freeze(): void; cut(): void; close(): Promise<void> }> {
  const upstreamUrl = new URL(target);
  const pairs: Array<[Socket, Socket]> = [];
  let refusing = false;
  const server = createServer((client) => {
    if (refusing) {
      client.destroy();
      return;
    }
    const upstream = connect(Number(upstreamUrl.port || 6379), upstreamUrl.hostname.replace(/^\[|\]$/g, ''));
    pairs.push([client, upstream]);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const relayed = new URL(target);
  relayed.hostname = '127.0.0.1';
  relayed.port = String((server.address() as { port: number }).port);
  const cut = (): void => {
    refusing = true;
    for (const [client, upstream] of pairs) {
      client.destroy();
      upstream.destroy();
    }
  };
  return {
    url: relayed.toString(),
    freeze: () => {
      for (const [, upstream] of pairs) upstream.unpipe();
    },
    cut,
    close: async () => {
      cut();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
