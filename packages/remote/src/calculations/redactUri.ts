/** Removes credentials from a URL before it is logged, stored or printed. */

const MASK = 'REDACTED';

/**
 * `uri` without user-info and with every query and fragment value masked
 * (`https://u:p@h/m.json?token=abc#k=v` becomes `https://h/m.json?token=REDACTED#REDACTED`).
 * Text that is not a URL is cut at the first `?` or `#` and loses any `user@` part. Pure.
 * @example
 * ```ts
 * redactUri('https://example.com/m.json?sig=abc'); // 'https://example.com/m.json?sig=REDACTED'
 * ```
 * @category Calculations
 */
export function redactUri(uri: string): string {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return redactText(uri);
  }
  url.username = '';
  url.password = '';
  if (url.search !== '') {
    const names = [...new URLSearchParams(url.search).keys()];
    url.search = names.map((name) => `${encodeURIComponent(name)}=${MASK}`).join('&');
  }
  if (url.hash !== '') {
    url.hash = MASK;
  }
  return url.href;
}

function redactText(text: string): string {
  const cut = text.search(/[?#]/);
  const head = (cut === -1 ? text : text.slice(0, cut)).replace(/\0/g, '\\0');
  const withoutUser = head.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
  return cut === -1 ? withoutUser : `${withoutUser}${text[cut] === '?' ? '?' : '#'}${MASK}`;
}
