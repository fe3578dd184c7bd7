// The office dashboard in a real headless browser (Debian's chromium through playwright-core):
// load it from the gateway, see Zhanjiang's units with failing indicators, click one, check the
// list shown against the graph's, download the table, and keep screenshots in test-output/.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, launchChromium, TEST_OUTPUT } from './helpers/browser';
import { OFFICE, startTestSystem, type TestSystem } from './helpers/system';

const skip = browserSkipReason() !== undefined;



let system: TestSystem;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (skip) return;
  mkdirSync(TEST_OUTPUT, { recursive: true });
  [system, browser] = await Promise.all([
    startTestSystem({ SUBGRAPH_TIMEOUT_MS: '10000', PLATFORM_TIMEOUT_MS: '3000' }),
    launchChromium(),
  ]);
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await system?.close();
});

const origin = () => new URL(system.gateway.url).origin;

describe.skipIf(skip)('office dashboard', () => {
  it('shows Zhanjiang\'s units with failing indicators, and the list behind one matches the graph', async () => {
    await page.goto(`${origin()}/dashboard`);
    await page.locator('#units .unit').nth(17).waitFor({ timeout: 30_000 });
    expect(await page.locator('#units .unit').count()).toBe(18);
    expect(await page.locator('#meta').textContent()).toContain('湛江市');
    expect(await page.locator('#total .card').count()).toBeGreaterThan(10);
    expect(await page.locator('#trend svg polyline').count()).toBe(2);

    const failing = page.locator('#units .card[data-status="FAIL"]');
    expect(await failing.count()).toBeGreaterThan(0);
    const card = failing.first();
    const unit = (await card.getAttribute('data-unit'))!;
    const indicator = (await card.getAttribute('data-indicator'))!;
    await page.screenshot({ path: new URL('dashboard.png', TEST_OUTPUT).pathname, fullPage: false });

    await card.click();
    await page.locator('#list-panel[data-state="ready"]').waitFor({ timeout: 30_000 });
    const shown = await page.locator('#list-entries li').evaluateAll((items) => items.map((item) => item.getAttribute('data-id')));

    const answer = await system.query(
      `query($u: ID, $i: String!) { indicatorList(jurisdiction: "440800", year: 2025, unit: $u, indicator: $i) { totalCount entries(first: 500) { id } } }`,
      { role: OFFICE, variables: { u: unit, i: indicator } },
    );
    const expected = answer.data.indicatorList.entries.map((entry: { id: string }) => entry.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(shown).toEqual(expected);
    expect(await page.locator('#list-summary').textContent()).toContain(`共 ${answer.data.indicatorList.totalCount} 条`);
    await page.screenshot({ path: new URL('dashboard-list.png', TEST_OUTPUT).pathname, fullPage: false });
  }, 60_000);

  it('downloads the statistics table from the button', async () => {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.click('#download-csv')]);
    expect(download.suggestedFilename()).toBe('湛江市2025年推进双随机一公开统计表.csv');
    const path = new URL('statistics.csv', TEST_OUTPUT).pathname;
    await download.saveAs(path);
    const { readFileSync } = await import('node:fs');
    const lines = readFileSync(path, 'utf8').trim().split('\r\n');
    expect(lines).toHaveLength(20);
  }, 60_000);
});
