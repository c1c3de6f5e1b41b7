/** The headers a queue provider sends with a message: the caller's, checked, plus the active trace context. */
import { traceHeaders } from '@oneiric/core';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import type { PublishOptions } from './queue.js';

/**
 * Most headers one message may carry.
 * @category Queue
 */
export const MAX_HEADERS = 32;

/**
 * Most bytes (UTF-8, names and values) of one message's headers.
 * @category Queue
 */
export const MAX_HEADER_BYTES = 8192;

// Names every broker's header format accepts (NATS headers are MIME-like, MQTT user properties and
// AMQP tables take any string; Redis stream fields get a prefix): no separators, no spaces.
const HEADER_NAME = /^[A-Za-z0-9_-]{1,64}$/;
// Printable text without line breaks, which would split a NATS header line.
const HEADER_VALUE = /^[^\u0000-\u001f\u007f]*$/;

/**
 * The headers `options` asks for, after checking them.
 * @throws AdapterError `invalidArgument` for a bad name or value, too many headers or too many bytes
 * @category Queue
 */
export function checkHeaders(headers: Readonly<Record<string, string>> | undefined, provider: string): Readonly<Record<string, string>> {
  if (headers === undefined) {
    return {};
  }
  const refuse = (reason: string): AdapterError => new AdapterError(AdapterErrorKind.invalidArgument, `adapter:queue (${provider}): ${reason}`, { domain: 'adapter', key: 'queue', provider });
  if (typeof headers !== 'object' || headers === null) {
    throw refuse('headers must be an object of strings');
  }
  const entries = Object.entries(headers);
  if (entries.length > MAX_HEADERS) {
    throw refuse(`${entries.length} headers, at most ${MAX_HEADERS} allowed`);
  }
  let bytes = 0;
  for (const [name, value] of entries) {
    if (!HEADER_NAME.test(name)) {
      throw refuse(`invalid header name ${JSON.stringify(name)}: use [A-Za-z0-9_-], 1 to 64 characters`);
    }
    if (typeof value !== 'string' || !HEADER_VALUE.test(value)) {
      throw refuse(`header ${name} must be text without control characters`);
    }
    bytes += Buffer.byteLength(name) + Buffer.byteLength(value);
  }
  if (bytes > MAX_HEADER_BYTES) {
    throw refuse(`headers take ${bytes} bytes, at most ${MAX_HEADER_BYTES} allowed`);
  }
  return headers;
}

/**
 * The headers to send: the active trace context (when a tracer and propagator are installed),
 * then the caller's checked headers, which win.
 * @throws AdapterError `invalidArgument` as {@link checkHeaders}
 * @category Queue
 */
export function outgoingHeaders(options: PublishOptions | undefined, provider: string): Readonly<Record<string, string>> {
  const given = checkHeaders(options?.headers, provider);
  const traced = traceHeaders();
  // The common untraced, header-less publish allocates nothing more.
  return Object.keys(traced).length === 0 ? given : { ...traced, ...given };
}
