// Figures that hold at any scale (issue 8), through the real gateway, each checked against the
// generator's dataset, computed here without the counting code: every indicator judged as of
// asOf, indicator 8 over DISTINCT businesses at the jurisdiction and division level, and other
// jurisdictions' reports listing their own divisions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataCityOf, dataCityOfUscc } from '../config/divisions';
import { duplicateVisits } from '../platforms/data/truth';
import type { Task } from '../platforms/data/model';
import { OFFICE, startTestSystem, type TestSystem } from './helpers/system';

const FIGURES = 'key numerator denominator status';
const REPORT = `query Report($j: ID!, $y: Int!, $a: String) { complianceStatistics(jurisdiction: $j, year: $y, asOf: $a) {
  jurisdictionName document year dataYear dataJurisdiction
  units { code figures { ${FIGURES} } } divisions { code name figures { ${FIGURES} } } total { figures { ${FIGURES} } } } }`;

type Figure = { key: string; numerator: number; denominator: number | null; status: string };
type Group = { code: string; name: string; figures: Figure[] };
type Report = { jurisdictionName: string; document: string; year: number; dataYear: number; dataJurisdiction: string; units: Group[]; divisions: Group[]; total: Group };

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem({ SUBGRAPH_TIMEOUT_MS: '10000', PLATFORM_TIMEOUT_MS: '3000' });
}, 60_000);
afterAll(() => system?.close());

async function report(jurisdiction: string, year: number, asOf: string): Promise<Report> {
  const answer = await system.query(REPORT, { role: OFFICE, variables: { j: jurisdiction, y: year, a: asOf } });
  expect(answer.errors).toBeUndefined();
  return answer.data.complianceStatistics as Report;
}
const pair = (group: Group, key: string): [number, number | null] => {
  const figure = group.figures.find((f) => f.key === key)!;
  return [figure.numerator, figure.denominator];
};

/** One city's records in the dataset as of a day, by the rules stated in subgraphs/kit/statistics/unit-counts.ts. */
function truthAsOf(asOf: string, city = '440800') {
  const units = Object.values(system.dataset.units).map((unit) => ({
    ...unit,
    plans: unit.plans.filter((plan) => dataCityOf(plan.scope.divisionCodes[0]) === city),
    tasks: unit.tasks.filter((task) => dataCityOfUscc(task.uscc) === city),
    directory: unit.directory.filter((entry) => dataCityOf(entry.divisionCode) === city),
  }));
  const plans = new Map(units.flatMap((unit) => unit.plans).map((plan) => [plan.id, plan]));
  const results = new Map(units.flatMap((unit) => unit.results).map((result) => [result.taskId, result]));
  const ofYear = (task: Task) => (plans.get(task.planId)?.year ?? Number(task.plannedOn.slice(0, 4))) === 2025;
  const counted = (task: Task) => task.status !== 'cancelled' && ofYear(task) && task.plannedOn <= asOf;
  const done = (task: Task) => task.status === 'completed' && (results.get(task.id)?.inspectedOn ?? task.plannedOn) <= asOf;
  const tasks = units.flatMap((unit) => unit.tasks).filter(counted);
  const handled = new Set(units.flatMap((unit) => unit.followUps).filter((f) => f.handledOn <= asOf).map((f) => `${f.taskId}/${f.findingCode}`));
  const findings = tasks.filter(done).flatMap((task) => (results.get(task.id)?.findings ?? []).map((finding) => `${task.id}/${finding.code}`));
  const exists = (day?: string) => day !== undefined && day <= asOf;
  const plansOfYear = [...plans.values()].filter((plan) => plan.year === 2025);
  const existing = plansOfYear.filter((plan) => exists(plan.publishedOn) || exists(plan.drawnOn) || exists(plan.periodStart));
  const items = units.flatMap((unit) => unit.items);
  const namedItems = new Set(existing.map((plan) => `${plan.unitCode}/${plan.itemCodes.join(`,${plan.unitCode}/`)}`).join(',').split(','));
  const drawn = plansOfYear.filter((plan) => (plan.drawnOn !== undefined ? plan.drawnOn <= asOf : tasks.some((task) => task.planId === plan.id)));
  const directoryDivision = new Map(units.flatMap((unit) => unit.directory).map((entry) => [entry.uscc, entry.divisionCode]));
  const sampled = new Set(tasks.map((task) => task.uscc));
  const allTasks = units.flatMap((unit) => unit.tasks).filter((task) => task.plannedOn.startsWith('2025-') && task.plannedOn <= asOf);
  return {
    drawnInspected: [tasks.filter(done).length, tasks.length],
    findingsFollowedUp: [findings.filter((key) => handled.has(key)).length, findings.length],
    jointTasks: [tasks.filter((task) => task.jointGroupId !== undefined || plans.get(task.planId)?.kind === 'joint').length, tasks.length],
    itemCoverage: [items.filter((item) => namedItems.has(`${item.unitCode}/${item.code}`)).length, items.length],
    riskDraws: [drawn.filter((plan) => plan.ratios !== undefined).length, drawn.length],
    businessesSampled: [sampled.size, directoryDivision.size],
    unmergedDuplicates: [duplicateVisits(allTasks).reduce((sum, group) => sum + group.unitCodes.length, 0), null],
    sampledIn: (division: string) => [[...sampled].filter((uscc) => directoryDivision.get(uscc) === division).length, [...directoryDivision.values()].filter((code) => code === division).length],
  };
}

describe('every indicator is judged as of asOf, for each city from its own records', () => {
  for (const [city, division] of [['440800', '440802'], ['421300', '421303']]) {
    for (const asOf of ['2025-06-30', '2025-12-31']) {
      it(`${city}: the jurisdiction total on ${asOf} counts only what had happened by then`, async () => {
        const { total, divisions } = await report(city, 2025, asOf);
        const truth = truthAsOf(asOf, city);
        for (const key of ['drawnInspected', 'findingsFollowedUp', 'jointTasks', 'itemCoverage', 'riskDraws', 'businessesSampled', 'unmergedDuplicates'] as const) {
          expect(pair(total, key), key).toEqual(truth[key]);
        }
        expect(truth.drawnInspected[1]).toBeGreaterThan(0); // never 0/0 mid-year
        const first = divisions.find((candidate) => candidate.code === division)!;
        expect(pair(first, 'businessesSampled')).toEqual(truth.sampledIn(division));
      });
    }
  }
});

describe('businesses sampled (indicator 8) over distinct businesses', () => {
  it('the total divides distinct sampled businesses by the distinct businesses of any directory; units keep their own', async () => {
    const { total, units } = await report('440800', 2025, '2025-12-31');
    const data = system.dataset.units;
    const zhanjiang = (uscc: string) => dataCityOfUscc(uscc) === '440800';
    const directories = Object.values(data).map((unit) => unit.directory.filter((entry) => zhanjiang(entry.uscc)));
    const union = new Set(directories.flatMap((directory) => directory.map((entry) => entry.uscc)));
    const sum = directories.reduce((acc, directory) => acc + directory.length, 0);
    expect(union.size).toBeLessThan(sum);
    expect(pair(total, 'businessesSampled')[1]).toBe(union.size);
    const market = units.find((unit) => unit.code === 'market')!;
    const marketTasks = data.market.tasks.filter((task) => zhanjiang(task.uscc) && task.status !== 'cancelled' && task.plannedOn.startsWith('2025-'));
    const marketSampled = new Set(marketTasks.map((task) => task.uscc));
    expect(pair(market, 'businessesSampled')).toEqual([marketSampled.size, data.market.directory.filter((entry) => zhanjiang(entry.uscc)).length]);
    const unitSum = units.reduce((acc, unit) => acc + pair(unit, 'businessesSampled')[0], 0);
    expect(pair(total, 'businessesSampled')[0]).toBeLessThanOrEqual(unitSum);
  });
});

describe('other jurisdictions list their own divisions', () => {
  it('Luanzhou (no data of its own): itself as its one division, with no data; Suizhou: its three, with its data', async () => {
    const luanzhou = await report('130284', 2024, '2024-12-31');
    expect(luanzhou).toMatchObject({ jurisdictionName: '滦州市', document: '滦市监字（2024）44号', year: 2024, dataYear: 2025, dataJurisdiction: '440800' });
    expect(luanzhou.divisions.map((d) => `${d.code}${d.name}`)).toEqual(['130284滦州市']);
    for (const figure of luanzhou.divisions[0].figures) expect([figure.key, figure.numerator, figure.denominator ?? 0]).toEqual([figure.key, 0, 0]);
    // The totals are Zhanjiang's data, said so by dataJurisdiction/dataYear.
    expect(pair(luanzhou.total, 'businessesSampled')[1]).toBe(truthAsOf('2025-12-31').businessesSampled[1]);
    const suizhou = await report('421300', 2025, '2025-12-31');
    expect(suizhou).toMatchObject({ jurisdictionName: '随州市', document: '随政发〔2020〕8号', year: 2025, dataYear: 2025, dataJurisdiction: '421300' });
    expect(suizhou.divisions.map((d) => `${d.code}${d.name}`)).toEqual(['421303曾都区', '421321随县', '421381广水市']);
    for (const division of suizhou.divisions) expect(pair(division, 'drawnInspected')[1]).toBeGreaterThan(0);
  });
});
