/** One server span per control request, named by its route template, with the route running inside it. */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { contextFromHeaders, failSpan, isTracing, SpanAttribute, startSpan, withSpan } from '@oneiric/core';
import type { ControlSurface } from './controlServerOptions.js';

type Span = ReturnType<typeof startSpan>;

// Request fields that name what a request acts on; bodies, queries and headers stay out of spans (they may hold secrets).
const NAMING_FIELDS = [['domain', SpanAttribute.domain], ['key', SpanAttribute.key], ['provider', SpanAttribute.provider]] as const;

/**
 * Traces every request: a `server` span named `<METHOD> <route template>` (`POST
 * /v1/keys/:domain/:key/swap`; the method alone for unknown paths, so URLs never make names),
 * started when the request arrives (a `traceparent` header makes it a child of the caller's
 * span), active while the route runs, ended with the status code once answered. Domain, key and
 * provider of the path or validated body become attributes; no header, query or payload does.
 * A 5xx answer marks the span failed with the error; a 4xx sets only the error kind.
 * @param errorKindOf - the error kind a request was answered with, if any
 */
export function registerRequestSpans(server: FastifyInstance, surface: ControlSurface, errorKindOf: (request: FastifyRequest) => string | undefined): void {
  const spans = new WeakMap<FastifyRequest, Span>();
  const errors = new WeakMap<FastifyRequest, Error>();
  // Callback hooks, not async ones: every request passes them, traced or not, and a promise per hook costs more.
  server.addHook('onRequest', (request, _reply, done) => {
    if (!isTracing()) {
      done();
      return;
    }
    const route = request.routeOptions.url;
    spans.set(request, startSpan(route === undefined ? request.method : `${request.method} ${route}`, {
      kind: 'server',
      parent: contextFromHeaders(request.headers),
      attributes: { 'http.request.method': request.method, ...(route === undefined ? {} : { 'http.route': route }), 'oneiric.control.surface': surface },
    }));
    done();
  });
  // Registered before the routes: each route's handler runs with its request's span active.
  server.addHook('onRoute', (routeOptions) => {
    const handler = routeOptions.handler as RouteHandlerMethod;
    routeOptions.handler = function tracedHandler(this: FastifyInstance, request, reply) {
      const span = spans.get(request);
      return span === undefined ? handler.call(this, request, reply) : handleInSpan(span, handler, this, request, reply);
    } as RouteHandlerMethod;
  });
  server.addHook('onError', (request, _reply, error, done) => {
    if (spans.has(request)) {
      errors.set(request, error);
    }
    done();
  });
  server.addHook('onResponse', (request, reply, done) => {
    const span = spans.get(request);
    if (span !== undefined) {
      endRequestSpan(span, request, reply.statusCode, errorKindOf(request), errors.get(request));
    }
    done();
  });
}

// Apart from tracedHandler, so that its untraced path allocates no closure.
function handleInSpan(span: Span, handler: RouteHandlerMethod, server: FastifyInstance, request: FastifyRequest, reply: FastifyReply): unknown {
  return withSpan(span, () => handler.call(server, request, reply));
}

// Sets what the answer showed (status, what the request named, the error kind) and ends the span.
function endRequestSpan(span: Span, request: FastifyRequest, statusCode: number, errorKind: string | undefined, error: Error | undefined): void {
  span.setAttribute('http.response.status_code', statusCode);
  for (const source of [request.params, request.body]) {
    for (const [field, attribute] of NAMING_FIELDS) {
      const value = typeof source === 'object' && source !== null ? (source as Record<string, unknown>)[field] : undefined;
      if (typeof value === 'string') {
        span.setAttribute(attribute, value);
      }
    }
  }
  if (errorKind !== undefined) {
    span.setAttribute('oneiric.error_kind', errorKind);
  }
  if (statusCode >= 500) {
    failSpan(span, error ?? errorKind ?? `status ${statusCode}`);
  }
  span.end();
}
