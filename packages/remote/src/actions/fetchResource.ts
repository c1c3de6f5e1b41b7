/** Reads a manifest or artifact from http(s) or (when allowed) a `file:` URL, always under a time limit. */
import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { readBoundedBody, traceHeaders } from '@oneiric/core';
import { findUnsafeUri } from '../calculations/findUnsafeUri.js';
import { isInsideDirectory } from '../calculations/isInsideDirectory.js';
import { redactUri } from '../calculations/redactUri.js';
import { RemoteError, RemoteErrorKind } from '../errors/remoteError.js';
import { messageOf } from '@oneiric/core/internal';

/**
 * Options of {@link fetchResource}.
 * @category Keys and artifacts
 */
export interface FetchResourceOptions {
  /** Time limit of the whole request, body included. */
  readonly timeoutMs: number;
  /** Extra request headers (the auth header); never logged or put in errors. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Accept `file:` URLs. */
  readonly allowFileUris?: boolean;
  /** Directories `file:` URLs must lie under (after resolving links); empty means anywhere. */
  readonly allowedFileRoots?: readonly string[];
  /** Largest body accepted, in bytes (default 50 MiB). */
  readonly maxBytes?: number;
}

/**
 * The bytes at `uri`. HTTP redirects are followed (at most 5, http(s) only; the extra headers
 * go to the original origin only); any final status but 2xx is a failure. The body is read as a
 * stream and abandoned as soon as it passes `maxBytes`; a `file:` path must be a regular file no
 * larger than `maxBytes`. URIs in messages are redacted (`redactUri`).
 * Header names and values are checked before any request: a value outside
 * `[\t\x20-\x7e\x80-\xff]` (a token holding a newline or NUL) is refused with a fixed message
 * that never quotes it (the runtime's own error would).
 * @throws RemoteError `pathTraversal`, `fileUriRefused`, `unsupportedUri`, `invalidSettings`
 *   (a header name or value that cannot be sent), `timeout`, `responseTooLarge` or `fetchFailed`
 * @category Keys and artifacts
 */
export async function fetchResource(uri: string, options: FetchResourceOptions): Promise<Uint8Array> {
  const unsafe = findUnsafeUri(uri);
  if (unsafe !== undefined) {
    throw new RemoteError(RemoteErrorKind.pathTraversal, `refused ${describe(uri)}: ${unsafe}`, { uri: describe(uri) });
  }
  if (/^file:/i.test(uri)) {
    return readLocal(uri, options);
  }
  if (!/^https?:\/\//i.test(uri)) {
    throw new RemoteError(RemoteErrorKind.unsupportedUri, `unsupported manifest or artifact address ${describe(uri)}: use http(s) or file:`, { uri: describe(uri) });
  }
  checkHeaders(options.headers ?? {});
  const maxBytes = options.maxBytes ?? 50 * 1024 * 1024;
  // One deadline for the whole request, redirects and body included; its state, not the error's
  // name, tells a timeout apart from other failures.
  const deadline = AbortSignal.timeout(options.timeoutMs);
  try {
    const response = await fetchFollowingRedirects(uri, options, deadline);
    if (!response.ok) {
      // The body is not read: it is not needed and must not keep the connection busy.
      await response.body?.cancel();
      throw new RemoteError(RemoteErrorKind.fetchFailed, `${describe(uri)} answered HTTP ${response.status}`, { uri: describe(uri) });
    }
    if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
      await response.body?.cancel();
      throw new RemoteError(RemoteErrorKind.responseTooLarge, `${describe(uri)} announces more than ${maxBytes} bytes`, { uri: describe(uri) });
    }
    const body = await readBoundedBody(response, maxBytes, () => new RemoteError(RemoteErrorKind.responseTooLarge, `${describe(uri)} sent more than ${maxBytes} bytes`, { uri: describe(uri) }));
    return body;
  } catch (error) {
    if (error instanceof RemoteError) {
      throw error;
    }
    if (deadline.aborted) {
      throw new RemoteError(RemoteErrorKind.timeout, `${describe(uri)} did not answer within ${options.timeoutMs} ms`, { uri: describe(uri) });
    }
    // The runtime's message may quote the raw URL or a header value (the auth token): the URL is
    // redacted, a header value masked, and a cause mentioning either anywhere in its chain is not kept.
    const secrets = Object.values(options.headers ?? {}).filter((value) => value.length > 0);
    let detail = (messageOf(error)).split(uri).join(describe(uri));
    for (const secret of secrets) {
      detail = detail.split(secret).join('<header value>');
    }
    const leaks = mentions(error, [uri, ...secrets]);
    throw new RemoteError(RemoteErrorKind.fetchFailed, `${describe(uri)} could not be fetched: ${detail}`, { uri: describe(uri) }, leaks ? undefined : error);
  }
}

const MAX_REDIRECTS = 5;
// RFC 9110 field-value bytes (what undici accepts); a token is any visible ASCII but separators.
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

// Fixed messages: a header value (the auth token) never reaches an error, a log or the status file.
function checkHeaders(headers: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name)) {
      throw new RemoteError(RemoteErrorKind.invalidSettings, 'the auth header name is not a valid HTTP header name; no request was made');
    }
    if (typeof value !== 'string' || !HEADER_VALUE.test(value)) {
      throw new RemoteError(RemoteErrorKind.invalidSettings, `the value of the ${name} header (the auth token) holds characters an HTTP header cannot carry (a newline or control character?); no request was made`);
    }
  }
}

// Whether an error, or anything in its cause chain, mentions one of `needles` (message or stack).
function mentions(error: unknown, needles: readonly string[]): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current !== undefined && current !== null; depth += 1) {
    const text = typeof current === 'object' ? `${String((current as { message?: unknown }).message ?? '')}\n${String((current as { stack?: unknown }).stack ?? '')}` : String(current);
    if (needles.some((needle) => text.includes(needle))) {
      return true;
    }
    current = typeof current === 'object' ? (current as { cause?: unknown }).cause : undefined;
  }
  return false;
}

// Redirects are followed by hand so the auth header is only ever sent to the origin it was
// configured for: fetch strips `Authorization` on a cross-origin redirect, but not a custom header.
async function fetchFollowingRedirects(uri: string, options: FetchResourceOptions, signal: AbortSignal): Promise<Response> {
  const origin = new URL(uri).origin;
  let current = uri;
  for (let redirects = 0; ; redirects += 1) {
    const sameOrigin = new URL(current).origin === origin;
    // The trace context (random ids, nothing secret) goes everywhere, so the server's spans join the sync's trace.
    const response = await fetch(current, { headers: sameOrigin ? { ...traceHeaders(), ...options.headers } : traceHeaders(), redirect: 'manual', signal });
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || location === null) {
      return response;
    }
    await response.body?.cancel();
    if (redirects >= MAX_REDIRECTS) {
      throw new RemoteError(RemoteErrorKind.fetchFailed, `${describe(uri)} redirected more than ${MAX_REDIRECTS} times`, { uri: describe(uri) });
    }
    const next = new URL(location, current);
    if (next.protocol !== 'https:' && next.protocol !== 'http:') {
      throw new RemoteError(RemoteErrorKind.unsupportedUri, `${describe(uri)} redirected to a ${next.protocol} address`, { uri: describe(uri) });
    }
    current = next.href;
  }
}


async function readLocal(uri: string, options: FetchResourceOptions): Promise<Uint8Array> {
  if (options.allowFileUris !== true) {
    throw new RemoteError(RemoteErrorKind.fileUriRefused, `local manifest paths are disabled (allow_file_uris is false): ${describe(uri)}`, { uri: describe(uri) });
  }
  let path: string;
  try {
    path = await realpath(fileURLToPath(uri));
  } catch (error) {
    throw new RemoteError(RemoteErrorKind.fetchFailed, `${describe(uri)} cannot be read`, { uri: describe(uri) }, error);
  }
  const roots = options.allowedFileRoots ?? [];
  if (roots.length > 0) {
    const resolvedRoots = await Promise.all(roots.map((root) => realpath(root).catch(() => root)));
    if (!resolvedRoots.some((root) => isInsideDirectory(root, path))) {
      throw new RemoteError(RemoteErrorKind.fileUriRefused, `${describe(uri)} is outside the allowed file roots`, { uri: describe(uri) });
    }
  }
  const maxBytes = options.maxBytes ?? 50 * 1024 * 1024;
  // Opened once, then checked through the handle: the file read is the file checked.
  let handle;
  try {
    // Non-blocking, so a FIFO cannot hang the open; it is then refused as not a regular file.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new RemoteError(RemoteErrorKind.fetchFailed, `${describe(uri)} cannot be read`, { uri: describe(uri) }, error);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) {
      throw new RemoteError(RemoteErrorKind.responseTooLarge, `${describe(uri)} is not a regular file`, { uri: describe(uri) });
    }
    if (stats.size > maxBytes) {
      throw new RemoteError(RemoteErrorKind.responseTooLarge, `${describe(uri)} is larger than ${maxBytes} bytes`, { uri: describe(uri) });
    }
    // One byte more than allowed is asked for, so a file that grew since the stat is caught.
    const buffer = new Uint8Array(stats.size + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) {
        break;
      }
      length += bytesRead;
      if (length > maxBytes || length === buffer.length) {
        throw new RemoteError(RemoteErrorKind.responseTooLarge, `${describe(uri)} grew while it was read`, { uri: describe(uri) });
      }
    }
    return buffer.slice(0, length);
  } catch (error) {
    if (error instanceof RemoteError) {
      throw error;
    }
    throw new RemoteError(RemoteErrorKind.fetchFailed, `${describe(uri)} cannot be read`, { uri: describe(uri) }, error);
  } finally {
    await handle.close();
  }
}

// Credentials (user-info, query and fragment values) never reach a message.
function describe(uri: string): string {
  return redactUri(uri);
}
