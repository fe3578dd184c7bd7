// The matcher is complete (it staffs every business whenever some assignment does, compared with
// an independent max-flow) and stays uniform where the workload cap does not bind (χ²).
import { describe, expect, it } from 'vitest';
import type { Inspector } from '../platforms/data/model';
import { mulberry32 } from '../platforms/data/random';
import { syntheticUscc } from './helpers/uscc';
import { InfeasibleMatchingError, findMatchingViolations, matchInspectors, type MatchInput, type UnitMatchSpec } from '../subgraphs/joint-office/draw';

const makeUscc = (n: number): string => syntheticUscc(n);

const BUSINESSES = Array.from({ length: 40 }, (_, i) => makeUscc(i * 37 + 3)).sort();

function person(n: number, conflicts: string[] = []): Inspector {
  return {
    id: `market-${String(n).padStart(3, '0')}`,
    unitCode: 'market',
    name: `检查员${n}`,
    phone: '13800000000',
    certificateNo: `CERT${n}`,
    certificateValidUntil: '2027-12-31',
    active: true,
    specialties: [],
    conflicts,
  };
}

function run(seed: string, unit: UnitMatchSpec, drawn: string[], perBusiness: number, workloadCap: number): MatchInput {
  return { draw: { candidateSha256: 'c'.repeat(64), seed, drawn: drawn.map((uscc) => ({ uscc })) }, units: [unit], perBusiness, workloadCap, periodEnd: '2026-12-31' };
}

/** Oracle: Edmonds–Karp on source → business (perBusiness) → eligible inspector (1) → sink (cap). */
function maxFlowFeasible(input: MatchInput): boolean {
  const unit = input.units[0];
  const people = unit.inspectors;
  const n = input.draw.drawn.length;
  const size = 2 + n + people.length;
  const capacity = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  const last = unit.lastInspectors as Map<string, string[]>;
  input.draw.drawn.forEach(({ uscc }, b) => {
    capacity[0][2 + b] = input.perBusiness;
    people.forEach((p, i) => {
      const conflicted = p.conflicts.some((c) => c.normalize('NFKC').replace(/\s/g, '').toUpperCase() === uscc);
      if (!conflicted && !(last.get(uscc) ?? []).includes(p.id)) capacity[2 + b][2 + n + i] = 1;
    });
  });
  people.forEach((_, i) => (capacity[2 + n + i][1] = input.workloadCap));
  let flow = 0;
  for (;;) {
    const parent = new Array<number>(size).fill(-1);
    parent[0] = 0;
    const queue = [0];
    for (let h = 0; h < queue.length && parent[1] === -1; h++) {
      const u = queue[h];
      for (let v = 0; v < size; v++) if (parent[v] === -1 && capacity[u][v] > 0) (parent[v] = u), queue.push(v);
    }
    if (parent[1] === -1) break;
    for (let v = 1; v !== 0; v = parent[v]) (capacity[parent[v]][v] -= 1), (capacity[v][parent[v]] += 1);
    flow++;
  }
  return flow === n * input.perBusiness;
}

function generatedCase(c: number): MatchInput {
  const random = mulberry32(7000 + c);
  const q = 3 + Math.floor(random() * 8);
  const n = 2 + Math.floor(random() * 12);
  const drawn = BUSINESSES.slice(0, n);
  const perBusiness = 2 + (random() < 0.25 ? 1 : 0);
  const workloadCap = 1 + Math.floor(random() * 4);
  const density = 0.1 + random() * 0.5;
  // Conflicts recorded as typed: sometimes lower case, padded or full-width.
  const typed = (uscc: string) => (random() < 0.2 ? ` ${uscc.toLowerCase()}` : random() < 0.1 ? uscc.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))) : uscc);
  const people = Array.from({ length: q }, (_, i) => person(i, drawn.filter(() => random() < density).map(typed)));
  const last = new Map<string, string[]>();
  for (const uscc of drawn) if (random() < 0.3) last.set(uscc, [people[Math.floor(random() * q)].id]);
  return run(`case-${c}-seed`, { unitCode: 'market', inspectors: people, requiredSpecialties: [], lastInspectors: last }, drawn, perBusiness, workloadCap);
}

describe('complete matching', () => {
  it('staffs every business exactly when a max-flow can, on 600 generated cases', () => {
    const disagreements: string[] = [];
    let feasible = 0;
    for (let c = 0; c < 600; c++) {
      const input = generatedCase(c);
      const oracle = maxFlowFeasible(input);
      feasible += oracle ? 1 : 0;
      try {
        const record = matchInspectors(input);
        if (!oracle) disagreements.push(`case ${c}: matched, oracle says infeasible`);
        const broken = findMatchingViolations(input, record);
        if (broken.length > 0) disagreements.push(`case ${c}: ${JSON.stringify(broken)}`);
      } catch (error) {
        if (!(error instanceof InfeasibleMatchingError)) throw error;
        if (oracle) disagreements.push(`case ${c}: infeasible, oracle found ${input.draw.drawn.length * input.perBusiness}`);
        for (const s of error.shortfalls) if (s.eligible >= s.needed) disagreements.push(`case ${c}: shortfall without a short business`);
      }
    }
    expect(disagreements).toEqual([]);
    // The generator yields both kinds in fair numbers, so the comparison means something.
    expect(feasible).toBeGreaterThan(100);
    expect(feasible).toBeLessThan(500);
  });

  it('succeeds for every seed on the case where a greedy pass fails five times in six', () => {
    // Business 1 can only take inspectors 0 and 1; business 0 anyone; cap 1. A greedy pass
    // succeeds only when business 0 happens to get exactly 2 and 3.
    const people = [person(0), person(1), person(2, [BUSINESSES[1]]), person(3, [BUSINESSES[1]])];
    const unit: UnitMatchSpec = { unitCode: 'market', inspectors: people, requiredSpecialties: [] };
    for (let s = 0; s < 300; s++) {
      const record = matchInspectors(run(`toy-${s}`, unit, BUSINESSES.slice(0, 2), 2, 1));
      expect(record.assignments.map((a) => a.units[0].inspectorIds)).toEqual([
        ['market-002', 'market-003'],
        ['market-000', 'market-001'],
      ]);
    }
  });

  it('applies recorded conflicts whatever their case, spacing or width', () => {
    const target = BUSINESSES[0];
    const fullWidth = target.replace(/[0-9A-Z]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
    const people = [person(0, [` ${target.toLowerCase()} `]), person(1, [fullWidth]), person(2, [`${target}\u200b`]), person(3), person(4)];
    const unit: UnitMatchSpec = { unitCode: 'market', inspectors: people, requiredSpecialties: [] };
    for (let s = 0; s < 30; s++) {
      const input = run(`norm-${s}`, unit, [target], 2, 5);
      const record = matchInspectors(input);
      expect(record.assignments[0].units[0].inspectorIds).toEqual(['market-003', 'market-004']);
      expect(findMatchingViolations(input, { ...record, assignments: [{ uscc: target, units: [{ unitCode: 'market', inspectorIds: ['market-000', 'market-001'] }] }] }).map((v) => v.rule)).toEqual(['conflict', 'conflict']);
    }
  });
});

/** Pearson χ² statistic of observed counts against equal expectations. */
function chiSquare(observed: number[]): number {
  const total = observed.reduce((a, b) => a + b, 0);
  const expected = total / observed.length;
  return observed.reduce((sum, o) => sum + (o - expected) ** 2 / expected, 0);
}

describe('uniform where the cap does not bind', () => {
  it('each pair of eligible inspectors is equally likely for a business (χ², 10 pairs)', () => {
    // Six inspectors, one recused: C(5, 2) = 10 pairs.
    const people = [person(0), person(1, [BUSINESSES[0]]), person(2), person(3), person(4), person(5)];
    const unit: UnitMatchSpec = { unitCode: 'market', inspectors: people, requiredSpecialties: [] };
    const counts = new Map<string, number>();
    for (let s = 0; s < 3000; s++) {
      const pair = matchInspectors(run(`pair-${s}`, unit, [BUSINESSES[0]], 2, 30)).assignments[0].units[0].inspectorIds.join('+');
      counts.set(pair, (counts.get(pair) ?? 0) + 1);
    }
    expect(counts.size).toBe(10);
    expect([...counts.keys()].some((k) => k.includes('market-001'))).toBe(false);
    // 9 degrees of freedom: 27.88 is the 0.1% critical value.
    expect(chiSquare([...counts.values()])).toBeLessThan(27.88);
  });

  it("officers' loads are uniform over many draws (χ², 8 officers)", () => {
    const people = Array.from({ length: 8 }, (_, i) => person(i));
    const unit: UnitMatchSpec = { unitCode: 'market', inspectors: people, requiredSpecialties: [] };
    const loads = new Array<number>(8).fill(0);
    for (let s = 0; s < 200; s++) {
      const record = matchInspectors(run(`load-${s}`, unit, BUSINESSES.slice(0, 20), 2, 40));
      for (const a of record.assignments) for (const id of a.units[0].inspectorIds) loads[Number(id.slice(-3))]++;
    }
    expect(loads.reduce((a, b) => a + b, 0)).toBe(200 * 20 * 2);
    // 7 degrees of freedom: 24.32 is the 0.1% critical value.
    expect(chiSquare(loads)).toBeLessThan(24.32);
  });
});
