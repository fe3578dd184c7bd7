import { describe, expect, it } from 'vitest';
import type { Inspector } from '../platforms/data/model';
import { syntheticUscc } from './helpers/uscc';
import {
  DrawError,
  InfeasibleMatchingError,
  findMatchingViolations,
  matchInspectors,
  type MatchInput,
  type MatchingRecord,
  type UnitMatchSpec,
} from '../subgraphs/joint-office/draw';

const makeUscc = (n: number): string => syntheticUscc(n);

const BUSINESSES = Array.from({ length: 40 }, (_, i) => makeUscc(i * 101 + 7)).sort();
const PERIOD_END = '2026-11-30';

function inspector(unitCode: string, n: number, overrides: Partial<Inspector> = {}): Inspector {
  return {
    id: `${unitCode}-${String(n).padStart(3, '0')}`,
    unitCode,
    name: `检查员${n}`,
    phone: '13800000000',
    certificateNo: `CERT${n}`,
    certificateValidUntil: '2027-12-31',
    active: true,
    specialties: ['食品安全', '消防安全'],
    conflicts: [],
    ...overrides,
  };
}

/** A unit of 14 qualified inspectors plus five that must never be drawn. */
function unit(unitCode: string, specialty: string): UnitMatchSpec {
  const inspectors: Inspector[] = [];
  for (let n = 0; n < 14; n++) inspectors.push(inspector(unitCode, n, { specialties: [specialty, '其他'], conflicts: n % 3 === 0 ? [BUSINESSES[n], BUSINESSES[n + 1], BUSINESSES[n + 20]] : [] }));
  inspectors.push(
    inspector(unitCode, 90, { active: false, specialties: [specialty] }),
    inspector(unitCode, 91, { certificateNo: '  ', specialties: [specialty] }),
    inspector(unitCode, 92, { certificateValidUntil: '2026-06-30', specialties: [specialty] }),
    inspector(unitCode, 93, { specialties: ['其他'] }),
    inspector('elsewhere', 94, { specialties: [specialty] }),
  );
  const lastInspectors = new Map<string, string[]>();
  BUSINESSES.forEach((uscc, i) => {
    if (i % 2 === 0) lastInspectors.set(uscc, [`${unitCode}-${String(i % 14).padStart(3, '0')}`, `${unitCode}-${String((i + 5) % 14).padStart(3, '0')}`]);
  });
  return { unitCode, inspectors, requiredSpecialties: [specialty], lastInspectors };
}

const UNITS = [unit('market', '食品安全'), unit('fire', '消防安全'), unit('health', '公共卫生')];

function input(seed: string, overrides: Partial<MatchInput> = {}): MatchInput {
  return {
    draw: { candidateSha256: 'f'.repeat(64), seed, drawn: BUSINESSES.map((uscc) => ({ uscc })) },
    units: UNITS,
    perBusiness: 2,
    workloadCap: 7,
    periodEnd: PERIOD_END,
    ...overrides,
  };
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof DrawError) return error.code;
    throw error;
  }
  return undefined;
}

/** The rules, checked here directly (not through the module's own audit); lists what is broken. */
function brokenRules(run: MatchInput, record: MatchingRecord): string[] {
  const broken: string[] = [];
  const load = new Map<string, number>();
  if (record.assignments.map((a) => a.uscc).join() !== BUSINESSES.join()) broken.push('business list');
  for (const a of record.assignments) {
    if (a.units.map((u) => u.unitCode).join() !== run.units.map((u) => u.unitCode).join()) broken.push(`units of ${a.uscc}`);
    for (const { unitCode, inspectorIds } of a.units) {
      const spec = run.units.find((u) => u.unitCode === unitCode)!;
      if (new Set(inspectorIds).size !== run.perBusiness || inspectorIds.length !== run.perBusiness) broken.push(`count ${a.uscc}/${unitCode}`);
      for (const id of inspectorIds) {
        const person = spec.inspectors.find((i) => i.id === id)!;
        if (Number(id.slice(-3)) >= 14) broken.push(`unqualified ${id}`); // one of the five never eligible
        if (person.conflicts.includes(a.uscc)) broken.push(`conflict ${id} ${a.uscc}`);
        if (((spec.lastInspectors as Map<string, string[]>).get(a.uscc) ?? []).includes(id)) broken.push(`last time ${id} ${a.uscc}`);
        load.set(id, (load.get(id) ?? 0) + 1);
      }
    }
  }
  for (const [id, n] of load) if (n > run.workloadCap) broken.push(`workload ${id} ${n}`);
  return broken;
}

describe('matchInspectors', () => {
  it('over 200 seeds never breaks recusal, rotation, the minimum of two or the workload cap', () => {
    const broken: string[] = [];
    const used = new Set<string>();
    for (let s = 0; s < 200; s++) {
      const run = input(`seed-${s}`);
      const record = matchInspectors(run);
      broken.push(...brokenRules(run, record), ...findMatchingViolations(run, record).map((v) => JSON.stringify(v)));
      for (const a of record.assignments) for (const u of a.units) for (const id of u.inspectorIds) used.add(id);
    }
    expect(broken).toEqual([]);
    expect(used.size).toBe(3 * 14); // every qualified inspector gets work at some point
  });

  it('is deterministic, independent of directory order, and changes with the seed', () => {
    const first = matchInspectors(input('x'));
    expect(matchInspectors(input('x'))).toEqual(first);
    const shuffled = UNITS.map((u) => ({ ...u, inspectors: [...u.inspectors].reverse() }));
    expect(matchInspectors(input('x', { units: shuffled })).assignments).toEqual(first.assignments);
    expect(matchInspectors(input('y')).assignments).not.toEqual(first.assignments);
    const asRecord = UNITS.map((u) => ({ ...u, lastInspectors: Object.fromEntries(u.lastInspectors as Map<string, string[]>) }));
    expect(matchInspectors(input('x', { units: asRecord })).assignments).toEqual(first.assignments);
  });

  it("keeps a unit's matching unchanged when another unit changes (separate streams)", () => {
    const before = matchInspectors(input('z'));
    const after = matchInspectors(input('z', { units: [UNITS[0], unit('fire', '建筑防火')] }));
    expect(after.assignments.map((a) => a.units[0])).toEqual(before.assignments.map((a) => a.units[0]));
  });

  it('draws uniformly among the eligible', () => {
    const tiny: UnitMatchSpec = { unitCode: 'market', inspectors: [0, 1, 2, 3].map((n) => inspector('market', n)), requiredSpecialties: [] };
    const hits = [0, 0, 0, 0];
    for (let s = 0; s < 300; s++) {
      const record = matchInspectors(input(`u${s}`, { units: [tiny], draw: { candidateSha256: 'a', seed: `u${s}`, drawn: [{ uscc: BUSINESSES[0] }] } }));
      for (const id of record.assignments[0].units[0].inspectorIds) hits[Number(id.slice(-3))]++;
    }
    for (const n of hits) expect(n).toBeGreaterThan(110); // expectation 150
  });

  it('finds the only eligible pair when nearly everyone is excluded (scan fallback)', () => {
    const people = Array.from({ length: 12 }, (_, n) => inspector('market', n, { conflicts: n < 10 ? [BUSINESSES[0]] : [] }));
    const spec: UnitMatchSpec = { unitCode: 'market', inspectors: people, requiredSpecialties: [] };
    for (let s = 0; s < 20; s++) {
      const record = matchInspectors(input(`f${s}`, { units: [spec], draw: { candidateSha256: 'a', seed: `f${s}`, drawn: [{ uscc: BUSINESSES[0] }] } }));
      expect(record.assignments[0].units[0].inspectorIds).toEqual(['market-010', 'market-011']);
    }
  });
});

describe('infeasible matching', () => {
  it('lists every short business and unit, with counts, and returns nothing', () => {
    const few: UnitMatchSpec = {
      unitCode: 'fire',
      inspectors: [inspector('fire', 0), inspector('fire', 1, { conflicts: [BUSINESSES[3]] }), inspector('fire', 2, { active: false })],
      requiredSpecialties: ['消防安全'],
      lastInspectors: { [BUSINESSES[5]]: ['fire-000'] },
    };
    let error: unknown;
    try {
      matchInspectors(input('s', { units: [UNITS[0], few], workloadCap: 40 }));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InfeasibleMatchingError);
    const { code, shortfalls } = error as InfeasibleMatchingError;
    expect(code).toBe('INFEASIBLE_MATCHING');
    expect(shortfalls.map((s) => s.uscc)).toEqual([BUSINESSES[3], BUSINESSES[5]]);
    expect(shortfalls[0]).toEqual({ uscc: BUSINESSES[3], unitCode: 'fire', needed: 2, eligible: 1, qualified: 2, conflicted: 1, inspectedLastTime: 0, atWorkloadCap: 0 });
    expect(shortfalls[1]).toMatchObject({ uscc: BUSINESSES[5], eligible: 1, inspectedLastTime: 1 });
  });

  it('reports businesses left short by the workload cap', () => {
    const three: UnitMatchSpec = { unitCode: 'market', inspectors: [0, 1, 2].map((n) => inspector('market', n)), requiredSpecialties: [] };
    const drawn = BUSINESSES.slice(0, 3).map((uscc) => ({ uscc }));
    const error = (() => {
      try {
        matchInspectors(input('w', { units: [three], workloadCap: 1, draw: { candidateSha256: 'a', seed: 'w', drawn } }));
      } catch (caught) {
        return caught as InfeasibleMatchingError;
      }
    })();
    // Three inspectors at cap 1 staff three slots of six whatever the seed: a maximum assignment
    // gives the first business two and the second one; the counts say what each holds.
    expect(error?.shortfalls.map((s) => [s.uscc, s.eligible, s.atWorkloadCap])).toEqual([
      [BUSINESSES[1], 1, 2],
      [BUSINESSES[2], 0, 3],
    ]);
  });
});

describe('bad matching input', () => {
  it('answers with codes', () => {
    expect(codeOf(() => matchInspectors(input('b', { perBusiness: 1 })))).toBe('TOO_FEW_INSPECTORS');
    expect(codeOf(() => matchInspectors(input('b', { workloadCap: 0 })))).toBe('BAD_MATCHING_INPUT');
    expect(codeOf(() => matchInspectors(input('b', { periodEnd: '30/11/2026' })))).toBe('BAD_MATCHING_INPUT');
    expect(codeOf(() => matchInspectors(input('b', { units: [UNITS[0], UNITS[0]] })))).toBe('BAD_MATCHING_INPUT');
    const twice = { ...UNITS[0], inspectors: [...UNITS[0].inspectors, UNITS[0].inspectors[0]] };
    expect(codeOf(() => matchInspectors(input('b', { units: [twice] })))).toBe('BAD_MATCHING_INPUT');
  });

  it('the audit catches a tampered record', () => {
    const run = input('t', { workloadCap: 40 });
    const record = matchInspectors(run);
    expect(findMatchingViolations(run, record)).toEqual([]);
    // market-003 has a recorded conflict with BUSINESSES[3] (odd index: no last-time data).
    record.assignments[3].units[0].inspectorIds = ['market-003', 'market-093'];
    expect(findMatchingViolations(run, record).map((v) => v.rule).sort()).toEqual(['conflict', 'unqualified']);
  });
});
