// The office's console in a real headless browser (Debian's chromium through playwright-core), at
// test scale: as the office and as a department; a click on a district of the map filters the
// units and lists; a work list paged to its end and downloaded; the alerts; the trend with the
// year before; Suizhou from its own data; the page at 1366×768 and on a phone. Screenshots of
// each state go to test-output/. Signing in through an OIDC provider: console-sign-in.test.ts.
import { mkdirSync, readFileSync } from 'node:fs';
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
  [system, browser] = await Promise.all([startTestSystem({ SUBGRAPH_TIMEOUT_MS: '10000', PLATFORM_TIMEOUT_MS: '3000' }), launchChromium()]);
  page = await browser.newPage({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await system?.close();
});

const origin = () => new URL(system.gateway.url).origin;
const shot = (name: string, fullPage = false) => page.screenshot({ path: new URL(name, TEST_OUTPUT).pathname, fullPage });
const ready = () => page.locator('#board[data-state="ready"]').waitFor({ timeout: 30_000 });
const listReady = () => page.locator('#list-panel[data-state="ready"]').waitFor({ timeout: 30_000 });

/** Clicks a district on the ECharts map: the canvas point of the division's centre. */
async function clickDistrict(code: string): Promise<void> {
  // A string, so the test runner does not rewrite the page's own dynamic import.
  const point = (await page.evaluate(`import('/dashboard/vendor/echarts.js').then((echarts) => {
    const chart = echarts.getInstanceByDom(document.getElementById('map'));
    const region = chart.getModel().getSeriesByIndex(0).coordinateSystem.getRegion(${JSON.stringify(code)});
    return chart.convertToPixel({ seriesIndex: 0 }, region.getCenter());
  })`)) as [number, number];
  const box = (await page.locator('#map canvas').first().boundingBox())!;
  await page.mouse.click(box.x + point[0], box.y + point[1]);
}

/** A value of an ECharts chart's option, e.g. chartOption('trend', 'series.map((s) => s.name)'). */
async function chartOption(id: string, path: string, on: Page = page): Promise<unknown> {
  // A string, so the test runner does not rewrite the page's own dynamic import.
  return on.evaluate(`import('/dashboard/vendor/echarts.js').then((echarts) => {
    const option = echarts.getInstanceByDom(document.getElementById(${JSON.stringify(id)})).getOption();
    return option.${path};
  })`);
}

describe.skipIf(skip)('the console', () => {
  it('as the office: map of the nine districts, ranking of 18 units, small multiples and alerts', async () => {
    await page.goto(`${origin()}/dashboard?role=office`);
    await ready();
    expect(await page.locator('#meta').textContent()).toContain('湛江市');
    expect(await page.locator('#map').getAttribute('data-divisions')).toBe('9');
    expect(Number(await page.locator('#ranking').getAttribute('data-units'))).toBe(18);
    expect(await page.locator('#multiples .multiple').count()).toBe(13);
    await page.locator('#alerts-panel[data-state="ready"]').waitFor({ timeout: 30_000 });
    const alerts = await page.locator('#alerts li').count();
    const graph = await system.query(`{ complianceAlerts(jurisdiction: "440800", year: 2025) { alerts { kind unitCode count } } }`, { role: OFFICE });
    expect(graph.errors).toBeUndefined();
    expect(alerts).toBe(graph.data.complianceAlerts.alerts.length);
    expect(alerts).toBeGreaterThan(0);
    await shot('console-office.png');
    await shot('console-office-full.png', true);
  }, 90_000);

  it('a click on a district filters the units and the lists', async () => {
    await clickDistrict('440882');
    await page.locator('#filters[data-division="440882"]').waitFor({ timeout: 30_000 });
    await ready();
    expect(await page.locator('#filters').textContent()).toContain('雷州市');
    const multiple = page.locator('#multiples .multiple[data-indicator="publishedOnTime"]');
    await multiple.click();
    await listReady();
    const divisions = await page.locator('#list-table tbody td.divisionName').allTextContents();
    expect(divisions.length).toBeGreaterThan(0);
    expect(new Set(divisions)).toEqual(new Set(['雷州市']));
    const answer = await system.query(`{ indicatorList(jurisdiction: "440800", year: 2025, indicator: "publishedOnTime", division: "440882") { totalCount } }`, { role: OFFICE });
    expect(await page.locator('#list-summary').textContent()).toContain(`共 ${answer.data.indicatorList.totalCount} 条`);
    await shot('console-district.png');
    await page.click('#list-close');
    await page.locator('#filters [data-clear="division"]').click();
    await page.locator('#filters[data-division=""]').waitFor({ timeout: 30_000 });
  }, 90_000);

  it('pages a work list to its end, sorted by working days late, and downloads it', async () => {
    await ready();
    await page.locator('#multiples .multiple[data-indicator="publishedOnTime"]').click();
    await listReady();
    const total = Number(/共 (\d+) 条/.exec((await page.locator('#list-summary').textContent())!)![1]);
    expect(total).toBeGreaterThan(50);
    await page.selectOption('#list-sort', 'WORKDAYS_LATE');
    await page.check('#list-desc');
    await page.locator('#list-panel[data-state="ready"][data-sort="WORKDAYS_LATE-desc"]').waitFor({ timeout: 30_000 });
    const first = await page.locator('#list-table tbody td.workdaysLate').first().textContent();
    const rows: string[] = [];
    for (;;) {
      await listReady();
      rows.push(...(await page.locator('#list-table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-id')!))));
      if ((await page.locator('#list-panel').getAttribute('data-end')) === 'true') break;
      const offset = await page.locator('#list-panel').getAttribute('data-offset');
      await page.click('#list-next');
      await page.locator(`#list-panel[data-state="ready"]:not([data-offset="${offset}"])`).waitFor({ timeout: 30_000 });
    }
    expect(rows).toHaveLength(total);
    expect(new Set(rows).size).toBe(total);
    expect(await page.locator('#list-page').textContent()).toContain(`共 ${total} 条`);
    await shot('console-list-end.png');

    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.click('#list-csv')]);
    const path = new URL('worklist.csv', TEST_OUTPUT).pathname;
    await download.saveAs(path);
    const lines = readFileSync(path, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toContain('湛江市2025年');
    expect(lines.some((line) => line.startsWith('填报单位：'))).toBe(true);
    const heading = lines.findIndex((line) => line.startsWith('序号,成员单位'));
    expect(lines[heading + 1]).toContain(`,${first},`);
    expect(lines.filter((line) => /^\d+,/.test(line))).toHaveLength(total);
    await page.click('#list-close');
  }, 120_000);

  it('downloads the statistics table with the header block', async () => {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.click('#download-csv')]);
    expect(download.suggestedFilename()).toBe('湛江市2025年推进双随机一公开统计表.csv');
    const path = new URL('statistics.csv', TEST_OUTPUT).pathname;
    await download.saveAs(path);
    const lines = readFileSync(path, 'utf8').trim().split('\r\n');
    expect(lines[1]).toContain('辖区：湛江市');
    expect(lines.at(-1)).toContain('审核人：');
    expect(lines.filter((line) => /^\d+,/.test(line))).toHaveLength(18);
  }, 60_000);

  it('shows the trend with the same months of the year before beside it', async () => {
    await ready();
    const names = (await chartOption('trend', 'series.map((s) => s.name)')) as string[];
    expect(names).toEqual(['计划检查', '完成检查', '结果公示', '计划检查（上年）', '完成检查（上年）']);
    const graph = await system.query(`{ complianceStatistics(jurisdiction: "440800", year: 2025) { trendLastYear { tasksPlanned } } }`, { role: OFFICE });
    const planned = (graph.data.complianceStatistics.trendLastYear as { tasksPlanned: number }[]).map((month) => month.tasksPlanned);
    expect(planned.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(await chartOption('trend', 'series[3].data')).toEqual(planned);
    expect(await page.locator('#trend-note').textContent()).toContain('上年同期（2024 年）');
  }, 60_000);

  it('switches to Suizhou: its own three divisions on the map, figures from its own data', async () => {
    const zhanjiang = await page.locator('#multiples .multiple[data-indicator="drawnInspected"] .target').textContent();
    await page.selectOption('#jurisdiction', '421300|2025');
    await page.locator('#board[data-jurisdiction="421300"][data-state="ready"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('#map').getAttribute('data-divisions')).toBe('3');
    expect(await chartOption('map', 'series[0].data.map((d) => d.name)')).toEqual(['421303', '421321', '421381']);
    expect(await page.locator('#meta').textContent()).toContain('随州市 2025年平台数据');
    const graph = await system.query(`{ complianceStatistics(jurisdiction: "421300", year: 2025) { total { figures { key numerator denominator } } } }`, { role: OFFICE });
    const drawn = graph.data.complianceStatistics.total.figures.find((f: { key: string }) => f.key === 'drawnInspected');
    const suizhou = await page.locator('#multiples .multiple[data-indicator="drawnInspected"] .target').textContent();
    expect(suizhou).toContain(`${drawn.numerator} / ${drawn.denominator}`);
    expect(suizhou).not.toBe(zhanjiang);
    expect(Number(await page.locator('#trend').getAttribute('data-last-year'))).toBeGreaterThan(0);
    await shot('console-suizhou.png');
    await page.selectOption('#jurisdiction', '440800|2025');
    await page.locator('#board[data-jurisdiction="440800"][data-state="ready"]').waitFor({ timeout: 30_000 });
  }, 60_000);

  it('as a department: only its own unit, its own list and alerts', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const own = await context.newPage();
    await own.goto(`${origin()}/dashboard?role=department:market`);
    await own.locator('#board[data-state="ready"]').waitFor({ timeout: 30_000 });
    expect(await own.locator('#who').textContent()).toContain('market');
    expect(await own.locator('#ranking').getAttribute('data-units')).toBe('1');
    await own.locator('#alerts-panel[data-state="ready"]').waitFor({ timeout: 30_000 });
    const titles = await own.locator('#alerts li > div:first-child').allTextContents();
    expect(titles.length).toBeGreaterThan(0);
    expect(titles.every((title) => title.startsWith('市场监督管理局：'))).toBe(true);
    await own.locator('#multiples .multiple[data-indicator="drawnInspected"]').click();
    await own.locator('#list-panel[data-state="ready"]').waitFor({ timeout: 30_000 });
    const units = await own.locator('#list-table tbody td.unitName').allTextContents();
    expect(new Set(units)).toEqual(new Set(units.length ? ['市场监督管理局'] : []));
    await own.screenshot({ path: new URL('console-department.png', TEST_OUTPUT).pathname });
    await context.close();
  }, 90_000);

  it('is usable on a phone, Suizhou too', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const phone = await context.newPage();
    await phone.goto(`${origin()}/dashboard?role=office`);
    await phone.locator('#board[data-state="ready"]').waitFor({ timeout: 30_000 });
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: new URL('console-phone.png', TEST_OUTPUT).pathname });
    await phone.screenshot({ path: new URL('console-phone-full.png', TEST_OUTPUT).pathname, fullPage: true });
    await phone.selectOption('#jurisdiction', '421300|2025');
    await phone.locator('#board[data-jurisdiction="421300"][data-state="ready"]').waitFor({ timeout: 30_000 });
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: new URL('console-suizhou-phone-full.png', TEST_OUTPUT).pathname, fullPage: true });
    await context.close();
  }, 60_000);
});
