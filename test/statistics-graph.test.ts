// Compliance statistics through the real gateway: units count next to their data, the office
// combines; partial failure, bad input, the cache and its invalidation, the table downloads.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataCityOfUscc } from '../config/divisions';
import { signToken } from '../lib/auth';
import { INDICATOR_KEYS } from '../subgraphs/kit/statistics/catalog';
import { OFFICE, PUBLIC, department, startTestSystem, type TestSystem } from './helpers/system';

const ASOF = '2025-12-31';
const FIGURES = 'key numerator denominator value status target { label }';
const REPORT = `query Report($j: ID!, $y: Int!, $a: String) { complianceStatistics(jurisdiction: $j, year: $y, asOf: $a) {
  jurisdictionName year dataYear complete missingUnits { unitCode reason }
  units { code available figures { ${FIGURES} } } divisions { code figures { ${FIGURES} } } total { complete figures { ${FIGURES} } }
  trend { month tasksCompleted resultsPublished } trendLastYear { month tasksPlanned } dataJurisdiction } }`;
const LIST = `query List($u: ID, $i: String!, $a: String) { indicatorList(jurisdiction: "440800", year: 2025, unit: $u, indicator: $i, asOf: $a) {
  numerator denominator totalCount entries(first: 2000) { unitCode id } } }`;

type Figure = { key: string; numerator: number; denominator: number | null; status: string; target: { label: string } | null };
type Group = { code: string; available?: boolean; complete?: boolean; figures: Figure[] };

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem({ SYNC_INTERVAL_MS: '500', SUBGRAPH_TIMEOUT_MS: '10000', PLATFORM_TIMEOUT_MS: '3000' });
}, 60_000);
afterAll(() => system?.close());

async function report(jurisdiction = '440800', year = 2025, asOf: string | null = ASOF) {
  const answer = await system.query(REPORT, { role: OFFICE, variables: { j: jurisdiction, y: year, a: asOf } });
  expect(answer.errors).toBeUndefined();
  return answer.data.complianceStatistics as { complete: boolean; missingUnits: { unitCode: string; reason: string }[]; units: Group[]; divisions: Group[]; total: Group; trend: { tasksCompleted: number }[]; trendLastYear: { month: string; tasksPlanned: number }[]; dataYear: number; dataJurisdiction: string };
}
const figure = (group: Group, key: string) => group.figures.find((f) => f.key === key)!;
/** The generator's duplicate visits of one city's businesses. */
const duplicatesOf = (city: string) => system.dataset.truth.duplicateVisits.filter((group) => dataCityOfUscc(group.uscc) === city);

describe('compliance statistics through the gateway', () => {
  it('totals are the sums of the units\' counts; divisions sum to the total', async () => {
    const { units, total, divisions, complete, trend } = await report();
    expect(complete).toBe(true);
    expect(units).toHaveLength(18);
    // Indicator 8's total counts distinct businesses (test/figures-at-scale.test.ts), not a sum.
    for (const key of INDICATOR_KEYS.filter((k) => k !== 'businessesSampled')) {
      const sum = (pick: (f: Figure) => number) => units.reduce((acc, unit) => acc + pick(figure(unit, key)), 0);
      expect(figure(total, key).numerator, key).toBe(sum((f) => f.numerator));
      if (figure(total, key).denominator !== null) expect(figure(total, key).denominator, key).toBe(sum((f) => f.denominator ?? 0));
    }
    const done = divisions.reduce((acc, division) => acc + (figure(division, 'drawnInspected')?.numerator ?? 0), 0);
    expect(done).toBe(figure(total, 'drawnInspected').numerator);
    // The generated data leaves results unpublished and officers out of the directory.
    expect(figure(total, 'resultsPublished').status).toBe('FAIL');
    expect(figure(total, 'certifiedInDirectory').status).toBe('FAIL');
    expect(figure(total, 'jointTasks').status).toBe('PASS');
    // Indicator 11 comes from the office's duplicate findings: a group counts for every unit in it,
    // so the total is the sum over the groups of their units (duplicateReport counts groups once).
    const groups = duplicatesOf('440800');
    expect(figure(total, 'unmergedDuplicates').numerator).toBe(groups.reduce((acc, group) => acc + group.unitCodes.length, 0));
    expect(figure(total, 'unmergedDuplicates').status).toBe('FAIL');
    expect(trend.reduce((acc, month) => acc + month.tasksCompleted, 0)).toBeGreaterThan(0);
  });

  it('the list behind a figure matches its count and the generator\'s truth', async () => {
    const { total } = await report();
    const answer = await system.query(LIST, { role: OFFICE, variables: { i: 'resultsPublished', a: ASOF } });
    const list = answer.data.indicatorList;
    expect(list.numerator).toBe(figure(total, 'resultsPublished').numerator);
    expect(list.totalCount).toBe(figure(total, 'resultsPublished').denominator! - figure(total, 'resultsPublished').numerator);
    // Never published, or published late and only after the as-of day.
    const { unpublishedTaskIds, latePublicationTaskIds } = system.dataset.truth;
    const truth = new Set([...unpublishedTaskIds, ...latePublicationTaskIds]);
    for (const entry of list.entries) expect(truth.has(entry.id), entry.id).toBe(true);
    const never = list.entries.filter((entry: { id: string }) => unpublishedTaskIds.includes(entry.id));
    expect(never.length).toBeGreaterThan(0);
  });

  it('the list behind indicator 11 is the duplicate groups each unit is in, as counted', async () => {
    const { total } = await report();
    const list = (await system.query(LIST, { role: OFFICE, variables: { i: 'unmergedDuplicates', a: ASOF } })).data.indicatorList;
    expect(list.numerator).toBe(figure(total, 'unmergedDuplicates').numerator);
    expect(list.entries).toHaveLength(list.numerator);
    const perUnit = new Map<string, number>();
    for (const group of duplicatesOf('440800')) for (const unit of group.unitCodes) perUnit.set(unit, (perUnit.get(unit) ?? 0) + 1);
    const listed = new Map<string, number>();
    for (const entry of list.entries as { unitCode: string; id: string }[]) {
      expect(entry.id).toMatch(/^dup_/);
      listed.set(entry.unitCode, (listed.get(entry.unitCode) ?? 0) + 1);
    }
    expect(listed).toEqual(perUnit);
  });

  it('Suizhou\'s report counts Suizhou\'s own records: its tasks, its duplicates, its divisions, and the year before', async () => {
    const suizhou = await report('421300', 2025);
    const zhanjiang = await report('440800', 2025);
    expect(suizhou).toMatchObject({ complete: true, dataJurisdiction: '421300', dataYear: 2025 });
    expect(suizhou.divisions.map((division) => division.code)).toEqual(['421303', '421321', '421381']);
    const tasks = Object.values(system.dataset.units).flatMap((unit) => unit.tasks);
    const due = (city: string, year: string) => tasks.filter((t) => dataCityOfUscc(t.uscc) === city && t.status !== 'cancelled' && t.plannedOn.startsWith(year));
    expect(figure(suizhou.total, 'drawnInspected').denominator).toBe(due('421300', '2025').length);
    expect(figure(zhanjiang.total, 'drawnInspected').denominator).toBe(due('440800', '2025').length);
    expect(figure(suizhou.total, 'unmergedDuplicates').numerator).toBe(duplicatesOf('421300').reduce((acc, group) => acc + group.unitCodes.length, 0));
    const done = suizhou.divisions.reduce((acc, division) => acc + figure(division, 'drawnInspected').numerator, 0);
    expect(done).toBe(figure(suizhou.total, 'drawnInspected').numerator);
    // The roster is Suizhou's own: certificate numbers issued in Suizhou (4213…).
    const roster = Object.values(system.dataset.units).flatMap((unit) => unit.certifiedOfficers).filter((o) => o.certificateNo.startsWith('4213'));
    expect(figure(suizhou.total, 'certifiedInDirectory').denominator).toBe(roster.length);
    // The year before, month by month: the tasks planned in 2024.
    expect(suizhou.trendLastYear.map((month) => month.month)).toEqual(Array.from({ length: 12 }, (_, i) => `2024-${String(i + 1).padStart(2, '0')}`));
    expect(suizhou.trendLastYear.reduce((acc, month) => acc + month.tasksPlanned, 0)).toBe(due('421300', '2024').length);
  });

  it('the same query for two jurisdictions judges the same counts by each one\'s targets', async () => {
    const zhanjiang = await report('440800', 2025);
    const luanzhou = await report('130284', 2024);
    expect(luanzhou).toMatchObject({ dataYear: 2025, dataJurisdiction: '440800' });
    expect(figure(zhanjiang.total, 'jointTasks').target?.label).toContain('15%');
    expect(figure(luanzhou.total, 'jointTasks').status).toBe('NOT_APPLICABLE');
    expect(figure(luanzhou.total, 'businessesSampled').target?.label).toContain('3%');
    expect(figure(zhanjiang.total, 'businessesSampled').status).toBe('NOT_APPLICABLE');
    expect(figure(luanzhou.total, 'resultsPublished').numerator).toBe(figure(zhanjiang.total, 'resultsPublished').numerator);
  });

  it('a platform that is down: the unit\'s figures from its view, which names the failure; back, it reads on', async () => {
    const before = await report('440800', 2025, '2025-12-28');
    system.platforms.fire.setFaults({ down: true });
    const sync = async () =>
      (await system.query(`{ department(code: "fire") { sync { state lastError } } }`, { role: OFFICE })).data.department.sync as { state: string; lastError: string | null };
    try {
      await system.syncNow();
      expect(await sync()).toMatchObject({ state: 'READY', lastError: expect.stringMatching(/fire/i) });
      const during = await report('440800', 2025, '2025-12-28');
      expect(during.complete).toBe(true);
      expect(figure(during.units.find((unit) => unit.code === 'fire')!, 'resultsPublished')).toEqual(figure(before.units.find((unit) => unit.code === 'fire')!, 'resultsPublished'));
    } finally {
      system.platforms.fire.setFaults({ down: false });
    }
    await system.syncNow();
    expect((await sync()).lastError).toBeNull();
  });

  it('bad input has clear codes', async () => {
    const code = async (query: string, variables: Record<string, unknown>, role = OFFICE) =>
      (await system.query(query, { role, variables })).errors?.[0]?.extensions?.code;
    expect(await code(REPORT, { j: '999999', y: 2025 })).toBe('UNKNOWN_JURISDICTION');
    expect(await code(REPORT, { j: '440800', y: 2019 })).toBe('NO_DATA_FOR_YEAR');
    expect(await code(REPORT, { j: '440800', y: 2025, a: '2025-13-01' })).toBe('BAD_INPUT');
    expect(await code(LIST, { u: 'nosuch', i: 'resultsPublished' })).toBe('UNKNOWN_UNIT');
    expect(await code(LIST, { u: 'market', i: 'nosuch' })).toBe('BAD_INPUT');
    expect(await code(REPORT, { j: '440800', y: 2025 }, PUBLIC)).toBe('FORBIDDEN');
    const lists = `{ department(code: "fire") { statistics(jurisdiction: "440800", year: 2025, withLists: true) { unitCode } } }`;
    expect(await code(lists, {}, department('market'))).toBe('FORBIDDEN');
  });

  it('serves warm counts without platform calls; a publication made on the platform shows within the sync interval', async () => {
    const asOf = '2025-12-30';
    const before = await report('440800', 2025, asOf);
    system.resetPlatformStats();
    await report('440800', 2025, asOf);
    // The views read the change feeds in the background every 500 ms here; the warm answer
    // itself asks the platforms nothing.
    const FEEDS = /^(GET \/sssj\/api\/bg\/list|GET \/v1\/units\/:unit\/changes|QueryChanges|changes\.since|GET \/api\/publications\/changes)$/;
    const asked = Object.values(system.platforms).flatMap((platform) => Object.keys(platform.stats().byRoute).filter((route) => !FEEDS.test(route)));
    expect(asked).toEqual([]);

    // Publish one of ecology's unpublished results in the credit system directly (not through the graph).
    const unpublished = (await system.query(LIST, { role: OFFICE, variables: { u: 'ecology', i: 'resultsPublished', a: asOf } })).data.indicatorList.entries;
    expect(unpublished.length).toBeGreaterThan(0);
    const task = system.dataset.units.ecology.tasks.find((t) => t.id === unpublished[0].id)!;
    const published = await fetch(new URL('/api/publications', system.platforms.credit.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ uniscid: task.uscc, deptCode: 'ecology', taskId: task.id, pubContent: '检查结果补充公示', pubTime: '2025-12-29T10:00:00+08:00' }),
    });
    expect(published.status).toBeLessThan(300);
    const ecology = (r: typeof before) => figure(r.units.find((u) => u.code === 'ecology')!, 'resultsPublished').numerator;
    // The views read the credit system's feed every SYNC_INTERVAL_MS (500 ms here).
    const started = Date.now();
    let after = await report('440800', 2025, asOf);
    while (ecology(after) === ecology(before) && Date.now() - started < 5_000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await report('440800', 2025, asOf);
    }
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(ecology(after)).toBe(ecology(before) + 1);
    expect(figure(after.total, 'resultsPublished').numerator).toBe(figure(before.total, 'resultsPublished').numerator + 1);
  });
});

describe('statistics table downloads', () => {
  const gatewayRoot = () => new URL(system.gateway.url).origin;
  const LINK = `query($f: ExportFormat!) { statisticsDownload(jurisdiction: "440800", year: 2025, asOf: "${ASOF}", format: $f) { url fileName } }`;

  it('CSV through a signed link: one row per unit plus the total, Chinese headings', async () => {
    const link = (await system.query(LINK, { role: OFFICE, variables: { f: 'CSV' } })).data.statisticsDownload;
    expect(link.fileName).toBe('湛江市2025年推进双随机一公开统计表.csv');
    const response = await fetch(gatewayRoot() + link.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain(encodeURIComponent('湛江市'));
    const all = (await response.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    // The form's header block (title, jurisdiction/year/as-of, reporting unit/date), a blank line,
    // the table, a blank line, the signature line.
    expect(all[0]).toBe('湛江市2025年推进“双随机、一公开”统计表');
    expect(all[1]).toBe(`辖区：湛江市,年度：2025年,统计截至：${ASOF}`);
    expect(all[2]).toMatch(/^填报单位：“双随机、一公开”监管工作联席会议办公室,制表日期：\d{4}-\d{2}-\d{2},依据：湛随办字〔2025〕2号$/);
    expect(all.at(-1)).toMatch(/^填报单位（盖章）：.*,填报人：,审核人：,联系电话：,填报日期：/);
    const lines = all.slice(4, -2);
    expect(lines).toHaveLength(1 + 18 + 1);
    expect(lines[0].split(',').slice(0, 3)).toEqual(['序号', '成员单位', '抽查事项数']);
    expect(lines[1].split(',')[1]).toBe('市场监督管理局');
    expect(lines[19].split(',')[1]).toBe('合计');
  });

  it('.xlsx with an office Authorization header parses with exceljs', async () => {
    const token = await signToken(OFFICE, system.config.jwtSecret);
    const response = await fetch(`${gatewayRoot()}/exports/statistics.xlsx?jurisdiction=440800&year=2025&asOf=${ASOF}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('统计表')!;
    // Header block (3 rows and a blank one), headings, 18 units, the total, a blank row, the signature.
    expect(sheet.rowCount).toBe(4 + 20 + 2);
    expect(sheet.getRow(1).getCell(1).value).toBe('湛江市2025年推进“双随机、一公开”统计表');
    expect(sheet.getRow(5).getCell(1).value).toBe('序号');
    expect(sheet.getRow(6).getCell(2).value).toBe('市场监督管理局');
    expect(typeof sheet.getRow(6).getCell(3).value).toBe('number');
    expect(String(sheet.getRow(26).getCell(3).value)).toBe('审核人：');
  });

  it('refuses callers without a token, the public, or a tampered link; a department gets its own row', async () => {
    const base = `${gatewayRoot()}/exports/statistics.csv?jurisdiction=440800&year=2025`;
    expect((await fetch(base)).status).toBe(401);
    const publicToken = await signToken(PUBLIC, system.config.jwtSecret);
    expect((await fetch(base, { headers: { authorization: `Bearer ${publicToken}` } })).status).toBe(403);
    const departmentToken = await signToken(department('market'), system.config.jwtSecret);
    const own = await fetch(base, { headers: { authorization: `Bearer ${departmentToken}` } });
    expect(own.status).toBe(200);
    const rows = (await own.text()).split('\r\n').filter((line) => /^\d+,/.test(line));
    expect(rows.map((row) => row.split(',')[1])).toEqual(['市场监督管理局']);
    const link = (await system.query(LINK, { role: OFFICE, variables: { f: 'CSV' } })).data.statisticsDownload;
    expect((await fetch(gatewayRoot() + link.url.replace('year=2025', 'year=2024'))).status).toBe(401);
    expect((await fetch(`${base}&token=not-a-token`)).status).toBe(401);
  });

  it('the dashboard route runs persisted operations only, for office tokens only', async () => {
    const post = (body: unknown, token?: string) =>
      fetch(`${gatewayRoot()}/dashboard/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    const office = await signToken(OFFICE, system.config.jwtSecret);
    expect((await post({ operationName: 'DashboardReport', variables: { jurisdiction: '440800', year: 2025 } })).status).toBe(401);
    expect((await post({ operationName: 'Anything', query: '{ memberUnits { code } }' }, office)).status).toBe(400);
    const answer = await post({ operationName: 'IndicatorList', variables: { jurisdiction: '440800', year: 2025, indicator: 'jointTasks', unit: 'fire', asOf: ASOF, first: 3 } }, office);
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { data: { indicatorList: { entries: unknown[] } } }).data.indicatorList.entries).toHaveLength(3);
  });
});
