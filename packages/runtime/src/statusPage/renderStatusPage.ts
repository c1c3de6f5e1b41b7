/** Writes the status page's HTML from its view (a pure calculation): every value escaped, assets inline. */
import { escapeHtml } from './escapeHtml.js';
import { STATUS_PAGE_SCRIPT, STATUS_PAGE_STYLE, STATUS_REFRESH_MS } from './statusPageAssets.js';
import type { StatusCell, StatusFact, StatusPageView, StatusSection, StatusTable } from './statusPageView.js';

// Without JavaScript the browser reloads the whole page instead (rounded up to whole seconds).
const META_REFRESH_SECONDS = Math.ceil(STATUS_REFRESH_MS / 1_000);

/**
 * The status page as one HTML document: the inline style and script of `statusPageAssets` (the
 * page's CSP allows exactly those), a `<noscript>` meta refresh, and the view's sections inside
 * `<main>` (what the script replaces at each refresh). Every text of the view is escaped.
 * @param view - what `buildStatusPageView` made
 * @category Status page
 */
export function renderStatusPage(view: StatusPageView): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(view.title)}</title>`,
    // An empty icon, so the browser asks the runtime for no /favicon.ico.
    '<link rel="icon" href="data:,">',
    `<noscript><meta http-equiv="refresh" content="${String(META_REFRESH_SECONDS)}"></noscript>`,
    `<style>${STATUS_PAGE_STYLE}</style>`,
    '</head>',
    '<body>',
    '<header>',
    '<h1>Oneiric runtime</h1>',
    `<p id="refresh-state" aria-live="polite">updated ${escapeHtml(view.generatedAt.slice(11, 19))} UTC; times in UTC</p>`,
    '</header>',
    renderMain(view),
    `<script>${STATUS_PAGE_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function renderMain(view: StatusPageView): string {
  // Inside <main>, so that a refresh updates it with the rest.
  const headline = `<p id="headline" class="${toneClass(view.headline)}">${escapeHtml(view.headline.text)}</p>`;
  return `<main data-generated-at="${escapeHtml(view.generatedAt)}">\n${headline}\n${view.sections.map(renderSection).join('\n')}\n</main>`;
}

function renderSection(section: StatusSection): string {
  const parts = [`<section id="${escapeHtml(section.id)}">`, `<h2>${escapeHtml(section.title)}</h2>`];
  if (section.facts.length > 0) {
    parts.push(`<dl class="facts">${section.facts.map(renderFact).join('')}</dl>`);
  }
  if (section.table !== undefined) {
    parts.push(renderTable(section.table));
  }
  parts.push('</section>');
  return parts.join('\n');
}

function renderFact(entry: StatusFact): string {
  return `<div><dt>${escapeHtml(entry.label)}</dt><dd class="${toneClass(entry)}">${escapeHtml(entry.text)}</dd></div>`;
}

function renderTable(table: StatusTable): string {
  if (table.rows.length === 0) {
    return `<p class="empty">${escapeHtml(table.emptyText)}</p>`;
  }
  const head = `<thead><tr>${table.columns.map((column) => `<th scope="col">${escapeHtml(column)}</th>`).join('')}</tr></thead>`;
  const body = table.rows.map((row) => `<tr>${row.map((entry) => `<td class="${toneClass(entry)}">${escapeHtml(entry.text)}</td>`).join('')}</tr>`);
  return `<table>\n${head}\n<tbody>\n${body.join('\n')}\n</tbody>\n</table>`;
}

// The tone is one of four fixed words, never input: safe in a class attribute as it is.
function toneClass(value: StatusCell): string {
  return `tone-${value.tone}`;
}
