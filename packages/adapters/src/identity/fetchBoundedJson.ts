/** Fetches a JSON document over HTTP(S) with a time limit and a size limit, following no redirect. */
import { readBoundedBody } from '@oneiric/core';
import { AdapterError, AdapterErrorKind } from '../errors/adapterError.js';
import { describeFetchFailure } from '../http/describeFetchFailure.js';

/** Who fetches what, for the error context and messages. */
export interface BoundedFetchTarget {
  readonly url: string;
  /** What the document is (`the key set`), for messages. */
  readonly what: string;
  readonly provider: string;
  readonly timeoutMs: number;
  readonly maxBytes: number;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** True for `https:` URLs, and for `http:` ones on a loopback address. */
export function isSecureOrLoopback(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
}

/**
 * GETs `target.url` and returns its body: the bytes (at most `maxBytes`) of a 200 answer. A
 * redirect is not followed (a key set must come from where it was configured). The URL in
 * messages is cut to origin and path.
 * @throws AdapterError `timeout` after `timeoutMs`; `requestFailed` for a network error, a status
 *   other than 200 or a body over `maxBytes`
 */
export async function fetchBoundedBytes(target: BoundedFetchTarget): Promise<Uint8Array> {
  const context = { domain: 'adapter', key: 'identity', provider: target.provider } as const;
  const shown = new URL(target.url);
  const where = `${shown.origin}${shown.pathname}`;
  const fail = (kind: AdapterErrorKind, reason: string, cause?: unknown): AdapterError => new AdapterError(kind, `adapter:identity (${target.provider}): fetching ${target.what} from ${where} failed: ${reason}`, context, cause);
  const signal = AbortSignal.timeout(target.timeoutMs);
  try {
    const response = await fetch(target.url, { method: 'GET', redirect: 'manual', signal, headers: { accept: 'application/json' } });
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined);
      throw fail(AdapterErrorKind.requestFailed, `HTTP ${response.status}`);
    }
    return await readBoundedBody(response, target.maxBytes, () => fail(AdapterErrorKind.requestFailed, `the body is over ${target.maxBytes} bytes`));
  } catch (error) {
    if (error instanceof AdapterError) {
      throw error;
    }
    if (signal.aborted) {
      throw fail(AdapterErrorKind.timeout, `no complete answer within ${target.timeoutMs} ms`, error);
    }
    throw fail(AdapterErrorKind.requestFailed, describeFetchFailure(error), error);
  }
}

/**
 * {@link fetchBoundedBytes}, parsed as a JSON object.
 * @throws AdapterError as `fetchBoundedBytes`, and `invalidData` when the body is not a JSON object
 */
export async function fetchBoundedJson(target: BoundedFetchTarget): Promise<Record<string, unknown>> {
  const bytes = await fetchBoundedBytes(target);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    throw new AdapterError(AdapterErrorKind.invalidData, `adapter:identity (${target.provider}): ${target.what} is not JSON`, { domain: 'adapter', key: 'identity', provider: target.provider }, error);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AdapterError(AdapterErrorKind.invalidData, `adapter:identity (${target.provider}): ${target.what} is not a JSON object`, { domain: 'adapter', key: 'identity', provider: target.provider });
  }
  return parsed as Record<string, unknown>;
}
