/** `GET /v1/keys`, `GET /v1/explain`, `POST /v1/swap`: what is registered, why it wins, and changing it live. */
import type { Candidate, Domain, Oneiric } from '@oneiric/core';
import type { FastifyInstance } from 'fastify';
import type { ControlTarget } from '../controlTarget.js';
import type { ExplainAnswer, KeyCandidateEntry, KeysAnswer, SwapAnswer } from '../controlProtocol.js';
import { domainQuerySchema, explainQuerySchema, swapBodySchema } from '../controlSchemas.js';
import { requireKnownKey } from '../requireKnownKey.js';
import { withDeadline } from '../withDeadline.js';

interface ExplainQuery { domain: Domain; key: string; capabilities?: string; requireAll?: 'true' | 'false' }
interface SwapBody { domain: Domain; key: string; provider?: string; force?: boolean }

/** Registers the key endpoints; operations are bounded by `deadlineMs`. */
export function registerKeyRoutes(server: FastifyInstance, target: ControlTarget, deadlineMs: number): void {
  const { app } = target;
  server.get<{ Querystring: { domain: Domain } }>('/v1/keys', { schema: { querystring: domainQuerySchema } }, async (request): Promise<KeysAnswer> => {
    const { domain } = request.query;
    return {
      domain,
      active: app.winners(domain).map((candidate) => candidateEntry(app, candidate)),
      shadowed: app.shadowed(domain).map((candidate) => candidateEntry(app, candidate)),
    };
  });

  server.get<{ Querystring: ExplainQuery }>('/v1/explain', { schema: { querystring: explainQuerySchema } }, async (request): Promise<ExplainAnswer> => {
    const { domain, key } = request.query;
    requireKnownKey(app, domain, key);
    const capabilities = (request.query.capabilities ?? '').split(',').map((name) => name.trim()).filter((name) => name !== '');
    const explanation = app.explain(domain, key, { capabilities, requireAll: request.query.requireAll === 'true' });
    return { ...explanation, live: app.active(domain, key)?.provider ?? null };
  });

  server.post<{ Body: SwapBody }>('/v1/swap', { schema: { body: swapBodySchema }, config: { auditAction: 'swap' } }, async (request): Promise<SwapAnswer> => {
    const { domain, key, provider, force } = request.body;
    requireKnownKey(app, domain, key);
    const swapping = app.swap(domain, key, {
      ...(provider === undefined ? {} : { provider }),
      ...(force === undefined ? {} : { force }),
    });
    return withDeadline(swapping, deadlineMs, `the swap of ${domain}:${key}`);
  });
}

function candidateEntry(app: Oneiric, candidate: Candidate): KeyCandidateEntry {
  return {
    key: candidate.key,
    provider: candidate.provider,
    priority: candidate.priority,
    stackLevel: candidate.stackLevel,
    source: candidate.source,
    capabilities: [...candidate.capabilities].sort(),
    ...(candidate.description === undefined ? {} : { description: candidate.description }),
    namedBySelection: app.selection(candidate.domain, candidate.key) === candidate.provider,
    live: app.active(candidate.domain, candidate.key)?.provider === candidate.provider,
  };
}
