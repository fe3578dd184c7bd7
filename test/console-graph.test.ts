// The console's graph through the real gateway: work lists with names, dates and working days
// late, paged to their end, sorted and filtered by division; reports narrowed to a unit or a
// division; the alerts (待办); a department's own view; work-list downloads with the header block.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../lib/auth';
import { workdaysBetween } from '../lib/workdays';
import { OFFICE, PUBLIC, department, startTestSystem, type TestSystem } from './helpers/system';

const ASOF = '2025-12-31';
const ENTRY = 'unitCode unitName id uscc business { name } divisionCode divisionName subject plannedOn inspectedOn dueOn publishedOn workdaysLate reason';
const LIST = `query List($i: String!, $u: ID, $d: ID, $first: Int, $offset: Int, $sort: WorkListSort, $desc: Boolean) {
  indicatorList(jurisdiction: "440800", year: 2025, asOf: "${ASOF}", indicator: $i, unit: $u, division: $d) {
    totalCount numerator denominator entries(first: $first, offset: $offset, sortBy: $sort, descending: $desc) { ${ENTRY} } } }`;
const REPORT = `query R($units: [ID!], $d: ID) { complianceStatistics(jurisdiction: "440800", year: 2025, asOf: "${ASOF}", units: $units, division: $d) {
  units { code figures { key numerator denominator } } divisions { code figures { key numerator denominator } } total { code figures { key numerator denominator } } } }`;
const ALERTS = `query A($u: ID, $a: String) { complianceAlerts(jurisdiction: "440800", year: 2025, asOf: $a, unit: $u) {
  asOf complete missing alerts { kind unitCode count title deadline workdaysLeft indicator entries { ${ENTRY} } } } }`;

type Entry = Record<string, any>;
let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem({ SUBGRAPH_TIMEOUT_MS: '10000', PLATFORM_TIMEOUT_MS: '3000' });
}, 60_000);
afterAll(() => system?.close());

async function list(variables: Record<string, unknown>, role = OFFICE) {
  const answer = await system.query(LIST, { role, variables });
  expect(answer.errors).toBeUndefined();
  return answer.data.indicatorList as { totalCount: number; numerator: number; denominator: number; entries: Entry[] };
}

describe('work lists', () => {
  it('late publications: business name, division, dates and working days late agree with each other and the truth', async () => {
    const all = await list({ i: 'publishedOnTime', first: 2000 });
    expect(all.totalCount).toBe(all.denominator - all.numerator);
    const truth = new Set([...system.dataset.truth.latePublicationTaskIds, ...system.dataset.truth.unpublishedTaskIds]);
    for (const entry of all.entries) {
      expect(truth.has(entry.id), entry.id).toBe(true);
      expect(entry.business?.name, entry.id).toBeTruthy();
      expect(entry.divisionName, entry.id).toBeTruthy();
      expect(entry.workdaysLate, entry.id).toBeGreaterThan(0);
      expect(entry.workdaysLate).toBe(workdaysBetween(entry.dueOn, entry.publishedOn ?? ASOF));
      expect(entry.reason).toMatch(/个工作日/);
    }
  });

  it('pages through the whole list without gaps or repeats, in any order', async () => {
    const whole = await list({ i: 'publishedOnTime', first: 2000 });
    const paged: Entry[] = [];
    for (let offset = 0; offset < whole.totalCount; offset += 37) paged.push(...(await list({ i: 'publishedOnTime', first: 37, offset, sort: 'WORKDAYS_LATE', desc: true })).entries);
    expect(paged).toHaveLength(whole.totalCount);
    expect(new Set(paged.map((entry) => entry.id)).size).toBe(whole.totalCount);
    const days = paged.map((entry) => entry.workdaysLate);
    expect(days).toEqual([...days].sort((a, b) => b - a));
    expect((await list({ i: 'publishedOnTime', first: 10, offset: whole.totalCount })).entries).toEqual([]);
  });

  it('a division narrows the list to its businesses; its counts are the units\' counts within it', async () => {
    const whole = await list({ i: 'drawnInspected', first: 2000 });
    const xiashan = await list({ i: 'drawnInspected', d: '440803', first: 2000 });
    expect(xiashan.entries.every((entry) => entry.divisionCode === '440803')).toBe(true);
    expect(xiashan.totalCount).toBe(whole.entries.filter((entry) => entry.divisionCode === '440803').length);
    const narrowed = (await system.query(REPORT, { role: OFFICE, variables: { d: '440803' } })).data.complianceStatistics;
    const drawn = (group: { figures: { key: string; numerator: number; denominator: number }[] }) => group.figures.find((f) => f.key === 'drawnInspected')!;
    expect(narrowed.total.code).toBe('440803');
    expect(drawn(narrowed.total).denominator - drawn(narrowed.total).numerator).toBe(xiashan.totalCount);
    expect(narrowed.units.reduce((sum: number, unit: any) => sum + drawn(unit).denominator, 0)).toBe(drawn(narrowed.total).denominator);
    expect(narrowed.total.figures.some((f: { key: string }) => f.key === 'itemCoverage')).toBe(false);
  });

  it('bad paging, an unknown division or sort: coded errors', async () => {
    const code = async (variables: Record<string, unknown>) => (await system.query(LIST, { role: OFFICE, variables })).errors?.[0]?.extensions?.code;
    expect(await code({ i: 'publishedOnTime', offset: -1 })).toBe('BAD_INPUT');
    expect(await code({ i: 'publishedOnTime', first: 2001 })).toBe('PAGE_SIZE_TOO_LARGE');
    expect(await code({ i: 'publishedOnTime', d: '421303' })).toBe('BAD_INPUT');
    expect(await code({ i: 'publishedOnTime', sort: 'NOSUCH' })).toBe('BAD_USER_INPUT');
  });
});

describe('alerts (待办)', () => {
  it('results about to pass their limit, open findings, late plans, visits past the cap, mergeable duplicates', async () => {
    const asOf = '2025-06-16';
    const answer = await system.query(ALERTS, { role: OFFICE, variables: { a: asOf } });
    expect(answer.errors).toBeUndefined();
    const { alerts, complete } = answer.data.complianceAlerts;
    expect(complete).toBe(true);
    const kinds = new Set(alerts.map((alert: Entry) => alert.kind));
    for (const kind of ['PUBLICATION_DUE', 'FINDINGS_OPEN']) expect(kinds.has(kind), kind).toBe(true);
    // A late-plan alert exactly for the units whose annual plan figure failed as of that day.
    const report = (await system.query(`{ complianceStatistics(jurisdiction: "440800", year: 2025, asOf: "${asOf}") { units { code figures { key numerator denominator } } } }`, { role: OFFICE })).data.complianceStatistics;
    const late = report.units.filter((unit: Entry) => unit.figures.some((f: Entry) => f.key === 'planPublishedOnTime' && f.denominator === 1 && f.numerator === 0)).map((unit: Entry) => unit.code);
    expect(alerts.filter((a: Entry) => a.kind === 'PLAN_NOT_PUBLISHED').map((a: Entry) => a.unitCode).sort()).toEqual(late.sort());
    // Open findings: the unit's gap of indicator 9 that day.
    for (const alert of alerts.filter((a: Entry) => a.kind === 'FINDINGS_OPEN')) {
      const figure = report.units.find((unit: Entry) => unit.code === alert.unitCode).figures.find((f: Entry) => f.key === 'findingsFollowedUp');
      expect(alert.count).toBe(figure.denominator - figure.numerator);
    }
    for (const alert of alerts.filter((a: Entry) => a.kind === 'PUBLICATION_DUE')) {
      expect(alert.count).toBe(alert.entries.length);
      for (const entry of alert.entries) {
        expect(entry.publishedOn).toBeNull();
        const left = workdaysBetween(asOf, entry.dueOn);
        expect(left).toBeGreaterThanOrEqual(0);
        expect(left).toBeLessThanOrEqual(5);
      }
      expect(alert.workdaysLeft).toBe(workdaysBetween(asOf, alert.deadline));
    }
    const findings = alerts.find((a: Entry) => a.kind === 'FINDINGS_OPEN');
    const open = await list({ i: 'findingsFollowedUp', u: findings.unitCode, first: 2000 });
    expect(findings.indicator).toBe('findingsFollowedUp');
    // The alert is as of June, the list as of the year's end: never more open findings in June than were counted.
    expect(findings.count).toBeGreaterThan(0);
    expect(open.totalCount).toBeGreaterThan(0);
    // Most urgent first.
    const left = alerts.map((a: Entry) => a.workdaysLeft ?? Infinity);
    expect(left).toEqual([...left].sort((a, b) => a - b));
  });
});

describe('a department', () => {
  it('sees its own unit\'s figures, lists and alerts, and nothing of another unit', async () => {
    const market = department('market');
    const own = (await system.query(REPORT, { role: market, variables: {} })).data.complianceStatistics;
    expect(own.units.map((unit: Entry) => unit.code)).toEqual(['market']);
    const office = (await system.query(REPORT, { role: OFFICE, variables: { units: ['market'] } })).data.complianceStatistics;
    expect(own).toEqual(office);
    const lists = await list({ i: 'drawnInspected', first: 2000 }, market);
    expect(lists.entries.every((entry) => entry.unitCode === 'market')).toBe(true);
    const alerts = (await system.query(ALERTS, { role: market, variables: {} })).data.complianceAlerts.alerts;
    expect(alerts.every((alert: Entry) => alert.unitCode === 'market')).toBe(true);
    const code = async (query: string, variables: Record<string, unknown>, role = market) => (await system.query(query, { role, variables })).errors?.[0]?.extensions?.code;
    expect(await code(REPORT, { units: ['fire'] })).toBe('FORBIDDEN');
    expect(await code(LIST, { i: 'drawnInspected', u: 'fire' })).toBe('FORBIDDEN');
    expect(await code(ALERTS, { u: 'fire' })).toBe('FORBIDDEN');
    expect(await code(ALERTS, {}, PUBLIC)).toBe('FORBIDDEN');
  });
});

describe('work-list downloads', () => {
  const root = () => new URL(system.gateway.url).origin;
  const url = (format: string, extra = '') => `${root()}/exports/worklist.${format}?jurisdiction=440800&year=2025&asOf=${ASOF}&indicator=publishedOnTime${extra}`;

  it('CSV: header block, the console\'s columns, every entry in the order asked for', async () => {
    const token = await signToken(OFFICE, system.config.jwtSecret);
    const response = await fetch(url('csv', '&sortBy=WORKDAYS_LATE&descending=true'), { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    const lines = (await response.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('湛江市2025年20个工作日内公示比例：逾期或未公示的任务清单');
    const heading = lines.indexOf('序号,成员单位,企业名称,县（市、区）,原因,逾期（工作日）,期限,计划检查日,检查日,公示日,事项/计划/问题,统一社会信用代码,编号');
    expect(heading).toBeGreaterThan(0);
    const rows = lines.filter((line) => /^\d+,/.test(line));
    const whole = await list({ i: 'publishedOnTime', first: 2000, sort: 'WORKDAYS_LATE', desc: true });
    expect(rows).toHaveLength(whole.totalCount);
    expect(rows.map((row) => row.split(',').at(-1))).toEqual(whole.entries.map((entry) => entry.id));
  });

  it('.xlsx of a department: its own entries only', async () => {
    const token = await signToken(department('market'), system.config.jwtSecret);
    const response = await fetch(url('xlsx'), { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('统计表')!;
    expect(String(sheet.getRow(3).getCell(1).value)).toBe('填报单位：市场监督管理局');
    const units = new Set<string>();
    sheet.eachRow((row, index) => {
      if (index > 5 && typeof row.getCell(1).value === 'number') units.add(String(row.getCell(2).value));
    });
    expect([...units]).toEqual(['市场监督管理局']);
  });

  it('refuses without a token (401), the public (403), a bad indicator (400)', async () => {
    expect((await fetch(url('csv'))).status).toBe(401);
    const publicToken = await signToken(PUBLIC, system.config.jwtSecret);
    expect((await fetch(url('csv'), { headers: { authorization: `Bearer ${publicToken}` } })).status).toBe(403);
    const token = await signToken(OFFICE, system.config.jwtSecret);
    const bad = await fetch(url('csv').replace('publishedOnTime', 'nosuch'), { headers: { authorization: `Bearer ${token}` } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0].extensions.code).toBe('BAD_INPUT');
  });
});
