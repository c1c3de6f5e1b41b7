// Debian's Chromium, driven by playwright-core, loads the status page of a runtime started
// through the CLI, sees a swap made with `oneiric swap` appear without reloading, and leaves a
// screenshot in a temporary directory (its path is printed). Without JavaScript the page reloads
// itself; when the runtime stops, the live page says so. CI installs Chromium (.ci/run);
// elsewhere a missing /usr/bin/chromium skips with the reason.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jest } from '@jest/globals';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { buildCli, describeWhenInstalled, missingBinary, startCliRuntime, type CliRuntime } from './cliRuntime.js';

jest.setTimeout(180_000);

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const missing = missingBinary(CHROMIUM);

// The key table's cells of one key, as the page shows them now.
async function keyRow(page: Page, key: string): Promise<string[]> {
  const row = page.locator('#keys tbody tr').filter({ has: page.locator('td:nth-child(2)', { hasText: new RegExp(`^${key}$`) }) });
  return row.locator('td').allTextContents();
}

/** A page and what it did: requests, console errors, main-frame navigations. */
interface WatchedPage {
  readonly page: Page;
  readonly requested: string[];
  readonly consoleErrors: string[];
  navigations(): number;
}

async function watchedPage(context: BrowserContext): Promise<WatchedPage> {
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const requested: string[] = [];
  const consoleErrors: string[] = [];
  let navigations = 0;
  page.on('request', (request) => requested.push(request.url()));
  // A CSP violation (a blocked inline script or style) is reported as a console error.
  page.on('console', (message) => {
    if (message.type() === 'error') {
      consoleErrors.push(message.text());
    }
  });
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) {
      navigations += 1;
    }
  });
  return { page, requested, consoleErrors, navigations: () => navigations };
}

describeWhenInstalled('the status page in a browser', missing, 'chromium', () => {
  let runtime: CliRuntime | undefined;
  const contexts: BrowserContext[] = [];
  const userDataDirs: string[] = [];
  let shotDir = '';
  // The scripted page of the first test, watched again by the last one.
  let live: WatchedPage | undefined;

  // A fresh profile each: nothing cached, no state from another run.
  async function launch(javaScriptEnabled: boolean): Promise<BrowserContext> {
    const userDataDir = mkdtempSync(path.join(tmpdir(), 'oneiric-chromium-'));
    userDataDirs.push(userDataDir);
    const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, javaScriptEnabled, timeout: 60_000 });
    contexts.push(context);
    return context;
  }

  beforeAll(async () => {
    shotDir = mkdtempSync(path.join(tmpdir(), 'oneiric-status-page-shot-'));
    await buildCli();
    runtime = await startCliRuntime('onr-web-');
  });

  afterAll(async () => {
    // Closing a context ends the browser process playwright started for it.
    await Promise.all(contexts.map((context) => context.close()));
    await runtime?.stop();
    for (const userDataDir of userDataDirs) {
      rmSync(userDataDir, { recursive: true, force: true });
    }
    // shotDir is kept: the screenshot is the test's evidence.
  });

  it('shows the swap made through the CLI without a reload, loads nothing from elsewhere, breaks no CSP rule', async () => {
    const cli = runtime as CliRuntime;
    live = await watchedPage(await launch(true));
    const { page } = live;

    const response = await page.goto(`${cli.httpBase}/`);
    expect(response?.status()).toBe(200);
    expect((await keyRow(page, 'greeter')).slice(0, 4)).toEqual(['adapter', 'greeter', 'english', 'ready']);
    await expect(page.locator('#fleet dd').textContent()).resolves.toBe('not configured');

    expect(JSON.parse(await cli.oneiric('swap', 'greeter', '--provider', 'french', '--json'))).toMatchObject({ provider: 'french' });

    // The page's own script fetches and swaps in the new content: no reload, no navigation.
    await page.locator('#keys tbody tr', { hasText: 'french' }).waitFor();
    expect((await keyRow(page, 'greeter')).slice(0, 4)).toEqual(['adapter', 'greeter', 'french', 'ready']);
    const newestSwap = await page.locator('#swaps tbody tr').first().locator('td').allTextContents();
    expect(newestSwap.slice(1, 5)).toEqual(['adapter:greeter', 'english', 'french', 'swapped']);
    expect(newestSwap[5]).toMatch(/^\d+(\.\d)? (ms|s)$/);
    await expect(page.locator('#refresh-state').textContent()).resolves.toMatch(/^live, updated \d\d:\d\d:\d\d UTC$/);

    expect(live.navigations()).toBe(1);
    expect(live.requested.filter((url) => !url.startsWith(`${cli.httpBase}/`))).toEqual([]);
    expect(live.consoleErrors).toEqual([]);

    const screenshot = path.join(shotDir, 'status-page.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(statSync(screenshot).size).toBeGreaterThan(1_000);
    console.log(`status page screenshot: ${screenshot}`);
  });

  it('without JavaScript, reloads itself (noscript meta refresh) and so shows the next swap too', async () => {
    const cli = runtime as CliRuntime;
    const plain = await watchedPage(await launch(false));
    await plain.page.goto(`${cli.httpBase}/`);
    expect((await keyRow(plain.page, 'greeter'))[2]).toBe('french');

    expect(JSON.parse(await cli.oneiric('swap', 'greeter', '--provider', 'english', '--json'))).toMatchObject({ provider: 'english' });

    await plain.page.locator('#keys tbody tr', { hasText: 'english' }).waitFor();
    expect(plain.navigations()).toBeGreaterThan(1);
    expect(plain.consoleErrors).toEqual([]);
  });

  it('says on the live page, without a reload, when the runtime stops answering', async () => {
    const { page } = live as WatchedPage;
    await (runtime as CliRuntime).stop();
    await page.locator('#refresh-state[data-stale]').waitFor();
    await expect(page.locator('#refresh-state').textContent()).resolves.toMatch(/^runtime not answering since \d\d:\d\d:\d\d UTC \(.+\); retrying$/);
    expect((live as WatchedPage).navigations()).toBe(1);
  });
});
