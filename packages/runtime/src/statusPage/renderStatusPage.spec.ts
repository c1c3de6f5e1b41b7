import { createHash } from 'node:crypto';
import { buildStatusPageView } from './buildStatusPageView.js';
import { renderStatusPage } from './renderStatusPage.js';
import { STATUS_PAGE_CSP } from './statusPageAssets.js';
import type { StatusPageSnapshot } from './statusPageSnapshot.js';

const NOW = '2026-12-07T14:00:10.000Z';
const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(2)>',
  '\'><svg onload=alert(3)>',
  '</td></tr></table><iframe src="https://evil.example">',
  '&lt;script&gt;',
];

function snapshot(names: readonly string[]): StatusPageSnapshot {
  return {
    now: NOW,
    health: {
      pid: 1, startedAt: NOW, updatedAt: NOW, profile: names[0] ?? 'default', phase: 'running', ready: true, watchers: [],
      keys: names.map((name) => ({ domain: 'adapter', key: name, state: 'ready', provider: name, healthy: true, paused: false, draining: false, breaker: name })),
      remote: { enabled: false },
    },
    recentSwaps: names.map((name) => ({ at: NOW, domain: 'adapter', key: name, provider: name, previousProvider: name, outcome: 'failed', durationMs: 1, errorKind: name })),
    fleet: { state: 'read', view: { facts: names.map((name) => ({ label: name, value: name })), columns: [...names], rows: [[...names]] } },
  };
}

// Every element and attribute of the document, the way a browser's tokenizer would start them.
function tagsOf(html: string): string[] {
  return [...html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)/g)].map((match) => (match[1] as string).toLowerCase());
}

describe('renderStatusPage', () => {
  describe('given provider, key, profile, breaker, error kind and fleet values that are HTML', () => {
    const html = renderStatusPage(buildStatusPageView(snapshot(HOSTILE)));
    const plain = renderStatusPage(buildStatusPageView(snapshot(['redis'])));

    it('adds no element: the same tags as a page of plain names, apart from the table rows they fill', () => {
      const allowed = new Set(tagsOf(plain));
      expect(tagsOf(html).filter((tag) => !allowed.has(tag))).toEqual([]);
      expect(tagsOf(html).filter((tag) => tag === 'script')).toHaveLength(1);
    });

    it('shows each value escaped, as text', () => {
      // The last one is already entity text: the escaped first one contains it, so it is checked below.
      for (const name of HOSTILE.slice(0, -1)) {
        expect(html).not.toContain(name);
      }
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
      expect(html).toContain('&#39;&gt;&lt;svg onload=alert(3)&gt;');
      expect(html).toContain('&amp;lt;script&amp;gt;');
    });
  });

  describe('given a plain runtime', () => {
    const html = renderStatusPage(buildStatusPageView(snapshot(['redis'])));

    it('inlines its style and script, and the CSP allows exactly those two by hash', () => {
      const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
      const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
      const hash = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
      expect(STATUS_PAGE_CSP).toContain(`script-src ${hash(script)};`);
      expect(STATUS_PAGE_CSP).toContain(`style-src ${hash(style)};`);
      expect(STATUS_PAGE_CSP).toMatch(/^default-src 'none';/);
    });

    it('references no external asset: no src attribute, and the only link is the empty data: icon', () => {
      expect(html).not.toMatch(/\ssrc=/i);
      expect([...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1])).toEqual(['data:,']);
    });

    it('refreshes without script through a <noscript> meta refresh, and puts the sections inside <main>', () => {
      expect(html).toContain('<noscript><meta http-equiv="refresh" content="2"></noscript>');
      const main = /<main[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? '';
      expect([...main.matchAll(/<section id="([a-z]+)">/g)].map((match) => match[1])).toEqual(['runtime', 'keys', 'swaps', 'remote', 'fleet']);
      expect(main).toContain('<p id="headline" class="tone-ok">running, ready</p>');
    });
  });
});
