// Test-only: a TCP relay for fault injection against one connection of a real service.
import { connect, createServer, type Socket } from 'node:net';

/**
 * A TCP relay in front of a real service (Redis, NATS), for faults that must hit one connection
 * only (CLIENT PAUSE would stall every suite sharing the server): `freeze` holds the server's
 * replies back and `thaw` lets them (and what was held) through again; `cut` drops every relayed
 * connection and refuses new ones until `restore`, which accepts connections again (an outage
 * that ends).
 */
export async function startRelay(target: string): Promise<{ url: string; freeze(): void; thaw(): void; cut(): void; restore(): void; close(): Promise<void> }> {
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
    // Forget closed pairs, so a relay that lives through many reconnections does not grow.
    client.on('close', () => {
      const index = pairs.findIndex(([each]) => each === client);
      if (index >= 0) pairs.splice(index, 1);
    });
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
    thaw: () => {
      for (const [client, upstream] of pairs) {
        if (!client.destroyed && !upstream.destroyed) upstream.pipe(client);
      }
    },
    cut,
    restore: () => {
      refusing = false;
    },
    close: async () => {
      cut();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
