// Benchmark of duplicate-inspection detection (issue 4): 200,000 tasks of 18 units in one year.
// Tasks come from the generator at city scale (about 108,000 tasks), topped up deterministically
// with seeded synthetic tasks of the 18 member units (own businesses) until there are 200,000.
// Prints the figures and the median of 5 timed runs of each step; checks the groups found among
// the generator's tasks against its truth. Run: `npm run bench:duplicates [-- --scale=default]`.
import { cpus, loadavg } from 'node:os';
import { MEMBER_UNITS } from '../config/units';
import type { Item, Plan, Task } from '../platforms/data/model';
import { Rng } from '../platforms/data/random';
import { usccCheckChar } from '../lib/uscc';
import { ZHANJIANG_DIVISIONS } from '../config/divisions';
import { generateDataset } from '../platforms/data/generate';
import type { GroundTruth, Scale } from '../platforms/data/model';
import {
  detectDuplicates,
  findOverVisitCap,
  proposeEquivalentItems,
  unmergedReport,
  type BusinessInfo,
  type DetectOptions,
  type DuplicateInput,
} from '../subgraphs/joint-office/duplicates';

const TARGET_TASKS = 200_000;
const YEAR = 2025;
const RUNS = 5;
const BUSINESSES = 80_000;
const ITEMS_PER_UNIT = 12;

interface Source {
  label: string;
  input: DuplicateInput;
  year: number;
  truth: GroundTruth['duplicateVisits'];
}

function syntheticUscc(n: number, division: string): string {
  const first17 = `91${division}MB${String(n).padStart(7, '0')}`;
  return first17 + usccCheckChar(first17);
}

function isoDay(dayOfYear: number): string {
  return new Date(Date.UTC(YEAR, 0, 1 + dayOfYear)).toISOString().slice(0, 10);
}

/** Adds seeded synthetic tasks, plans, items and businesses until `input` holds `target` tasks. */
function topUp(input: DuplicateInput, target: number): DuplicateInput {
  const rng = new Rng(20250401, 'bench-duplicates');
  const units = MEMBER_UNITS.map((unit) => unit.code);
  const tasks: Task[] = [...input.tasks];
  const businesses = new Map<string, BusinessInfo>(input.businesses ?? []);
  const codes: string[] = [];
  for (let n = 0; n < BUSINESSES; n++) {
    const division = rng.pick(ZHANJIANG_DIVISIONS).code;
    const code = syntheticUscc(n, division);
    codes.push(code);
    businesses.set(code, { divisionCode: division, industryCode: rng.pick(['6210', '6110', '5211', '5411', '1311', '8321']) });
  }
  const plans: Plan[] = [...input.plans];
  for (const unitCode of units) {
    for (let quarter = 0; quarter < 4; quarter++) {
      plans.push({
        id: `BP-${unitCode}-${quarter + 1}`, unitCode, year: YEAR, title: `bench ${unitCode} Q${quarter + 1}`, kind: 'single',
        leadUnit: unitCode, participatingUnits: [unitCode], itemCodes: [], scope: { divisionCodes: [], industryCodes: [], tags: [] },
        periodStart: isoDay(quarter * 91), periodEnd: isoDay(Math.min(364, quarter * 91 + 90)),
      });
    }
  }
  const items: Item[] = [...(input.items ?? [])];
  const itemCodesOf = (unitCode: string) => Array.from({ length: ITEMS_PER_UNIT }, (_, i) => `B-${unitCode}-I${i + 1}`);
  for (const unitCode of units) {
    for (const code of itemCodesOf(unitCode)) {
      items.push({ code, unitCode, name: code, category: 'general', subject: '经营者', content: code, method: '现场检查', legalBasis: '', specialty: 'general', riskBased: false });
    }
  }
  // Item 1 of every unit is the same check (e.g. 安全生产主体责任): overlaps in many groups.
  const catalogue = [...(input.catalogue ?? []), units.map((unitCode) => `B-${unitCode}-I1`)];
  let serial = 0;
  const makeTask = (unitCode: string, uscc: string, day: number, jointGroupId?: string): Task => {
    const id = `BT${String(++serial).padStart(7, '0')}`;
    const unitItems = itemCodesOf(unitCode);
    return {
      id, planId: `BP-${unitCode}-${Math.min(4, Math.floor(day / 91) + 1)}`, unitCode, uscc,
      itemCodes: [rng.pick(unitItems), rng.pick(unitItems)].filter((code, i, all) => all.indexOf(code) === i),
      inspectorIds: [`${unitCode}-E${rng.int(1, 40)}`, `${unitCode}-E${rng.int(41, 80)}`],
      plannedOn: isoDay(day), status: rng.chance(0.03) ? 'cancelled' : rng.pick(['pending', 'completed', 'completed', 'in_progress']),
      ...(jointGroupId ? { jointGroupId } : {}),
    };
  };
  while (tasks.length < target) {
    // Squaring skews visits towards a popular head of businesses, as in real directories.
    const uscc = codes[Math.floor(rng.next() ** 2 * codes.length)];
    const day = rng.int(0, 364);
    if (rng.chance(0.1)) {
      const jointGroupId = `BJ${serial}`;
      const joined = new Set<string>();
      while (joined.size < rng.int(2, 3)) joined.add(rng.pick(units));
      for (const unitCode of joined) tasks.push(makeTask(unitCode, uscc, day, jointGroupId));
    } else {
      tasks.push(makeTask(rng.pick(units), uscc, day));
    }
  }
  return { tasks: tasks.slice(0, target), plans, items, catalogue, businesses };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median wall time and median CPU time (user + system, this process) of RUNS runs. */
function time<T>(run: () => T): { ms: number; cpuMs: number; bestMs: number; result: T } {
  const times: number[] = [];
  const cpu: number[] = [];
  let result!: T;
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    result = run();
    const used = process.cpuUsage(cpuStart);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    cpu.push((used.user + used.system) / 1000);
  }
  return { ms: median(times), cpuMs: median(cpu), bestMs: Math.min(...times), result };
}

const fmt = (timed: { ms: number; cpuMs: number; bestMs: number }) =>
  `${timed.ms.toFixed(1)} ms wall (CPU ${timed.cpuMs.toFixed(1)} ms, best run ${timed.bestMs.toFixed(1)} ms)`;

/**
 * The generator's tasks, plans, items and catalogue, and the division and industry of the
 * businesses they visit. The rest of the dataset (registry, directories, results) is dropped, as
 * the office would not hold it: a 1 GB heap of unrelated records would only slow the GC down.
 */
function generatorSource(scale: Scale): Source {
  const dataset = generateDataset({ scale });
  const units = Object.values(dataset.units);
  const tasks = units.flatMap((unit) => unit.tasks);
  const visited = new Set(tasks.map((task) => task.uscc));
  const businesses = new Map<string, BusinessInfo>();
  for (const enterprise of dataset.enterprises) {
    if (visited.has(enterprise.uscc)) businesses.set(enterprise.uscc, { divisionCode: enterprise.divisionCode, industryCode: enterprise.industryCode });
  }
  return {
    label: `generator at ${scale} scale`,
    year: dataset.year,
    truth: dataset.truth.duplicateVisits,
    input: {
      tasks,
      plans: units.flatMap((unit) => unit.plans),
      items: units.flatMap((unit) => unit.items),
      catalogue: dataset.truth.equivalentItems,
      businesses,
    },
  };
}

/** The groups found among the generator's own tasks must be its planted truth, exactly. */
function checkTruth(source: Source): string {
  const key = (group: { uscc: string; month: string; taskIds: string[] }) => `${group.uscc}|${group.month}|${group.taskIds.join()}`;
  const found = new Set(detectDuplicates(source.input, { period: { year: source.year } }).map(key));
  const truth = source.truth.map(key);
  const same = truth.length === found.size && truth.every((group) => found.has(group));
  return `${same ? 'match' : 'MISMATCH'} (found ${found.size}, truth ${truth.length})`;
}

function main(): void {
  const scaleArgument = process.argv.find((arg) => arg.startsWith('--scale='))?.slice('--scale='.length) ?? 'city';
  if (!['test', 'default', 'city'].includes(scaleArgument)) throw new Error(`--scale must be test, default or city (got ${scaleArgument})`);
  const built = Date.now();
  const source = generatorSource(scaleArgument as Scale);
  const input = topUp(source.input, TARGET_TASKS);
  const units = new Set(input.tasks.map((task) => task.unitCode)).size;
  const cancelled = input.tasks.filter((task) => task.status === 'cancelled').length;
  console.log(`source: ${source.label}; generator tasks ${source.input.tasks.length}, built in ${Date.now() - built} ms`);
  console.log(`tasks ${input.tasks.length} (cancelled ${cancelled}), units ${units}, businesses ${input.businesses?.size ?? 0}`);
  console.log(`generator groups vs truth.duplicateVisits: ${checkTruth(source)}`);

  const year: DetectOptions = { period: { year: YEAR } };
  const month = time(() => detectDuplicates(input, year));
  const saved = month.result.reduce((sum, group) => sum + group.visitsSaved, 0);
  const withOverlap = month.result.filter((group) => group.overlappingItems.length > 0).length;
  console.log(`detect (month window): ${fmt(month)}, median of ${RUNS}; groups ${month.result.length}, visits saved ${saved}, groups with overlapping items ${withOverlap}`);
  const days = time(() => detectDuplicates(input, { ...year, window: { days: 14 } }));
  console.log(`detect ({days: 14} window): ${fmt(days)}; groups ${days.result.length}`);
  const caps = time(() => findOverVisitCap(input, { ...year, caps: { perUnitPerYear: 2, totalPerYear: 6 } }));
  console.log(`visit caps (2 per unit, 6 in total): ${fmt(caps)}; entries ${caps.result.length}`);
  const report = time(() => unmergedReport(input, { ...year, caps: { perUnitPerYear: 2 } }));
  const r = report.result;
  console.log(`unmergedReport: ${fmt(report)}; groups ${r.duplicateGroups}, visits saved ${r.visitsSaved}, businesses over cap ${r.businessesOverCap}`);
  const filtered = time(() => detectDuplicates(input, { ...year, filters: { divisionCode: '440802', industryPrefix: '62' } }));
  console.log(`detect filtered (440802, industry 62): ${fmt(filtered)}; groups ${filtered.result.length}`);
  if (source.input.items?.length) {
    const proposals = time(() => proposeEquivalentItems(source.input.items!));
    console.log(`catalogue proposals over ${source.input.items.length} items: ${fmt(proposals)}; proposals ${proposals.result.length}`);
  }
  const load = loadavg().map((value) => value.toFixed(1)).join(' ');
  console.log(`machine: ${cpus().length} cores, load average ${load} (other work on the machine inflates wall times)`);
  const verdict = month.ms < 1000 ? 'PASS' : 'FAIL';
  console.log(`${verdict}: detection over ${input.tasks.length} tasks of ${units} units in ${month.ms.toFixed(0)} ms (target < 1000 ms)`);
}

main();
// `--e2e`: then the duplicateVisits query through the gateway at city scale (bench/duplicates-e2e.ts).
if (process.argv.includes('--e2e')) {
  await (await import('./duplicates-e2e')).runEndToEnd();
  process.exit(0);
}
