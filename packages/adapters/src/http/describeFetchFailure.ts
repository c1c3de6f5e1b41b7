/** Says why a fetch failed, in words safe for a message. */

const URL_IN_TEXT = /\b[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s"'<>]+/g;

/** A URL inside an error's text, shown as origin and path only (no user name, password or query). */
function withoutUrlDetails(text: string): string {
  return text.replace(URL_IN_TEXT, (match) => {
    try {
      const url = new URL(match);
      return url.origin === 'null' ? `${url.protocol}//***` : `${url.origin}${url.pathname}`;
    } catch {
      return '***';
    }
  });
}

/**
 * The reason a `fetch` failed, for an AdapterError message: the system or undici codes of the
 * error and its causes (`ECONNREFUSED`, `UND_ERR_SOCKET`, `CERT_HAS_EXPIRED`) and the innermost
 * message, with any URL in it cut to origin and path, so a user name, password or query token
 * cannot reach a log. The error itself is kept as the AdapterError's cause.
 * @param error - what `fetch` (or reading the body) threw
 * @example
 * ```ts
 * describeFetchFailure(error); // 'fetch failed: connect ECONNREFUSED 127.0.0.1:9 (ECONNREFUSED)'
 * ```
 */
export function describeFetchFailure(error: unknown): string {
  const codes: string[] = [];
  const messages: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && !codes.includes(code)) {
      codes.push(code);
    }
    const message = (current as { message?: unknown }).message;
    if (typeof message === 'string' && message !== '') {
      messages.push(withoutUrlDetails(message));
    } else if (depth === 0) {
      messages.push(String(current));
    }
    current = (current as { cause?: unknown }).cause;
  }
  const first = messages[0] ?? 'unknown error';
  const last = messages.length > 1 ? messages[messages.length - 1] : undefined;
  return `${first}${last === undefined || last === first ? '' : `: ${last}`}${codes.length === 0 ? '' : ` (${codes.join(', ')})`}`;
}
