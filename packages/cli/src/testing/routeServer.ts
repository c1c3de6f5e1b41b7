// Test helper: a real HTTP server on 127.0.0.1 answering from a route table the test fills
// (path with query -> status and body; 404 otherwise), started and stopped with the suite.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One canned answer. */
export interface RouteAnswer {
  readonly status: number;
  readonly body: string;
}

/** The running server: its base URL (valid after `beforeAll`) and its routes (emptied before each test). */
export interface RouteServer {
  readonly baseUrl: () => string;
  readonly routes: Map<string, RouteAnswer>;
}

/** Registers jest hooks that start the server before the suite, empty its routes before each test and close it after. */
export function useRouteServer(): RouteServer {
  const routes = new Map<string, RouteAnswer>();
  let server: Server;
  let baseUrl = '';
  beforeAll(async () => {
    server = createServer((request, response) => {
      const route = routes.get(request.url ?? '/');
      response.writeHead(route?.status ?? 404);
      response.end(route?.body ?? '');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => {
    routes.clear();
  });
  return { baseUrl: () => baseUrl, routes };
}
