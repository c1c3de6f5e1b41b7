/** Detects URIs and paths that try to escape their directory, in plain or percent-encoded form. */

// Encodings are undone a few times: `%252e%252e%252f` is `../` encoded twice.
const MAX_DECODING_ROUNDS = 4;

/**
 * The reason `uri` is unsafe, or undefined when it is not. Refused: empty text, NUL bytes (raw
 * or `%00`), backslashes, `..` segments, absolute paths and drive letters — checked on the text
 * as given and after each round of percent-decoding, so `%2e%2e%2f` is caught as `../`.
 * @example
 * ```ts
 * findUnsafeUri('https://example.com/a/%2e%2e/b.mjs'); // 'path traversal: ".." segment'
 * ```
 * @category Calculations
 */
export function findUnsafeUri(uri: string): string | undefined {
  if (uri.trim() === '') {
    return 'empty URI';
  }
  const isUrl = /^(?:https?|file):\/\//i.test(uri);
  let text = uri;
  for (let round = 0; round <= MAX_DECODING_ROUNDS; round += 1) {
    const reason = unsafeText(text, isUrl);
    if (reason !== undefined) {
      return reason;
    }
    const decoded = decodeOnce(text);
    if (decoded === undefined) {
      return 'path traversal: malformed percent-encoding';
    }
    if (decoded === text) {
      return undefined;
    }
    text = decoded;
  }
  return 'path traversal: too many layers of percent-encoding';
}

function unsafeText(text: string, isUrl: boolean): string | undefined {
  if (text.includes('\0')) {
    return 'path traversal: NUL byte';
  }
  if (text.includes('\\')) {
    return 'path traversal: backslash';
  }
  const path = isUrl ? text.replace(/^[a-z]+:\/\/[^/]*/i, '') : text;
  if (path.split(/[/?#]/).some((segment) => segment === '..')) {
    return 'path traversal: ".." segment';
  }
  if (!isUrl && (path.startsWith('/') || /^[a-z]:/i.test(path))) {
    return 'path traversal: absolute path';
  }
  return undefined;
}

function decodeOnce(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
