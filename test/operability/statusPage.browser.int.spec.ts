// Debian's Chromium, driven by playwright-core, loads the status page of a runtime started
// through the CLI, sees a swap made with `oneiric swap` appear without reloading, and leaves a
// screenshot in a temporary directory (its path is printed). CI installs Chromium (.ci/run);
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

describeWhenInstalled('the status page in a browser', missing, 'chromium', () => {
  let runtime: CliRuntime | undefined;
  let context: BrowserContext | undefined;
  let userDataDir = '';
  let shotDir = '';

  beforeAll(async () => {
    shotDir = mkdtempSync(path.join(tmpdir(), 'oneiric-status-page-shot-'));
    await buildCli();
    runtime = await startCliRuntime('onr-web-');
    userDataDir = mkdtempSync(path.join(tmpdir(), 'oneiric-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
  });

  afterAll(async () => {
    // Closing the context ends the browser process playwright started.
    await context?.close();
    await runtime?.stop();
    if (userDataDir !== '') {
      rmSync(userDataDir, { recursive: true, force: true });
    }
    // shotDir is kept: the screenshot is the test's evidence.
  });

  it('shows the swap made through the CLI without a reload, loads nothing from elsewhere, breaks no CSP rule', async () => {
    const cli = runtime as CliRuntime;
    const page = await (context as BrowserContext).newPage();
    page.setDefaultTimeout(20_000);
    const requested: string[] = [];
    const consoleErrors: string[] = [];
    let navigations = 0;
    page.on('request', (request) => requested.push(request.url()));
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

    const response = await page.goto(`${cli.httpBase}/`);
    expect(response?.status()).toBe(200);
    expect((await keyRow(page, 'greeter')).slice(0, 4)).toEqual(['adapter', 'greeter', 'english', 'ready']);
    await expect(page.locator('#fleet dd').textContent()).resolves.toBe('not configured');

    const printed = await cli.oneiric('swap', 'greeter', '--provider', 'french', '--json');
    expect(JSON.parse(printed)).toMatchObject({ provider: 'french' });

    // The page's own script fetches and swaps in the new content: no reload, no navigation.
    await page.locator('#keys tbody tr', { hasText: 'french' }).waitFor();
    expect((await keyRow(page, 'greeter')).slice(0, 4)).toEqual(['adapter', 'greeter', 'french', 'ready']);
    const newestSwap = await page.locator('#swaps tbody tr').first().locator('td').allTextContents();
    expect(newestSwap.slice(1, 5)).toEqual(['adapter:greeter', 'english', 'french', 'swapped']);
    expect(newestSwap[5]).toMatch(/^\d+(\.\d)? (ms|s)$/);
    await expect(page.locator('#refresh-state').textContent()).resolves.toMatch(/^live, updated \d\d:\d\d:\d\d UTC$/);

    expect(navigations).toBe(1);
    expect(requested.filter((url) => !url.startsWith(`${cli.httpBase}/`))).toEqual([]);
    expect(consoleErrors).toEqual([]);

    const screenshot = path.join(shotDir, 'status-page.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(statSync(screenshot).size).toBeGreaterThan(1_000);
    console.log(`status page screenshot: ${screenshot}`);
  });
});
