// Integration tests of fetchResource against a real HTTP server on 127.0.0.1: redirects, headers, sizes.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RemoteError, RemoteErrorKind } from '../errors/remoteError.js';
import { fetchResource } from './fetchResource.js';

let first: Server;
let second: Server;
let firstUrl: string;
let secondUrl: string;
let seenTokens: (string | undefined)[];
let hanging: ServerResponse[] = [];

function listen(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

beforeAll(async () => {
  ({ server: second, url: secondUrl } = await listen((request, response) => {
    seenTokens.push(request.headers['x-token'] as string | undefined);
    response.end('from the other origin');
  }));
  ({ server: first, url: firstUrl } = await listen((request, response) => {
    seenTokens.push(request.headers['x-token'] as string | undefined);
    if (request.url === '/same') {
      response.writeHead(302, { location: '/final' }).end();
    } else if (request.url === '/cross') {
      response.writeHead(302, { location: `${secondUrl}/elsewhere` }).end();
    } else if (request.url === '/loop') {
      response.writeHead(302, { location: '/loop' }).end();
    } else if (request.url === '/to-file') {
      response.writeHead(302, { location: 'file:///etc/passwd' }).end();
    } else if (request.url === '/chunked') {
      // No content-length: the size is only known by counting, and the server would go on and on.
      response.writeHead(200);
      const timer = setInterval(() => response.write('y'.repeat(512)), 1);
      response.on('close', () => clearInterval(timer));
    } else if (request.url === '/silent') {
      // Never answers: only the client's deadline ends the request.
      hanging.push(response);
    } else if (request.url === '/stalled') {
      // Headers and a first chunk, then nothing: the deadline must cover the body too.
      response.writeHead(200).write('partial');
      hanging.push(response);
    } else if (request.url === '/big') {
      response.writeHead(200, { 'content-length': '2048' }).end('x'.repeat(2048));
    } else {
      response.end('final');
    }
  }));
});

beforeEach(() => {
  seenTokens = [];
});

afterEach(() => {
  for (const response of hanging) {
    response.destroy();
  }
  hanging = [];
});

afterAll(async () => {
  await Promise.all([first, second].map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
});

describe('fetchResource', () => {
  const options = { timeoutMs: 1_000, headers: { 'x-token': 'secret-value' } };

  it('follows a same-origin redirect, sending the header each time', async () => {
    expect(new TextDecoder().decode(await fetchResource(`${firstUrl}/same`, options))).toBe('final');
    expect(seenTokens).toEqual(['secret-value', 'secret-value']);
  });

  it('follows a cross-origin redirect without the header, so the token never leaves its origin', async () => {
    expect(new TextDecoder().decode(await fetchResource(`${firstUrl}/cross`, options))).toBe('from the other origin');
    expect(seenTokens).toEqual(['secret-value', undefined]);
  });

  it('refuses endless redirects (fetchFailed) and redirects to file: (unsupportedUri)', async () => {
    await expect(fetchResource(`${firstUrl}/loop`, options)).rejects.toMatchObject({ kind: RemoteErrorKind.fetchFailed });
    await expect(fetchResource(`${firstUrl}/to-file`, options)).rejects.toMatchObject({ kind: RemoteErrorKind.unsupportedUri });
  });

  it('refuses a body announced larger than maxBytes (responseTooLarge) before reading it', async () => {
    await expect(fetchResource(`${firstUrl}/big`, { ...options, maxBytes: 1_024 })).rejects.toMatchObject({ kind: RemoteErrorKind.responseTooLarge });
  });

  describe('fetchResource, having a chunked body without a length', () => {
    it('cuts the body off once it passes maxBytes (responseTooLarge), because an endless stream must not fill memory', async () => {
      const started = Date.now();
      const failure = fetchResource(`${firstUrl}/chunked`, { ...options, maxBytes: 4_096 });

      await expect(failure).rejects.toBeInstanceOf(RemoteError);
      await expect(failure).rejects.toMatchObject({ kind: RemoteErrorKind.responseTooLarge });
      expect(Date.now() - started).toBeLessThan(900);
    });
  });

  describe('fetchResource, having a file: address that is not a regular file', () => {
    it('refuses file:///dev/zero (responseTooLarge) after a stat, because reading it would never end', async () => {
      const failure = fetchResource('file:///dev/zero', { ...options, allowFileUris: true, maxBytes: 1_024 });

      await expect(failure).rejects.toBeInstanceOf(RemoteError);
      await expect(failure).rejects.toMatchObject({ kind: RemoteErrorKind.responseTooLarge });
    });
  });

  describe('fetchResource, having credentials in the URL', () => {
    it('keeps the token out of the error message and context (fetchFailed), because errors are logged', async () => {
      const failure = fetchResource('http://user:pw@127.0.0.1:1/m.json?token=query-secret', { timeoutMs: 500 });

      await expect(failure).rejects.toMatchObject({ kind: RemoteErrorKind.fetchFailed });
      const error = (await failure.catch((caught: unknown) => caught)) as RemoteError;
      expect(`${error.message} ${JSON.stringify(error.context)}`).not.toMatch(/query-secret|pw@/);
    });
  });

  describe('fetchResource, having a header value with a newline or NUL', () => {
    // Finding 4: undici refused it with 'Headers.append: "<value>" is an invalid header value.',
    // quoting the token into the message (and the kept cause), which reached the status file and logs.
    it.each([['a\nleaked-token-123'], ['a\u0000leaked-token-123'], ['a\rleaked-token-123']])('refuses %j with invalidSettings before any request, never quoting the value', async (value) => {
      const failure = fetchResource(`${firstUrl}/same`, { timeoutMs: 1_000, headers: { 'x-token': value } });

      const error = (await failure.catch((caught: unknown) => caught)) as RemoteError;
      expect(error).toBeInstanceOf(RemoteError);
      expect(error.kind).toBe(RemoteErrorKind.invalidSettings);
      expect(error.cause).toBeUndefined();
      expect(`${error.message} ${String(error.stack)} ${JSON.stringify(error)}`).not.toContain('leaked-token');
      expect(seenTokens).toEqual([]);
    });

    it('still sends a value with tabs, spaces and bytes above 0x7f', async () => {
      expect(new TextDecoder().decode(await fetchResource(`${firstUrl}/plain`, { timeoutMs: 1_000, headers: { 'x-token': 'Bearer\tabc d\u00e9f' } }))).toBe('final');
    });
  });

  it('refuses other schemes (unsupportedUri) and traversal (pathTraversal) without a request', async () => {
    await expect(fetchResource('ftp://127.0.0.1/x', options)).rejects.toMatchObject({ kind: RemoteErrorKind.unsupportedUri });
    await expect(fetchResource(`${firstUrl}/a/%2e%2e/b`, options)).rejects.toMatchObject({ kind: RemoteErrorKind.pathTraversal });
    expect(seenTokens).toEqual([]);
  });

  describe('having a server that stops answering', () => {
    // `timeout` (not `fetchFailed`): the caller retries it and reports the limit; the deadline is
    // the request's own, so it is told apart by that signal's state, not by the error's name.
    it('fails with timeout when no response arrives within timeoutMs', async () => {
      await expect(fetchResource(`${firstUrl}/silent`, { timeoutMs: 200 })).rejects.toMatchObject({ kind: RemoteErrorKind.timeout });
    });

    it('fails with timeout when the body stalls after the headers', async () => {
      await expect(fetchResource(`${firstUrl}/stalled`, { timeoutMs: 200 })).rejects.toMatchObject({ kind: RemoteErrorKind.timeout });
    });

    it('fails with fetchFailed, not timeout, when the connection is refused', async () => {
      await expect(fetchResource('http://127.0.0.1:1/m.json', { timeoutMs: 1_000 })).rejects.toMatchObject({ kind: RemoteErrorKind.fetchFailed });
    });
  });
});
