/**
 * The status page's inline style and script, and the Content-Security-Policy that allows exactly
 * these two (by hash) and nothing else: the page loads no external asset and works offline.
 */
import { createHash } from 'node:crypto';

/** How often the page refreshes itself, in milliseconds. */
export const STATUS_REFRESH_MS = 1_500;

/** The page's style sheet (inline). */
export const STATUS_PAGE_STYLE = `
:root { color-scheme: light dark; --ok: #1a7f37; --warn: #9a6700; --bad: #cf222e; --line: #8884; }
body { font: 14px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 72rem; padding: 1rem 1.5rem; }
header { display: flex; flex-wrap: wrap; align-items: baseline; gap: .5rem 1.5rem; border-bottom: 1px solid var(--line); }
h1 { font-size: 1.3rem; margin: .4rem 0; }
h2 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
#headline { font-size: 1.1rem; margin: .8rem 0 0; }
#refresh-state { color: GrayText; margin: 0; }
#refresh-state[data-stale] { color: var(--bad); font-weight: 600; }
dl.facts { display: flex; flex-wrap: wrap; gap: .3rem 1.4rem; margin: .3rem 0; }
dl.facts div { display: flex; gap: .35rem; }
dl.facts dt { color: GrayText; }
dl.facts dd { margin: 0; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .25rem .6rem .25rem 0; border-bottom: 1px solid var(--line); }
th { font-weight: 600; color: GrayText; }
td { font-family: ui-monospace, monospace; overflow-wrap: anywhere; }
p.empty { color: GrayText; font-style: italic; }
.tone-ok { color: var(--ok); }
.tone-warn { color: var(--warn); font-weight: 600; }
.tone-bad { color: var(--bad); font-weight: 600; }
`;

/**
 * The page's script (inline): every {@link STATUS_REFRESH_MS} it fetches the page again and
 * swaps in the new `<main>` (parsed, not executed; values were escaped by the server), so the
 * page has one renderer. When the runtime does not answer, the header says since when.
 */
export const STATUS_PAGE_SCRIPT = `
(() => {
  const state = document.getElementById('refresh-state');
  const clock = (date) => date.toISOString().slice(11, 19);
  let lastOk = new Date();
  async function refresh() {
    try {
      const response = await fetch(window.location.href, { cache: 'no-store', headers: { accept: 'text/html' } });
      if (!response.ok) {
        throw new Error('HTTP ' + response.status);
      }
      const next = new DOMParser().parseFromString(await response.text(), 'text/html').querySelector('main');
      const current = document.querySelector('main');
      if (next !== null && current !== null) {
        current.replaceWith(document.importNode(next, true));
      }
      lastOk = new Date();
      state.removeAttribute('data-stale');
      state.textContent = 'live, updated ' + clock(lastOk) + ' UTC';
    } catch (error) {
      state.setAttribute('data-stale', '');
      state.textContent = 'runtime not answering since ' + clock(lastOk) + ' UTC (' + String(error && error.message) + '); retrying';
    } finally {
      setTimeout(refresh, ${String(STATUS_REFRESH_MS)});
    }
  }
  setTimeout(refresh, ${String(STATUS_REFRESH_MS)});
})();
`;

function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * The page's Content-Security-Policy: nothing by default; only the inline style and script
 * above (by hash), fetches to the same origin (the refresh), and no framing, base or form.
 */
export const STATUS_PAGE_CSP = [
  'default-src \'none\'',
  `script-src ${cspHash(STATUS_PAGE_SCRIPT)}`,
  `style-src ${cspHash(STATUS_PAGE_STYLE)}`,
  'connect-src \'self\'',
  'img-src data:',
  'base-uri \'none\'',
  'form-action \'none\'',
  'frame-ancestors \'none\'',
].join('; ');
