// Right after start-up the views are still being built: the dashboard must say so per unit, in
// Chinese, with progress, and become complete by itself once they are, never time out. Here
// the fire platform is down from the start, so its unit stays SYNCING until it comes back.
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, launchChromium, TEST_OUTPUT } from './helpers/browser';
import { OFFICE, startTestSystem, type TestSystem } from './helpers/system';

const skip = browserSkipReason() !== undefined;


let system: TestSystem;
let browser: Browser;

beforeAll(async () => {
  if (skip) return;
  mkdirSync(TEST_OUTPUT, { recursive: true });
  [system, browser] = await Promise.all([
    startTestSystem({ SUBGRAPH_TIMEOUT_MS: '10000', PLATFORM_TIMEOUT_MS: '1000' }, { waitForViews: false, platformFaults: { fire: { down: true } } }),
    launchChromium(),
  ]);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await system?.close();
});

describe.skipIf(skip)('the dashboard while the views are built', () => {
  it('shows the syncing unit with its progress in Chinese, then the complete page once it is built', async () => {
    // Right after start-up every unit may still be syncing; the graph always answers, never times
    // out, and says SYNCING per unit. Once the others are built, only fire (its platform down) is.
    type Missing = { unitCode: string; syncing: { applied: number; remaining: number } | null };
    const REPORT = `{ complianceStatistics(jurisdiction: "440800", year: 2025) { complete missingUnits { unitCode syncing { applied remaining } } } }`;
    let missing: Missing[] = [];
    for (const started = Date.now(); Date.now() - started < 30_000; await new Promise((resolve) => setTimeout(resolve, 200))) {
      const answer = await system.query(REPORT, { role: OFFICE });
      expect(answer.errors).toBeUndefined();
      expect(answer.data.complianceStatistics.complete).toBe(false);
      missing = answer.data.complianceStatistics.missingUnits;
      expect(missing.every((unit) => unit.syncing !== null)).toBe(true);
      if (missing.length === 1) break;
    }
    expect(missing).toEqual([{ unitCode: 'fire', syncing: { applied: 0, remaining: 0 } }]);

    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(`${new URL(system.gateway.url).origin}/dashboard`);
    const syncing = page.locator('#incomplete[data-syncing="1"]');
    await syncing.waitFor({ timeout: 30_000 });
    expect(await syncing.textContent()).toMatch(/^数据不完整，合计暂不评判。1 个单位正在从平台同步数据：消防救援支队（已处理 \d+ 条变更，剩余 \d+ 条）/);
    // The other 17 units are ranked; the totals are not judged.
    expect(await page.locator('#ranking').getAttribute('data-units')).toBe('17');
    expect(await page.locator('#multiples .multiple[data-status="INCOMPLETE"]').count()).toBeGreaterThan(0);
    await page.screenshot({ path: new URL('dashboard-syncing.png', TEST_OUTPUT).pathname, fullPage: false });

    // The platform comes back: the view is built and the page completes by itself.
    system.platforms.fire.setFaults({ down: false });
    await page.locator('#incomplete[hidden]').waitFor({ state: 'attached', timeout: 30_000 });
    await page.locator('#ranking[data-units="18"]').waitFor({ state: 'attached', timeout: 30_000 });
    expect(await page.locator('#incomplete').textContent()).toBe('');
    await page.screenshot({ path: new URL('dashboard-synced.png', TEST_OUTPUT).pathname, fullPage: false });
  }, 90_000);
});
