/** JSON Schemas of every control endpoint's query, parameters and body: anything else is a 400 `badRequest`. */
import { DOMAINS } from '@oneiric/core';

// Names are short identifiers; the caps keep a hostile request from making the server echo
// megabytes in an error message or an audit line.
const domain = { type: 'string', enum: [...DOMAINS] } as const;
const name = { type: 'string', minLength: 1, maxLength: 200 } as const;
const note = { anyOf: [{ type: 'string', maxLength: 1000 }, { type: 'null' }] } as const;
const anyJson = {} as const;

/** `?domain=` (required). */
export const domainQuerySchema = {
  type: 'object', additionalProperties: false, required: ['domain'],
  properties: { domain },
} as const;

/** `?domain=&key=` (both optional): `/v1/status`. */
export const statusQuerySchema = {
  type: 'object', additionalProperties: false,
  properties: { domain, key: name },
} as const;

/** `?domain=&key=&capabilities=a,b&requireAll=true`: `/v1/explain`. */
export const explainQuerySchema = {
  type: 'object', additionalProperties: false, required: ['domain', 'key'],
  properties: { domain, key: name, capabilities: { type: 'string', maxLength: 2000 }, requireAll: { type: 'string', enum: ['true', 'false'] } },
} as const;

/** `:key` in the path. */
export const keyParamsSchema = {
  type: 'object', additionalProperties: false, required: ['key'],
  properties: { key: name },
} as const;

/** `POST /v1/swap`. */
export const swapBodySchema = {
  type: 'object', additionalProperties: false, required: ['domain', 'key'],
  properties: { domain, key: name, provider: name, force: { type: 'boolean' } },
} as const;

/** `POST /v1/pause`. */
export const pauseBodySchema = {
  type: 'object', additionalProperties: false, required: ['domain', 'key', 'paused'],
  properties: { domain, key: name, paused: { type: 'boolean' }, note },
} as const;

/** `POST /v1/drain`. */
export const drainBodySchema = {
  type: 'object', additionalProperties: false, required: ['domain', 'key', 'draining'],
  properties: { domain, key: name, draining: { type: 'boolean' }, note },
} as const;

/** `POST /v1/events`. */
export const eventBodySchema = {
  type: 'object', additionalProperties: false, required: ['topic'],
  properties: { topic: name, payload: anyJson, headers: { type: 'object' } },
} as const;

/** `POST /v1/workflows/:key/runs`: `input` is the run's context. */
export const workflowRunBodySchema = {
  type: 'object', additionalProperties: false,
  properties: { input: anyJson, version: name, resume: { type: 'boolean' } },
} as const;

/** `POST /v1/workflows/:key/enqueue`: `input` is the run's context. */
export const workflowEnqueueBodySchema = {
  type: 'object', additionalProperties: false,
  properties: { input: anyJson, version: name },
} as const;

/** `POST /v1/actions/:key/invoke`. */
export const actionInvokeBodySchema = {
  type: 'object', additionalProperties: false,
  properties: { payload: anyJson, provider: name },
} as const;
