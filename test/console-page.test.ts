// The console's page modules that need no browser (gateway/dashboard/static/format.js and
// state.js: plain ES modules, imported here as they are served), and the office's work-list
// paging and sorting (subgraphs/joint-office/statistics/work-list.ts).
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ES module of the page, no types
import { chartValue, deadlineText, errorText, pageText, ranking, reasonText, valueText } from '../gateway/dashboard/static/format.js';
// @ts-expect-error plain ES module of the page, no types
import { createState, reportVariables, toggleDivision, toggleUnit } from '../gateway/dashboard/static/state.js';
import { workListEntries, workListPage, type WorkListEntry } from '../subgraphs/joint-office/statistics/work-list';
// @ts-expect-error plain ES module of the page, no types
import { COLUMNS } from '../gateway/dashboard/static/lists.js';
import { WORK_LIST_HEADINGS } from '../gateway/exports';

const figure = (key: string, numerator: number, denominator: number | null, status = 'FAIL') => ({
  key, numerator, denominator, value: denominator === null ? numerator : denominator ? numerator / denominator : null, status,
});

describe('the page\'s texts', () => {
  it('every error code the graph gives has plain Chinese; unknown ones a generic sentence, never English', () => {
    for (const code of ['UNAUTHENTICATED', 'FORBIDDEN', 'UNKNOWN_JURISDICTION', 'NO_DATA_FOR_YEAR', 'UNKNOWN_UNIT', 'BAD_INPUT', 'SYNCING', 'SUBGRAPH_UNAVAILABLE', 'RATE_LIMITED', 'NETWORK']) {
      expect(errorText(code), code).toMatch(/[\u4e00-\u9fff]/);
      expect(errorText(code), code).not.toMatch(/[A-Za-z]/);
    }
    expect(errorText('SOMETHING_NEW')).toBe('服务器处理失败，请稍后重试');
    expect(reasonText('PLATFORM_TIMEOUT: fire platform did not answer in 3000 ms')).toBe('业务平台响应超时');
    expect(reasonText('no answer')).toBe('未返回数据');
  });

  it('values, deadlines and pages', () => {
    expect(valueText(figure('a', 1, 3))).toBe('33.3%');
    expect(valueText(figure('a', 4, null))).toBe('4');
    expect(valueText(figure('a', 0, 0))).toBe('—');
    expect(chartValue(figure('a', 1, 3))).toBe(33.3);
    expect(deadlineText(3, '2025-06-19')).toBe('还有 3 个工作日（期限 2025-06-19）');
    expect(deadlineText(0, '2025-06-16')).toBe('今天到期（2025-06-16）');
    expect(deadlineText(-2, '2025-03-30')).toBe('已逾期 2 个工作日（期限 2025-03-30）');
    expect(deadlineText(null, null)).toBe('已逾期，请尽快处置');
    expect(pageText(50, 50, 120)).toBe('第 51–100 条，共 120 条');
    expect(pageText(0, 0, 0)).toBe('清单为空');
  });

  it('ranks units worst first for a ratio, largest first for a count; units without a figure are left out', () => {
    const units = [
      { code: 'a', name: 'A', figures: [figure('r', 9, 10), figure('c', 1, null)] },
      { code: 'b', name: 'B', figures: [figure('r', 5, 10), figure('c', 7, null)] },
      { code: 'c', name: 'C', figures: [figure('r', 0, 0), figure('c', 3, null)] },
    ];
    expect(ranking(units, 'r').map((row: { code: string }) => row.code)).toEqual(['b', 'a']);
    expect(ranking(units, 'c').map((row: { code: string }) => row.code)).toEqual(['b', 'c', 'a']);
  });
});

describe('the page\'s filters', () => {
  it('the office toggles a unit and a division; a department stays on its own unit', () => {
    let office = createState('office');
    office = toggleDivision(toggleUnit(office, 'fire'), '440803');
    expect(reportVariables(office)).toMatchObject({ units: ['fire'], division: '440803' });
    expect(reportVariables(office, { withDivision: false }).division).toBeNull();
    expect(toggleUnit(office, 'fire').unit).toBeNull();
    const market = createState('department:market');
    expect(reportVariables(market).units).toEqual(['market']);
    expect(toggleUnit(market, 'fire').unit).toBe('market');
    expect(toggleUnit(market, 'market').unit).toBe('market');
  });
});

describe('work-list pages', () => {
  it('the page\'s table and the downloads have the same columns in the same order', () => {
    expect(['序号', ...COLUMNS.map(([, label]: [string, string]) => label)]).toEqual(WORK_LIST_HEADINGS);
  });

  const row = (id: string, workdaysLate: number | null, divisionCode: string): Omit<WorkListEntry, 'unitCode'> => ({
    id, uscc: null, divisionCode, subject: null, plannedOn: null, inspectedOn: null, dueOn: null, publishedOn: null, workdaysLate, reason: '',
  });
  const units = [
    { unitCode: 'market', numerator: 0, denominator: 3, list: ['m1', 'm2', 'm3'], rows: [row('m1', 4, '440802'), row('m2', null, '440803'), row('m3', 9, '440802')] },
    { unitCode: 'fire', error: 'PLATFORM_TIMEOUT: down' },
    { unitCode: 'ecology', numerator: 0, denominator: 1, list: ['e1'], rows: [row('e1', 4, '440802')] },
  ];

  it('filters by division, sorts with empty values last and ties in list order, pages without overlap', () => {
    const all = workListEntries('publishedOnTime', units, null);
    expect(all.map((entry) => entry.id)).toEqual(['m1', 'm2', 'm3', 'e1']);
    expect(workListEntries('publishedOnTime', units, '440802').map((entry) => entry.id)).toEqual(['m1', 'm3', 'e1']);
    expect(workListPage(all, 'workdaysLate', true, 0, 10).map((entry) => entry.id)).toEqual(['m3', 'm1', 'e1', 'm2']);
    expect(workListPage(all, 'workdaysLate', false, 0, 10).map((entry) => entry.id)).toEqual(['m1', 'e1', 'm3', 'm2']);
    const pages = [0, 2].flatMap((offset) => workListPage(all, 'workdaysLate', true, offset, 2).map((entry) => entry.id));
    expect(pages).toEqual(['m3', 'm1', 'e1', 'm2']);
    expect(workListPage(all, 'unit', true, 0, 2).map((entry) => entry.id)).toEqual(['e1', 'm3']);
  });

  it('indicator 11 (found at the office): the business of a visit-cap entry, no rows from the unit', () => {
    const entries = workListEntries('overVisitCap', [{ unitCode: 'market', numerator: 1, denominator: null, list: ['91440800MA0000000X'] }], null);
    expect(entries).toEqual([expect.objectContaining({ unitCode: 'market', id: '91440800MA0000000X', uscc: '91440800MA0000000X', reason: '本年度入企检查次数超过上限' })]);
  });
});
