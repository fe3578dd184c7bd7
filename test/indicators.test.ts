import { describe, expect, it } from 'vitest';
import { StatisticsError, jurisdictionConfig } from '../config/jurisdictions';
import type { Count, IndicatorCounts, UnitCounts } from '../subgraphs/kit/statistics/catalog';
import { countUnit, countingRules, type UnitStatisticsInput } from '../subgraphs/kit/statistics/unit-counts';
import {
  buildStatisticsReport, combineCounts, judgeCombination, unitStatistics, type FigureGroup, type UnitOutcome,
} from '../subgraphs/joint-office/statistics/indicators';
import { withDuplicateFigures } from '../subgraphs/joint-office/statistics/duplicate-figures';
import { BUSINESS, FIXTURE_AS_OF, statisticsFixture } from './fixtures/statistics-fixture';

const ZHANJIANG = jurisdictionConfig('440800', 2025);
const LUANZHOU = jurisdictionConfig('130284', 2024);
const SUIZHOU = jurisdictionConfig('421300', 2025);

function byUnit(unitCode: string): UnitStatisticsInput {
  return statisticsFixture().find((input) => input.unitCode === unitCode)!;
}
function count(unitCode: string, asOf = FIXTURE_AS_OF, includeLists = true): UnitCounts {
  return countUnit(byUnit(unitCode), countingRules(ZHANJIANG, asOf, includeLists));
}
/** [numerator, denominator] of each indicator, for compact comparisons. */
function ratios(counts: Partial<IndicatorCounts>): Record<string, [number, number | null]> {
  return Object.fromEntries(Object.entries(counts).map(([key, c]) => [key, [(c as Count).numerator, (c as Count).denominator]]));
}
function statuses(group: FigureGroup): Record<string, string> {
  return Object.fromEntries(group.figures.map((figure) => [figure.key, figure.status]));
}
function errorCode(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof StatisticsError ? error.code : 'other';
  }
  return undefined;
}
const allOk = (): UnitOutcome[] => ['market', 'ecology', 'fire'].map((unitCode) => ({ unitCode, counts: count(unitCode) }));

describe('unit-side counts (Zhanjiang 2025, as of 2025-11-01)', () => {
  it('market: every indicator against hand-computed counts', () => {
    const { indicators } = count('market');
    expect(ratios(indicators)).toEqual({
      itemCoverage: [4, 5], // M1 M2 (P-M1), M3 M5 (P-M2); M4 only in the 2024 plan
      jointTasks: [3, 8], // T-M5..7 of joint P-M2, among the 8 non-cancelled 2025 tasks
      certifiedInDirectory: [3, 4], // C-004 missing; C-003 inactive still in the directory
      drawnInspected: [6, 8], // due on the planned day: M1 M2 M3 M5 M7 M9 done, M4 pending, M6 in progress
      resultsPublished: [4, 5], // M1 M2 M3 M5 published, M9 never; M7 pending (due 11-25)
      publishedOnTime: [3, 5], // M1 (02-08 make-up day), M2 (02-27 across Spring Festival), M5; M3 late by one day
      riskItems: [4, 5], // M3 not risk-based
      riskDraws: [1, 2], // P-M1 with ratios, P-M2 without; P-M3 never drawn
      businessesSampled: [5, 50], // A B C D E; F only in a cancelled task
      findingsFollowedUp: [2, 4], // F1 F3 handled; F2 never, F4 after the as-of day
      planPublishedOnTime: [1, 1], // P-M1 on 03-20 ≤ 03-30
      unmergedDuplicates: [1, null],
      overVisitCap: [0, null],
    });
    expect(indicators.itemCoverage.list).toEqual(['M4']);
    expect(indicators.jointTasks.list).toEqual(['T-M5', 'T-M6', 'T-M7']);
    expect(indicators.certifiedInDirectory.list).toEqual(['C-004']);
    expect(indicators.drawnInspected.list).toEqual(['T-M4', 'T-M6']);
    expect(indicators.resultsPublished.list).toEqual(['T-M9']);
    expect(indicators.publishedOnTime.list).toEqual(['T-M3', 'T-M9']);
    expect(indicators.riskItems.list).toEqual(['M3']);
    expect(indicators.riskDraws.list).toEqual(['P-M2']);
    expect(indicators.businessesSampled.list).toEqual([BUSINESS.A, BUSINESS.B, BUSINESS.C, BUSINESS.D, BUSINESS.E].sort());
    expect(indicators.findingsFollowedUp.list).toEqual(['T-M2/F2', 'T-M9/F4']);
    expect(indicators.planPublishedOnTime.list).toEqual([]); // passing: no gap
    expect(indicators.unmergedDuplicates.list).toEqual(['dup-1']);
  });

  it('market split by division of the business sums to the unit figures', () => {
    const { divisions, indicators } = count('market');
    expect(ratios(divisions['440802'])).toEqual({
      jointTasks: [1, 4], drawnInspected: [4, 4], resultsPublished: [3, 4], publishedOnTime: [2, 4],
      businessesSampled: [2, 20], findingsFollowedUp: [1, 2], unmergedDuplicates: [1, null], overVisitCap: [0, null],
    });
    expect(ratios(divisions['440803'])).toEqual({
      jointTasks: [1, 3], drawnInspected: [2, 3], resultsPublished: [1, 1], publishedOnTime: [1, 1],
      businessesSampled: [2, 20], findingsFollowedUp: [1, 2],
    });
    expect(ratios(divisions['440804'])).toEqual({ jointTasks: [1, 1], drawnInspected: [0, 1], businessesSampled: [1, 10] });
    const summed = Object.values(divisions).reduce((sum, d) => sum + (d.jointTasks?.denominator ?? 0), 0);
    expect(summed).toBe(indicators.jointTasks.denominator);
  });

  it('fire and ecology', () => {
    expect(ratios(count('fire').indicators)).toMatchObject({
      itemCoverage: [2, 2], jointTasks: [1, 2], certifiedInDirectory: [2, 2], drawnInspected: [2, 2],
      resultsPublished: [2, 2], publishedOnTime: [2, 2], riskItems: [2, 2], riskDraws: [1, 1],
      businessesSampled: [2, 10], findingsFollowedUp: [0, 0], planPublishedOnTime: [1, 1], // published on 03-30 itself
    });
    const ecology = count('ecology').indicators;
    expect(ratios(ecology)).toMatchObject({
      itemCoverage: [1, 1], jointTasks: [0, 1], riskItems: [0, 1], riskDraws: [0, 1], businessesSampled: [1, 5],
      planPublishedOnTime: [0, 1], // 03-31, one day late
    });
    expect(ecology.planPublishedOnTime.list).toEqual(['P-E1']);
  });

  it('the as-of day decides what is due', () => {
    // On 12-31: M7 was published 11-03 within its 20 days, F4 handled.
    const late = count('market', '2025-12-31').indicators;
    expect(ratios(late)).toMatchObject({
      drawnInspected: [6, 8], resultsPublished: [5, 6], publishedOnTime: [4, 6], findingsFollowedUp: [3, 4],
    });
    expect(late.drawnInspected.list).toEqual(['T-M4', 'T-M6']);
    // Mid-year: nothing planned, inspected, published or handled after 06-30 counts yet.
    const midYear = count('market', '2025-06-30').indicators;
    expect(ratios(midYear)).toMatchObject({
      itemCoverage: [4, 5], jointTasks: [0, 5], drawnInspected: [4, 5], resultsPublished: [3, 4], publishedOnTime: [2, 4],
      riskDraws: [1, 2], businessesSampled: [4, 50], findingsFollowedUp: [2, 4],
    });
    expect(midYear.drawnInspected.list).toEqual(['T-M4']);
    expect(midYear.resultsPublished.list).toEqual(['T-M9']);
    // On 02-01 only P-M1 exists (drawn 01-03); P-M2 is drawn 03-05 and published 04-10.
    expect(ratios(count('market', '2025-02-01').indicators)).toMatchObject({ itemCoverage: [2, 5], riskDraws: [1, 1], drawnInspected: [3, 3] });
    // Before the plan deadline nothing is due yet for a unit that has not published; a published plan counts.
    expect(ratios(count('ecology', '2025-03-15').indicators).planPublishedOnTime).toEqual([0, 0]);
    expect(ratios(count('market', '2025-03-25').indicators).planPublishedOnTime).toEqual([1, 1]);
  });

  it('ships no lists unless asked', () => {
    const { indicators, divisions } = count('market', FIXTURE_AS_OF, false);
    expect(indicators.publishedOnTime).toEqual({ numerator: 3, denominator: 5 });
    expect(divisions['440802'].jointTasks).toEqual({ numerator: 1, denominator: 4 });
  });
});

describe('office-side combination', () => {
  it('Zhanjiang totals are sums of counts, judged against Zhanjiang targets', () => {
    const report = buildStatisticsReport(ZHANJIANG, allOk(), ['market', 'ecology', 'fire']);
    expect(report.complete).toBe(true);
    const total = Object.fromEntries(report.total.figures.map((f) => [f.key, [f.numerator, f.denominator, f.status]]));
    expect(total).toEqual({
      itemCoverage: [7, 8, 'pass'], // 87.5%; the mean of unit ratios would be 93.3%
      jointTasks: [4, 11, 'pass'],
      certifiedInDirectory: [6, 7, 'fail'],
      drawnInspected: [9, 11, 'fail'],
      resultsPublished: [7, 8, 'fail'],
      publishedOnTime: [6, 8, 'fail'],
      riskItems: [6, 8, 'fail'], // 75% < 80%; the mean of unit ratios would be 60%
      riskDraws: [2, 4, 'not_applicable'],
      businessesSampled: [8, 65, 'not_applicable'],
      findingsFollowedUp: [2, 4, 'fail'],
      planPublishedOnTime: [2, 3, 'fail'],
      unmergedDuplicates: [1, null, 'fail'], // at most 0
      overVisitCap: [0, null, 'not_applicable'],
    });
    expect(report.total.figures.find((f) => f.key === 'itemCoverage')!.value).toBe(0.875);
    expect(report.total.figures.find((f) => f.key === 'publishedOnTime')!.list).toEqual([
      { unitCode: 'market', id: 'T-M3' }, { unitCode: 'market', id: 'T-M9' },
    ]);
    const market = unitStatistics(report, 'market');
    // 80% of items is exactly the target: passes.
    expect(statuses(market)).toMatchObject({ itemCoverage: 'pass', riskItems: 'pass', jointTasks: 'pass', certifiedInDirectory: 'fail' });
    expect(statuses(unitStatistics(report, 'fire'))).toMatchObject({ findingsFollowedUp: 'no_data', publishedOnTime: 'pass', planPublishedOnTime: 'pass' });
    expect(statuses(unitStatistics(report, 'ecology'))).toMatchObject({ jointTasks: 'fail', riskItems: 'fail', planPublishedOnTime: 'fail' });
  });

  it('divisions combine all units, in the jurisdiction order', () => {
    const report = buildStatisticsReport(ZHANJIANG, allOk(), ['market', 'ecology', 'fire']);
    // All nine of Zhanjiang's divisions, in its order; those without data show zeros.
    expect(report.divisions.map((d) => `${d.code}${d.name}`)).toEqual([
      '440802赤坎区', '440803霞山区', '440804坡头区', '440811麻章区', '440823遂溪县', '440825徐闻县', '440881廉江市', '440882雷州市', '440883吴川市',
    ]);
    const xuwen = report.divisions[5];
    expect(xuwen.figures.every((f) => f.numerator === 0 && (f.denominator ?? 0) === 0)).toBe(true);
    const chikan = report.divisions[0];
    expect(Object.fromEntries(chikan.figures.map((f) => [f.key, [f.numerator, f.denominator]]))).toEqual({
      jointTasks: [2, 5], drawnInspected: [5, 5], resultsPublished: [4, 5], publishedOnTime: [3, 5],
      businessesSampled: [3, 24], findingsFollowedUp: [1, 2], unmergedDuplicates: [1, null], overVisitCap: [0, null],
    });
    expect(statuses(chikan)).toMatchObject({ drawnInspected: 'pass', resultsPublished: 'fail', jointTasks: 'pass' });
  });

  it('another jurisdiction\'s report lists its own divisions, never the data\'s districts', () => {
    const combination = combineCounts(allOk(), 2025);
    const luanzhou = judgeCombination(combination, LUANZHOU);
    expect(luanzhou.divisions.map((d) => `${d.code}${d.name}`)).toEqual(['130284滦州市']);
    const suizhou = judgeCombination(combination, SUIZHOU);
    expect(suizhou.divisions.map((d) => `${d.code}${d.name}`)).toEqual(['421303曾都区', '421321随县', '421381广水市']);
    // These counts are Zhanjiang's: none of them is theirs per division.
    for (const division of [...luanzhou.divisions, ...suizhou.divisions]) {
      expect(division.figures.every((f) => f.numerator === 0 && (f.denominator ?? 0) === 0)).toBe(true);
    }
    expect(luanzhou.divisions[0].figures.find((f) => f.key === 'businessesSampled')!.status).toBe('no_data');
  });

  it('the same counts give each jurisdiction its own targets and verdicts', () => {
    const combination = combineCounts(allOk(), 2025);
    const luanzhou = statuses(judgeCombination(combination, LUANZHOU).total);
    expect(luanzhou).toEqual({
      itemCoverage: 'not_applicable', jointTasks: 'not_applicable', certifiedInDirectory: 'not_applicable',
      drawnInspected: 'not_applicable', resultsPublished: 'fail', publishedOnTime: 'fail', riskItems: 'not_applicable',
      riskDraws: 'fail', // 50% < 85%
      businessesSampled: 'pass', // 8/65 = 12.3% ≥ 3%
      findingsFollowedUp: 'fail', planPublishedOnTime: 'fail', unmergedDuplicates: 'not_applicable', overVisitCap: 'not_applicable',
    });
    const suizhou = judgeCombination(combination, SUIZHOU).total;
    expect(statuses(suizhou)).toMatchObject({ jointTasks: 'pass', riskDraws: 'not_applicable', certifiedInDirectory: 'not_applicable' });
    expect(suizhou.figures.find((f) => f.key === 'jointTasks')!.target!.comparison).toEqual({ kind: 'atLeast', percent: 10 });
    const zhanjiang = judgeCombination(combination, ZHANJIANG).total;
    expect(zhanjiang.figures.find((f) => f.key === 'jointTasks')!.target!.comparison).toEqual({ kind: 'atLeast', percent: 15 });
  });

  it('a unit that is down leaves the others judged and the totals flagged incomplete', () => {
    const outcomes: UnitOutcome[] = [
      { unitCode: 'market', counts: count('market') },
      { unitCode: 'fire', error: 'fire platform timed out, "503"' },
      { unitCode: 'ecology', counts: count('ecology') },
    ];
    const report = buildStatisticsReport(ZHANJIANG, outcomes, ['market', 'ecology', 'fire', 'tax']);
    expect(report.complete).toBe(false);
    expect(report.missingUnits).toEqual([
      { unitCode: 'fire', name: '消防救援支队', reason: 'fire platform timed out, "503"', syncing: null },
      { unitCode: 'tax', name: '税务局', reason: 'no answer', syncing: null },
    ]);
    expect(report.total.complete).toBe(false);
    expect(report.total.missingUnits).toEqual(['fire', 'tax']);
    const coverage = report.total.figures.find((f) => f.key === 'itemCoverage')!;
    expect([coverage.numerator, coverage.denominator, coverage.status]).toEqual([5, 6, 'incomplete']);
    expect(statuses(report.total).riskDraws).toBe('not_applicable');
    expect(report.divisions.every((d) => !d.complete && d.figures.every((f) => f.status !== 'pass'))).toBe(true);
    expect(unitStatistics(report, 'fire')).toMatchObject({ available: false, figures: [] });
    expect(statuses(unitStatistics(report, 'market')).itemCoverage).toBe('pass');
  });

  it('duplicates found at the office: uncounted until merged in, then the same as counted at the unit', () => {
    const { duplicates, ...withoutDuplicates } = byUnit('market');
    const bare = countUnit(withoutDuplicates, countingRules(ZHANJIANG, FIXTURE_AS_OF, true));
    expect(bare.notCounted).toEqual(['unmergedDuplicates', 'overVisitCap']);
    const outcomes = allOk().map((o) => (o.unitCode === 'market' ? { unitCode: 'market', counts: bare } : o));
    const total = buildStatisticsReport(ZHANJIANG, outcomes, ['market', 'ecology', 'fire']).total;
    const unmerged = total.figures.find((f) => f.key === 'unmergedDuplicates')!;
    expect([unmerged.numerator, unmerged.status, unmerged.uncountedUnits]).toEqual([0, 'incomplete', ['market']]);
    expect(statuses(total).itemCoverage).toBe('pass'); // the other indicators are unaffected
    expect(withDuplicateFigures(bare, duplicates!, true)).toEqual(count('market'));
  });
});

describe('bad input', () => {
  it('unknown jurisdiction, year without data, unknown unit', () => {
    expect(errorCode(() => jurisdictionConfig('999999', 2025))).toBe('UNKNOWN_JURISDICTION');
    expect(errorCode(() => jurisdictionConfig('440800', 2024))).toBe('NO_DATA_FOR_YEAR');
    expect(errorCode(() => jurisdictionConfig('421300', 2020))).toBe('NO_DATA_FOR_YEAR');
    expect(errorCode(() => buildStatisticsReport(ZHANJIANG, allOk(), ['market', 'nosuch']))).toBe('UNKNOWN_UNIT');
    expect(errorCode(() => buildStatisticsReport(ZHANJIANG, [...allOk(), { unitCode: 'nosuch', error: 'x' }]))).toBe('UNKNOWN_UNIT');
    expect(errorCode(() => countUnit({ ...byUnit('market'), unitCode: 'nosuch' }, countingRules(ZHANJIANG, FIXTURE_AS_OF)))).toBe('UNKNOWN_UNIT');
    const report = buildStatisticsReport(ZHANJIANG, allOk(), ['market', 'ecology', 'fire']);
    expect(errorCode(() => unitStatistics(report, 'health'))).toBe('UNKNOWN_UNIT');
  });

  it('counts of another year, a bad as-of day, a negative directory size', () => {
    expect(errorCode(() => buildStatisticsReport(LUANZHOU, allOk(), ['market']))).toBe('BAD_INPUT');
    expect(errorCode(() => count('market', '2025-11-31'))).toBe('BAD_INPUT');
    expect(errorCode(() => countUnit({ ...byUnit('fire'), directorySize: -1 }, countingRules(ZHANJIANG, FIXTURE_AS_OF)))).toBe('BAD_INPUT');
  });
});
