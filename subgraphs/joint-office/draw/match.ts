// Inspector matching: for each drawn business (in draw order) and each unit, `perBusiness`
// inspectors drawn uniformly among those eligible, from stream `match/<unitCode>`.
//
// Per unit, documented so the matching can be re-run by whoever holds the same directory:
//  - Q = the qualified inspectors (see eligibility.ts), ordered by id; P = the positions 0…|Q|−1
//    of those still under the workload cap, initially in id order.
//  - For each business: excluded = recorded conflicts ∪ last time's inspectors. Until it has
//    `perBusiness` picks: r = P[uniform(|P|)]; accept r if neither excluded nor already picked
//    for this business. After 16 rejections for the business (or when P is empty), list
//    L = members of P, in P's order, neither excluded nor picked; if L is too short the business
//    is short; otherwise the remaining picks are a partial Fisher–Yates over L (same stream).
//  - After a business is staffed, each pick's workload rises by one; whoever reaches the cap
//    leaves P (its slot takes P's last element). A short business takes no workload.
// Every accepted pick is uniform over the eligible inspectors, whichever branch chose it.
import type { Inspector } from '../../../platforms/data/model';
import { InfeasibleMatchingError, type MatchingShortfall } from './errors';
import { lastInspectorIds, qualifiedInspectors, validateMatchInput, type MatchInput, type UnitMatchSpec } from './eligibility';
import { ALGORITHM, DrawStream, VERSION, matchStreamName } from './random';

const REJECTION_TRIES = 16;
const NONE: readonly number[] = [];

export interface UnitAssignment {
  unitCode: string;
  /** Ordered by id. */
  inspectorIds: string[];
}

export interface BusinessAssignment {
  uscc: string;
  /** In the order of the input units. */
  units: UnitAssignment[];
}

/** The matching record: inspector ids only, no personal data. */
export interface MatchingRecord {
  algorithm: string;
  version: number;
  candidateSha256: string;
  seed: string;
  perBusiness: number;
  workloadCap: number;
  periodEnd: string;
  unitCodes: string[];
  /** In draw order. */
  assignments: BusinessAssignment[];
}

interface UnitOutcome {
  picks: (string[] | null)[];
  shortfalls: { businessIndex: number; shortfall: MatchingShortfall }[];
}

function matchUnit(input: MatchInput, unit: UnitMatchSpec): UnitOutcome {
  const { perBusiness, workloadCap, draw } = input;
  const qualified: Inspector[] = qualifiedInspectors(unit, input.periodEnd);
  const q = qualified.length;
  const indexOfId = new Map<string, number>();
  qualified.forEach((inspector, i) => indexOfId.set(inspector.id, i));
  const conflictsOf = new Map<string, number[]>();
  qualified.forEach((inspector, i) => {
    for (const uscc of inspector.conflicts) {
      const list = conflictsOf.get(uscc);
      if (list) list.push(i);
      else conflictsOf.set(uscc, [i]);
    }
  });

  const pool = Int32Array.from({ length: q }, (_, i) => i);
  const slot = Int32Array.from({ length: q }, (_, i) => i);
  let poolSize = q;
  const load = new Int32Array(q);
  // mark[i] === stamp: excluded for (or already picked for) the current business.
  const mark = new Int32Array(q);
  const stream = new DrawStream(draw.candidateSha256, draw.seed, matchStreamName(unit.unitCode));
  const outcome: UnitOutcome = { picks: [], shortfalls: [] };

  const picks = new Int32Array(perBusiness);
  for (let businessIndex = 0; businessIndex < draw.drawn.length; businessIndex++) {
    const uscc = draw.drawn[businessIndex].uscc;
    const stamp = businessIndex + 1;
    const conflicted = conflictsOf.get(uscc) ?? NONE;
    const lastIds = lastInspectorIds(unit, uscc);
    for (let k = 0; k < conflicted.length; k++) mark[conflicted[k]] = stamp;
    for (let k = 0; k < lastIds.length; k++) {
      const i = indexOfId.get(lastIds[k]);
      if (i !== undefined) mark[i] = stamp;
    }

    let picked = 0;
    let tries = 0;
    while (picked < perBusiness && tries < REJECTION_TRIES && poolSize > 0) {
      const r = pool[stream.uniform(poolSize)];
      if (mark[r] === stamp) tries++;
      else {
        mark[r] = stamp;
        picks[picked++] = r;
      }
    }
    if (picked < perBusiness) {
      const rest: number[] = [];
      for (let p = 0; p < poolSize; p++) if (mark[pool[p]] !== stamp) rest.push(pool[p]);
      if (picked + rest.length < perBusiness) {
        const lastTime = lastIds.map((id) => indexOfId.get(id)).filter((i) => i !== undefined);
        const shortfall = describeShortfall(uscc, unit.unitCode, input, load, conflicted, lastTime, picked + rest.length);
        outcome.shortfalls.push({ businessIndex, shortfall });
        outcome.picks.push(null);
        continue;
      }
      for (let i = 0; picked < perBusiness; i++) {
        const j = i + stream.uniform(rest.length - i);
        const held = rest[i];
        rest[i] = rest[j];
        rest[j] = held;
        picks[picked++] = rest[i];
      }
    }
    for (let k = 0; k < perBusiness; k++) {
      const r = picks[k];
      if (++load[r] === workloadCap) {
        const last = pool[--poolSize];
        pool[slot[r]] = last;
        slot[last] = slot[r];
      }
    }
    // Q is ordered by id, so ordering positions orders the ids.
    picks.sort();
    const ids: string[] = new Array(perBusiness);
    for (let k = 0; k < perBusiness; k++) ids[k] = qualified[picks[k]].id;
    outcome.picks.push(ids);
  }
  return outcome;
}

/** Counts by precedence (conflict, then last time, then cap), so the parts add up. */
function describeShortfall(
  uscc: string,
  unitCode: string,
  input: MatchInput,
  load: Int32Array,
  conflicted: readonly number[],
  lastTime: readonly number[],
  eligible: number,
): MatchingShortfall {
  const conflictSet = new Set(conflicted);
  const lastOnly = new Set(lastTime.filter((i) => !conflictSet.has(i)));
  let atWorkloadCap = 0;
  load.forEach((n, i) => {
    if (n >= input.workloadCap && !conflictSet.has(i) && !lastOnly.has(i)) atWorkloadCap++;
  });
  return {
    uscc,
    unitCode,
    needed: input.perBusiness,
    eligible,
    qualified: load.length,
    conflicted: conflictSet.size,
    inspectedLastTime: lastOnly.size,
    atWorkloadCap,
  };
}

/**
 * Matches inspectors to every drawn business for every unit. Throws TOO_FEW_INSPECTORS /
 * BAD_MATCHING_INPUT for bad parameters and InfeasibleMatchingError (INFEASIBLE_MATCHING)
 * listing every short business/unit pair; never returns a partial matching.
 */
export function matchInspectors(input: MatchInput): MatchingRecord {
  validateMatchInput(input);
  const outcomes = input.units.map((unit) => matchUnit(input, unit));
  const shortfalls = outcomes
    .flatMap((o, unitIndex) => o.shortfalls.map((s) => ({ ...s, unitIndex })))
    .sort((a, b) => a.businessIndex - b.businessIndex || a.unitIndex - b.unitIndex)
    .map((s) => s.shortfall);
  if (shortfalls.length > 0) throw new InfeasibleMatchingError(shortfalls);
  return {
    algorithm: ALGORITHM,
    version: VERSION,
    candidateSha256: input.draw.candidateSha256,
    seed: input.draw.seed,
    perBusiness: input.perBusiness,
    workloadCap: input.workloadCap,
    periodEnd: input.periodEnd,
    unitCodes: input.units.map((u) => u.unitCode),
    assignments: input.draw.drawn.map(({ uscc }, b) => ({
      uscc,
      units: input.units.map((unit, u) => ({ unitCode: unit.unitCode, inspectorIds: outcomes[u].picks[b]! })),
    })),
  };
}
