/** Reads a manifest or artifact from http(s) or (when allowed) a `file:` URL, always under a time limit. */
import { readFile, realpath } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { findUnsafeUri } from '../calculations/findUnsafeUri.js';
import { isInsideDirectory } from '../calculations/isInsideDirectory.js';
import { RemoteError, RemoteErrorKind } from '../errors/remoteError.js';

/** Options of {@link fetchResource}. */
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
 * go to the original origin only); any final status but 2xx is a failure.
 * @throws RemoteError `pathTraversal`, `fileUriRefused`, `unsupportedUri`, `timeout` or `fetchFailed`
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
  const maxBytes = options.maxBytes ?? 50 * 1024 * 1024;
  try {
    const response = await fetchFollowingRedirects(uri, options);
    if (!response.ok) {
      // The body is not read: it is not needed and must not keep the connection busy.
      await response.body?.cancel();
      throw new RemoteError(RemoteErrorKind.fetchFailed, `${describe(uri)} answered HTTP ${response.status}`, { uri: describe(uri) });
    }
    if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
      await response.body?.cancel();
      throw new RemoteError(RemoteErrorKind.fetchFailed, `${describe(uri)} announces more than ${maxBytes} bytes`, { uri: describe(uri) });
    }
    const body = new Uint8Array(await response.arrayBuffer());
    if (body.length > maxBytes) {
      throw new RemoteError(RemoteErrorKind.fetchFailed, `${describe(uri)} sent more than ${maxBytes} bytes`, { uri: describe(uri) });
    }
    return body;
  } catch (error) {
    if (error instanceof RemoteError) {
      throw error;
    }
    // Checked by name: fetch's DOMException may come from another realm (test runners), where instanceof fails.
    const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
    if (name === 'TimeoutError' || name === 'AbortError') {
      throw new RemoteError(RemoteErrorKind.timeout, `${describe(uri)} did not answer within ${options.timeoutMs} ms`, { uri: describe(uri) });
    }
    throw new RemoteError(RemoteErrorKind.fetchFailed, `${describe(uri)} could not be fetched: ${error instanceof Error ? error.message : String(error)}`, { uri: describe(uri) }, error);
  }
}

const MAX_REDIRECTS = 5;

// Redirects are followed by hand so the auth header is only ever sent to the origin it was
// configured for: fetch strips `Authorization` on a cross-origin redirect, but not a custom header.
async function fetchFollowingRedirects(uri: string, options: FetchResourceOptions): Promise<Response> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  const origin = new URL(uri).origin;
  let current = uri;
  for (let redirects = 0; ; redirects += 1) {
    const sameOrigin = new URL(current).origin === origin;
    const response = await fetch(current, { headers: sameOrigin ? { ...options.headers } : {}, redirect: 'manual', signal });
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
    throw new RemoteError(RemoteErrorKind.fileUriRefused, `local manifest paths are disabled (allow_file_uris is false): ${uri}`, { uri });
  }
  let path: string;
  try {
    path = await realpath(fileURLToPath(uri));
  } catch (error) {
    throw new RemoteError(RemoteErrorKind.fetchFailed, `${uri} cannot be read`, { uri }, error);
  }
  const roots = options.allowedFileRoots ?? [];
  if (roots.length > 0) {
    const resolvedRoots = await Promise.all(roots.map((root) => realpath(root).catch(() => root)));
    if (!resolvedRoots.some((root) => isInsideDirectory(root, path))) {
      throw new RemoteError(RemoteErrorKind.fileUriRefused, `${uri} is outside the allowed file roots`, { uri });
    }
  }
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    throw new RemoteError(RemoteErrorKind.fetchFailed, `${uri} cannot be read`, { uri }, error);
  }
}

// Credentials in a URL's user-info are dropped from every message.
function describe(uri: string): string {
  try {
    const url = new URL(uri);
    url.username = '';
    url.password = '';
    return url.href;
  } catch {
    return uri.replace(/\0/g, '\\0');
  }
}
