/** `GET /` (the status page) and `GET /status.json` (its view as JSON): read-only, open like `/metrics`. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { buildStatusPageView } from '../../statusPage/buildStatusPageView.js';
import { renderStatusPage } from '../../statusPage/renderStatusPage.js';
import { STATUS_PAGE_CSP } from '../../statusPage/statusPageAssets.js';
import type { StatusPageSnapshot } from '../../statusPage/statusPageSnapshot.js';

/** The two paths, open on TCP without a token (the page shows no secret and changes nothing). */
export const STATUS_PAGE_PATHS = ['/', '/status.json'] as const;

/** Registers the status page and its JSON view over the runtime's snapshot. */
export function registerStatusPageRoutes(server: FastifyInstance, readSnapshot: () => Promise<StatusPageSnapshot>): void {
  server.get('/', async (_request, reply) => {
    const html = renderStatusPage(buildStatusPageView(await readSnapshot()));
    return withPageHeaders(reply).type('text/html; charset=utf-8').send(html);
  });
  server.get('/status.json', async (_request, reply) => {
    const view = buildStatusPageView(await readSnapshot());
    return withPageHeaders(reply).send(view);
  });
}

// Always fresh, never framed or sniffed, and nothing but the page's own inline assets may run.
function withPageHeaders(reply: FastifyReply): FastifyReply {
  return reply.headers({
    'content-security-policy': STATUS_PAGE_CSP,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
  });
}
