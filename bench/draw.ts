// Benchmark of the joint-office draw: 1,000,000 eligible businesses in four risk classes,
// ~30,000 drawn, inspectors matched for three units at two each and published with pseudonyms
// (the document's matching section), then re-checked (the draw and the matching re-run).
// Run: npm run bench:draw
import os from 'node:os';
import type { Inspector, RiskClass, SamplingRatios } from '../platforms/data/model';
import { USCC_ALPHABET, usccCheckChar } from '../lib/uscc';
import { mulberry32 } from '../platforms/data/random';
import {
  buildDrawDocument,
  findMatchingViolations,
  freezeCandidates,
  matchInspectors,
  matchingSection,
  verifyDrawDocument,
  withMatching,
  type MatchInput,
  type UnitMatchSpec,
} from '../subgraphs/joint-office/draw';

const POPULATION = 1_000_000;
const CLASS_MIX: Record<RiskClass, number> = { A: 0.4, B: 0.35, C: 0.2, D: 0.05 };
const RATIOS: SamplingRatios = { A: 0.005, B: 0.02, C: 0.06, D: 0.2 };
const INSPECTORS_PER_UNIT = 2000;
const UNITS: { unitCode: string; required: string[]; others: string[] }[] = [
  { unitCode: 'market', required: ['食品安全'], others: ['特种设备', '计量', '广告'] },
  { unitCode: 'fire', required: ['消防安全'], others: ['危险化学品', '建筑防火'] },
  { unitCode: 'health', required: ['公共卫生', '职业卫生'], others: ['医疗机构', '放射卫生'] },
];
const DIVISIONS = ['440802', '440803', '440804', '440811', '440823', '440825', '440881', '440882', '440883'];
const PERIOD_END = '2026-11-30';
const WORKLOAD_CAP = 60;
/** The plan's pseudonym key (fixed here; a plan's is 256 random bits). */
const PSEUDONYM_KEY = '5d'.repeat(32);

function orgCode(n: number): string {
  let text = '';
  for (let i = 0; i < 9; i++, n = Math.floor(n / 31)) text = USCC_ALPHABET[n % 31] + text;
  return text;
}

function syntheticPopulation(random: () => number): { uscc: string; riskClass: RiskClass }[] {
  const list: { uscc: string; riskClass: RiskClass }[] = new Array(POPULATION);
  for (let i = 0; i < POPULATION; i++) {
    const first17 = `92${DIVISIONS[Math.floor(random() * DIVISIONS.length)]}${orgCode(i * 7919 + 13)}`;
    const r = random();
    const riskClass: RiskClass = r < CLASS_MIX.A ? 'A' : r < CLASS_MIX.A + CLASS_MIX.B ? 'B' : r < 1 - CLASS_MIX.D ? 'C' : 'D';
    list[i] = { uscc: first17 + usccCheckChar(first17), riskClass };
  }
  return list;
}

function syntheticUnit(unit: (typeof UNITS)[number], drawn: readonly string[], population: readonly { uscc: string }[], random: () => number): UnitMatchSpec {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const inspectors: Inspector[] = [];
  for (let i = 0; i < INSPECTORS_PER_UNIT; i++) {
    const specialties = unit.required.filter(() => random() < 0.9).concat(unit.others.filter(() => random() < 0.5));
    inspectors.push({
      id: `${unit.unitCode}-${String(i).padStart(5, '0')}`,
      unitCode: unit.unitCode,
      name: `检查员${i}`,
      phone: `1380000${String(i).padStart(4, '0')}`,
      certificateNo: random() < 0.97 ? `44${String(100000 + i)}` : '',
      certificateValidUntil: random() < 0.9 ? '2027-12-31' : '2025-06-30',
      active: random() < 0.95,
      specialties,
      conflicts: [pick(drawn), pick(drawn), pick(population).uscc, pick(population).uscc, pick(population).uscc],
    });
  }
  const lastInspectors = new Map<string, string[]>();
  for (const uscc of drawn) if (random() < 0.5) lastInspectors.set(uscc, [pick(inspectors).id, pick(inspectors).id]);
  return { unitCode: unit.unitCode, inspectors, requiredSpecialties: unit.required, lastInspectors };
}

const memory = { rss: 0, heapUsed: 0 };
function sampleMemory(): void {
  const usage = process.memoryUsage();
  memory.rss = Math.max(memory.rss, usage.rss);
  memory.heapUsed = Math.max(memory.heapUsed, usage.heapUsed);
}
const memoryTimer = setInterval(sampleMemory, 20);

interface Cost {
  /** Wall-clock milliseconds. */
  wall: number;
  /** CPU milliseconds of this process (user + system; GC threads included): steadier than wall
   *  time when other work shares the machine. */
  cpu: number;
}

function timed<T>(run: () => T): [T, Cost] {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const value = run();
  const cpu = process.cpuUsage(cpuStart);
  sampleMemory();
  return [value, { wall: performance.now() - start, cpu: (cpu.user + cpu.system) / 1000 }];
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const ms = (millis: number) => `${millis.toFixed(0)} ms`;

type Phase = 'freeze' | 'draw' | 'match' | 'publish' | 'verify';

// The setup's garbage (the generator's objects, the JSON text the candidates are parsed from) is
// collected before each timed run: otherwise a major collection of it, hundreds of ms with a
// million candidates live, lands in whichever phase happens to be running (freeze one time,
// matching the next). `npm run bench:draw` runs node with --expose-gc; without it, nothing is done.
const collectGarbage = (globalThis as { gc?: () => void }).gc;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function main(): void {
  const repeat = Math.max(1, Number(/^--repeat=(\d+)$/.exec(process.argv.find((a) => a.startsWith('--repeat=')) ?? '')?.[1] ?? 1));
  const random = mulberry32(20260301);
  // The office receives the eligible businesses as JSON from the unit subgraphs: parse them the
  // same way, so strings and objects are laid out as in production, not as built by the generator.
  const list = JSON.parse(JSON.stringify(syntheticPopulation(random))) as { uscc: string; riskClass: RiskClass }[];
  sampleMemory();
  const baselineRss = process.memoryUsage().rss;
  const seed = '2026-03-02 公开摇号 07.19.23.31.40/05.11';
  const runs: Record<Phase, Cost>[] = [];

  collectGarbage?.();
  let [population, freeze] = timed(() => freezeCandidates(list));
  let [document, draw] = timed(() => buildDrawDocument(population, { seed, ratios: RATIOS }));
  const drawnCodes = document.drawn.map((d) => d.uscc);
  const units = UNITS.map((u) => syntheticUnit(u, drawnCodes, population.candidates, random));
  const input: MatchInput = { draw: document, units, perBusiness: 2, workloadCap: WORKLOAD_CAP, periodEnd: PERIOD_END, pseudonymKey: PSEUDONYM_KEY };
  let [matching, match] = timed(() => matchInspectors(input));
  let [published, publish] = timed(() => withMatching(document, matchingSection(matching)));
  let [verdict, verify] = timed(() => verifyDrawDocument(published));
  runs.push({ freeze, draw, match, publish, verify });
  for (let r = 1; r < repeat; r++) {
    collectGarbage?.();
    [population, freeze] = timed(() => freezeCandidates(list));
    [document, draw] = timed(() => buildDrawDocument(population, { seed, ratios: RATIOS }));
    [matching, match] = timed(() => matchInspectors({ ...input, draw: document }));
    [published, publish] = timed(() => withMatching(document, matchingSection(matching)));
    [verdict, verify] = timed(() => verifyDrawDocument(published));
    runs.push({ freeze, draw, match, publish, verify });
  }
  const [text, stringify] = timed(() => JSON.stringify(published));
  const [parsed, parse] = timed(() => JSON.parse(text) as unknown);
  const [fileVerdict, fileVerify] = timed(() => verifyDrawDocument(parsed));
  const violations = findMatchingViolations(input, matching);
  clearInterval(memoryTimer);
  sampleMemory();

  const mix = (Object.keys(CLASS_MIX) as RiskClass[]).map((c) => `${c} ${population.counts[c]} × ${RATIOS[c]} → ${document.counts[c].drawn}`).join(', ');
  const loads = units.map((u) => {
    const perInspector = new Map<string, number>();
    for (const a of matching.assignments) for (const id of a.units.find((x) => x.unitCode === u.unitCode)!.inspectorIds) perInspector.set(id, (perInspector.get(id) ?? 0) + 1);
    return `${u.unitCode} ${perInspector.size} used, max load ${Math.max(...perInspector.values())}`;
  });
  const show = (phases: Phase[]) => {
    const sum = (run: Record<Phase, Cost>, key: keyof Cost) => phases.reduce((s, p) => s + run[p][key], 0);
    const wall = runs.map((run) => sum(run, 'wall'));
    const cpu = runs.map((run) => sum(run, 'cpu'));
    const all = repeat > 1 ? ` [wall ${wall.map((w) => w.toFixed(0)).join(', ')}]` : '';
    return `${ms(median(wall))} wall, ${ms(median(cpu))} cpu${repeat > 1 ? ` (median of ${repeat})` : ''}${all}`;
  };
  console.log(`candidates          ${population.candidates.length.toLocaleString('en')} (${mix})`);
  console.log(`drawn               ${document.drawn.length.toLocaleString('en')}; matched ${matching.assignments.length * units.length * 2} inspector slots over ${units.length} units (${loads.join('; ')}; cap ${WORKLOAD_CAP})`);
  console.log(`freeze + hash       ${show(['freeze'])}`);
  console.log(`draw                ${show(['draw'])}`);
  console.log(`matching            ${show(['match'])}   (officers in pseudonym order)`);
  console.log(`matching section    ${show(['publish'])}   (pseudonymous eligibility + assignment, sealed)`);
  console.log(`draw + matching     ${show(['draw', 'match', 'publish'])}   (target < 2000 ms; section included)`);
  console.log(`total               ${show(['freeze', 'draw', 'match', 'publish'])}   (freeze + draw + matching)`);
  console.log(`verify (in memory)  ${show(['verify'])}   ${verdict.match ? 'MATCH' : 'MISMATCH'} (draw and matching re-run)`);
  console.log(`verify (from JSON)  ${ms(fileVerify.wall)} wall + parse ${ms(parse.wall)} (document ${mb(text.length)}, stringify ${ms(stringify.wall)})   ${fileVerdict.match ? 'MATCH' : 'MISMATCH'}`);
  console.log(`matching audit      ${violations.length} violations`);
  console.log(`peak memory         rss ${mb(memory.rss)} (sampled; ${mb(baselineRss)} before the draw, with the synthetic input; kernel maxRSS ${mb(process.resourceUsage().maxRSS * 1024)}), heapUsed ${mb(memory.heapUsed)}`);
  console.log(`garbage collection  ${collectGarbage ? "the setup's collected before each run" : 'not forced (node without --expose-gc): a collection of the setup may land in any phase'}`);
  console.log(`machine load        ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (1/5/15 min) on ${os.availableParallelism()} cores`);
  if (!verdict.match || !fileVerdict.match || violations.length > 0) process.exitCode = 1;
}

main();
