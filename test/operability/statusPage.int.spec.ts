// The status page served by a runtime in this process over TCP: open without the admin token like
// /metrics, read-only, strict CSP, and no secret on it. Core refuses provider names outside
// [A-Za-z0-9_.-], so the hostile text comes through the one free-text source: a fleet view.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Oneiric } from '@oneiric/core';
import { createRuntime, type Runtime, type StatusPageView } from '@oneiric/runtime';

const ADMIN_TOKEN = 'adm1n-t0ken-never-on-the-page';
const HOSTILE = '"><img src=x onerror=alert(1)>';
const SECRET_IN_ERROR = 'password=hunter2';

function register(app: Oneiric): void {
  app.register(
    { domain: 'adapter', key: 'greeter', provider: 'english', priority: 20, factory: { kind: 'function', build: () => ({ greet: () => 'hello' }) } },
    { domain: 'adapter', key: 'greeter', provider: 'french', priority: 10, factory: { kind: 'function', build: () => ({ greet: () => 'bonjour' }) } },
    {
      domain: 'adapter', key: 'greeter', provider: 'broken', priority: 0,
      factory: { kind: 'function', build: () => ({ init: () => { throw new Error(`cannot connect: ${SECRET_IN_ERROR}`); } }) },
    },
  );
}

async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(5_000) });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe('the status page of a running runtime', () => {
  let cwd = '';
  let runtime: Runtime | undefined;
  let base = '';

  beforeAll(async () => {
    cwd = mkdtempSync(path.join(tmpdir(), 'oneiric-status-page-'));
    runtime = await createRuntime({
      cwd,
      env: {},
      config: { logging: { level: 'error' }, runtime: { http: { port: 0, admin_token: ADMIN_TOKEN } }, lifecycle: { circuit_breaker: { enabled: true } } },
      register,
      fleetStatus: { fleetView: async () => ({ facts: [{ label: 'bucket', value: HOSTILE }], columns: ['instance', 'provider'], rows: [[HOSTILE, 'french']] }) },
    });
    await runtime.start();
    base = `http://127.0.0.1:${String(runtime.httpAddress?.port ?? 0)}`;
    await runtime.app.swap('adapter', 'greeter', { provider: 'french' });
    await expect(runtime.app.swap('adapter', 'greeter', { provider: 'broken' })).rejects.toMatchObject({ kind: expect.any(String) });
  }, 60_000);

  afterAll(async () => {
    await runtime?.stop();
    rmSync(cwd, { recursive: true, force: true });
  });

  it('is served on TCP without the token (like /metrics) while /v1/status still needs it', async () => {
    const page = await get(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect((await get(`${base}/v1/status`)).status).toBe(401);
  });

  it('answers with a strict CSP and no-store, nosniff, no framing, no referrer', async () => {
    const { headers } = await get(`${base}/`);
    expect(headers.get('content-security-policy')).toMatch(/^default-src 'none'; script-src 'sha256-[^']+'; style-src 'sha256-[^']+'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'$/);
    expect({
      cache: headers.get('cache-control'), sniff: headers.get('x-content-type-options'), frame: headers.get('x-frame-options'), referrer: headers.get('referrer-policy'),
    }).toEqual({ cache: 'no-store', sniff: 'nosniff', frame: 'DENY', referrer: 'no-referrer' });
  });

  it('shows fleet values escaped, the failed swap by its kind, and neither the admin token nor the error message', async () => {
    const { text } = await get(`${base}/`);
    expect(text).not.toContain(HOSTILE);
    expect(text).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(text).toMatch(/failed \([a-zA-Z]+\)/);
    expect(text).not.toContain(SECRET_IN_ERROR);
    expect(text).not.toContain(ADMIN_TOKEN);
  });

  it('answers /status.json with the same view: the greeter row, the swaps newest first, the fleet view', async () => {
    const answer = await get(`${base}/status.json`);
    expect(answer.status).toBe(200);
    const view = JSON.parse(answer.text) as StatusPageView;
    const cells = (id: string): string[][] => view.sections.find((section) => section.id === id)?.table?.rows.map((row) => row.map((entry) => entry.text)) ?? [];
    expect(cells('keys').find((row) => row[1] === 'greeter')?.slice(2, 4)).toEqual(['french', 'failed']);
    expect(cells('swaps').map((row) => [row[3], row[4]?.replace(/\(.*\)/, '(kind)')])).toEqual([
      ['broken', 'failed (kind)'], ['french', 'swapped'], ['english', 'swapped'],
    ]);
    expect(view.sections.find((section) => section.id === 'fleet')?.facts).toEqual([{ label: 'bucket', text: HOSTILE, tone: 'idle' }]);
    expect(cells('fleet')).toEqual([[HOSTILE, 'french']]);
    expect(answer.text).not.toContain(SECRET_IN_ERROR);
  });

  it('refuses to change anything through the page: POST / is not a route and needs the token like any other', async () => {
    const response = await fetch(`${base}/`, { method: 'POST', signal: AbortSignal.timeout(5_000) });
    expect(response.status).toBe(401);
    await response.body?.cancel();
  });
});
