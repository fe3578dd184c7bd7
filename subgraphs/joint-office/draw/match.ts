// Inspector matching: for each drawn business (in draw order) and each unit, `perBusiness`
// inspectors drawn uniformly among those eligible, from stream `match/<unitCode>`; completed by
// augmenting paths wherever the uniform pass gets stuck, so it succeeds whenever any assignment
// exists (a maximum flow).
//
// Per unit, documented so the matching can be re-run from the published document alone:
//  - Q = the qualified inspectors (see eligibility.ts), ordered by pseudonym (by id when no
//    pseudonym key is given); P = the positions 0…|Q|−1 of those still under the workload cap,
//    initially in Q's order.
//  - For each business b: excluded = recorded conflicts (codes normalised) ∪ last time's
//    inspectors. Until it has `perBusiness` picks: r = P[uniform(|P|)]; accept r if neither
//    excluded nor already picked for b. After 16 rejections for b (or when P is empty), list
//    L = members of P, in P's order, neither excluded nor picked; if L is long enough the
//    remaining picks are a partial Fisher–Yates over L (same stream).
//  - Once b is staffed, each pick's workload rises by one; whoever reaches the cap leaves P (its
//    slot takes P's last element).
//  - Stuck (L too short): b takes all of L, then for each missing inspector an augmenting path
//    is searched breadth-first: from b to every inspector eligible for b and not on it (in Q's
//    order); an inspector under the cap ends the path; one at the cap leads to each business
//    holding it (in the order they got it), which may give it up for another inspector eligible
//    for it, and so on. Along the path each business swaps one inspector for the next; only the
//    last inspector's workload rises. No path: b stays short for now.
//  - After the last business, each business still short is tried again, in draw order, until a
//    round adds nothing. Then no augmenting path is left: by max-flow/min-cut the assignment is
//    maximum, so a business stays short only when no assignment of the inputs staffs them all.
// Distribution: each pick of the uniform pass is uniform over b's eligible inspectors under the
// cap. Wherever the uniform pass never gets stuck (in particular wherever the cap does not bind)
// the outcome is exactly that pass, so each eligible inspector is equally likely for a business.
// Augmenting paths only act where the pass alone would have failed.
import type { Inspector } from '../../../platforms/data/model';
import { DrawError, DrawErrorCode, InfeasibleMatchingError, type MatchingShortfall } from './errors';
import { ExcludedBuilder, ExcludedPositions } from './excluded';
import { lastInspectorsByBusiness, normaliseCode, qualifiedInspectors, validateMatchInput, type DrawnIndex, type MatchInput, type UnitMatchSpec } from './eligibility';
import { pseudonymiser } from './pseudonyms';
import { ALGORITHM, DrawStream, VERSION, matchStreamName } from './random';

const REJECTION_TRIES = 16;
const NO_IDS: readonly string[] = [];

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

/** A unit's qualified officers as published: pseudonyms ascending, with their ids (never published). */
export interface UnitOfficers {
  unitCode: string;
  officers: string[];
  /** officerIds[k] is the officer behind officers[k]: for the office and the unit only. */
  officerIds: string[];
}

/** One business for one unit, in pseudonyms (ascending): who is excluded, who is assigned. */
export interface UnitEvidence {
  unitCode: string;
  /** Officers of the unit not eligible for the business: a recorded conflict, or on its previous inspection. */
  excluded: string[];
  assigned: string[];
}

/** What the published document shows of the matching (with a pseudonym key only). */
export interface MatchingEvidence {
  /** In the order of the input units. */
  units: UnitOfficers[];
  /** In draw order; per business the units in the order of `units`. */
  businesses: { uscc: string; units: UnitEvidence[] }[];
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
  /** Present when the input has a pseudonym key. */
  evidence?: MatchingEvidence;
}

/** The state of one unit's matching: loads, who holds whom, the under-cap pool. */
export class UnitMatching {
  readonly q: number;
  readonly load: Int32Array;
  /** Positions held by business b: slots b·perBusiness … b·perBusiness + have[b] − 1. */
  readonly held: Int32Array;
  readonly have: Int32Array;
  /** Businesses holding inspector i, in the order they got it; built on the first augmentation. */
  private holders: number[][] | null = null;
  readonly pool: Int32Array;
  private readonly slot: Int32Array;
  poolSize: number;

  constructor(
    q: number,
    businesses: number,
    readonly perBusiness: number,
    readonly workloadCap: number,
    /** Positions excluded for each business (conflict or last time). */
    readonly excluded: ExcludedPositions,
  ) {
    this.q = q;
    this.load = new Int32Array(q);
    this.held = new Int32Array(businesses * perBusiness);
    this.have = new Int32Array(businesses);
    this.pool = Int32Array.from({ length: q }, (_, i) => i);
    this.slot = Int32Array.from({ length: q }, (_, i) => i);
    this.poolSize = q;
  }

  /** The positions business b holds, ascending. */
  positionsOf(b: number): Int32Array {
    return this.held.slice(b * this.perBusiness, b * this.perBusiness + this.have[b]).sort();
  }

  holds(b: number, i: number): boolean {
    const base = b * this.perBusiness;
    for (let k = 0; k < this.have[b]; k++) if (this.held[base + k] === i) return true;
    return false;
  }

  eligible(b: number, i: number): boolean {
    return !this.excluded.includes(b, i) && !this.holds(b, i);
  }

  /** Business b takes inspector i, whose workload rises. */
  give(b: number, i: number): void {
    this.held[b * this.perBusiness + this.have[b]++] = i;
    this.holders?.[i].push(b);
    this.raise(i);
  }

  private raise(i: number): void {
    if (++this.load[i] === this.workloadCap) {
      const last = this.pool[--this.poolSize];
      this.pool[this.slot[i]] = last;
      this.slot[last] = this.slot[i];
    }
  }

  private lower(i: number): void {
    if (this.load[i]-- === this.workloadCap) {
      this.pool[this.poolSize] = i;
      this.slot[i] = this.poolSize++;
    }
  }

  /** Business b gives up inspector out for inspector into. */
  private swap(b: number, out: number, into: number): void {
    const base = b * this.perBusiness;
    for (let k = 0; k < this.have[b]; k++) if (this.held[base + k] === out) this.held[base + k] = into;
    const holders = this.holders!;
    holders[out].splice(holders[out].indexOf(b), 1);
    holders[into].push(b);
    this.lower(out);
    this.raise(into);
  }

  /** One more inspector for b along a shortest augmenting path; false when there is none. */
  augment(b: number): boolean {
    // The uniform pass rarely needs this, so who-holds-whom is only built when it does.
    if (!this.holders) {
      const holders: number[][] = Array.from({ length: this.q }, () => []);
      for (let x = 0; x < this.have.length; x++) for (let k = 0; k < this.have[x]; k++) holders[this.held[x * this.perBusiness + k]].push(x);
      this.holders = holders;
    }
    const holders = this.holders;
    const viaInspector = new Int32Array(this.q).fill(-1); // business that reached inspector i
    const viaBusiness = new Map<number, number>([[b, -1]]); // inspector through which a business was reached
    const queue = [b];
    for (let head = 0; head < queue.length; head++) {
      const x = queue[head];
      for (let i = 0; i < this.q; i++) {
        if (viaInspector[i] !== -1 || !this.eligible(x, i)) continue;
        viaInspector[i] = x;
        if (this.load[i] < this.workloadCap) {
          this.applyPath(b, i, viaInspector, viaBusiness);
          return true;
        }
        for (const y of holders[i]) {
          if (viaBusiness.has(y)) continue;
          viaBusiness.set(y, i);
          queue.push(y);
        }
      }
    }
    return false;
  }

  private applyPath(b: number, end: number, viaInspector: Int32Array, viaBusiness: Map<number, number>): void {
    let taken = end;
    let x = viaInspector[taken];
    while (x !== b) {
      const released = viaBusiness.get(x)!;
      this.swap(x, released, taken);
      taken = released;
      x = viaInspector[taken];
    }
    this.give(b, taken);
  }
}

/** The outcome of one unit's matching on positions: who holds whom, and who stayed short. */
export interface UnitRun {
  state: UnitMatching;
  /** Businesses left short by a maximum assignment (none when matching succeeded). */
  short: number[];
}

/**
 * The procedure above for one unit, on positions 0…q−1 of Q: `excluded` lists, per business, the
 * positions not eligible for it (any order, repeats allowed). The matcher and the verifier of a
 * published document both run exactly this.
 */
export function assignUnit(q: number, excluded: ExcludedPositions, perBusiness: number, workloadCap: number, stream: DrawStream): UnitRun {
  const businesses = excluded.businesses;
  const state = new UnitMatching(q, businesses, perBusiness, workloadCap, excluded);
  const { start, list } = excluded;
  const { pool } = state;
  // mark[i] === stamp: excluded for (or already picked for) the current business.
  const mark = new Int32Array(q);
  const short: number[] = [];

  const picks = new Int32Array(perBusiness);
  for (let businessIndex = 0; businessIndex < businesses; businessIndex++) {
    const stamp = businessIndex + 1;
    for (let k = start[businessIndex]; k < start[businessIndex + 1]; k++) mark[list[k]] = stamp;

    let picked = 0;
    let tries = 0;
    while (picked < perBusiness && tries < REJECTION_TRIES && state.poolSize > 0) {
      const r = pool[stream.uniform(state.poolSize)];
      if (mark[r] === stamp) tries++;
      else {
        mark[r] = stamp;
        picks[picked++] = r;
      }
    }
    if (picked < perBusiness) {
      const rest: number[] = [];
      for (let p = 0; p < state.poolSize; p++) if (mark[pool[p]] !== stamp) rest.push(pool[p]);
      if (picked + rest.length < perBusiness) {
        for (const r of rest) picks[picked++] = r;
      } else {
        for (let i = 0; picked < perBusiness; i++) {
          const j = i + stream.uniform(rest.length - i);
          const held = rest[i];
          rest[i] = rest[j];
          rest[j] = held;
          picks[picked++] = rest[i];
        }
      }
    }
    for (let k = 0; k < picked; k++) state.give(businessIndex, picks[k]);
    while (state.have[businessIndex] < perBusiness && state.augment(businessIndex));
    if (state.have[businessIndex] < perBusiness) short.push(businessIndex);
  }
  // Later swaps may open a path for a business that was short: retry until nothing changes.
  for (let progress = true; progress && short.length > 0; ) {
    progress = false;
    for (const b of short) while (state.have[b] < perBusiness && state.augment(b)) progress = true;
    const still = short.filter((b) => state.have[b] < perBusiness);
    short.length = 0;
    short.push(...still);
  }
  return { state, short };
}

/** Q of a unit: ordered by pseudonym when the input has a key (their labels), else by id. */
interface Officers {
  members: Inspector[];
  labels: string[] | null;
  /** idRank[k]: the place of members[k] in id order (a business's ids are recorded in id order). */
  idRank: Int32Array;
}

function orderedOfficers(input: MatchInput, unit: UnitMatchSpec): Officers {
  const qualified = qualifiedInspectors(unit, input.periodEnd); // by id
  if (input.pseudonymKey === undefined) return { members: qualified, labels: null, idRank: Int32Array.from(qualified, (_, k) => k) };
  const of = pseudonymiser(input.pseudonymKey, unit.unitCode);
  const labelled = qualified.map((inspector, rank) => ({ inspector, rank, label: of(inspector.id) })).sort((a, b) => byText(a.label, b.label));
  for (let k = 1; k < labelled.length; k++) {
    if (labelled[k].label === labelled[k - 1].label) {
      throw new DrawError(DrawErrorCode.BAD_MATCHING_INPUT, `Two officers of ${unit.unitCode} share a pseudonym; use another pseudonym key`, { unitCode: unit.unitCode });
    }
  }
  return { members: labelled.map((x) => x.inspector), labels: labelled.map((x) => x.label), idRank: Int32Array.from(labelled, (x) => x.rank) };
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The labels of positions, ascending and once each (Q is in label order, so sorting positions suffices). */
export function labelsOf(positions: Int32Array, labels: readonly string[]): string[] {
  const list: string[] = [];
  for (const i of positions.sort()) if (list.length === 0 || list[list.length - 1] !== labels[i]) list.push(labels[i]);
  return list;
}

/** Per business, the positions of Q with a recorded conflict with it, ascending. */
function conflictPositions(members: readonly Inspector[], index: DrawnIndex, businesses: number): ExcludedPositions {
  const { byNormalisedCode, nextAlike } = index;
  const pairs: number[] = []; // business, position, business, position, …
  const lastAdded = new Int32Array(businesses).fill(-1);
  for (let i = 0; i < members.length; i++) {
    const recorded = members[i].conflicts;
    for (let k = 0; k < recorded.length; k++) {
      for (let b = byNormalisedCode.get(normaliseCode(recorded[k])) ?? -1; b !== -1; b = nextAlike ? nextAlike[b] : -1) {
        if (lastAdded[b] === i) continue; // the same business recorded twice
        lastAdded[b] = i;
        pairs.push(b, i);
      }
    }
  }
  // Counting sort by business: positions stay ascending within each.
  const start = new Int32Array(businesses + 1);
  for (let k = 0; k < pairs.length; k += 2) start[pairs[k] + 1]++;
  for (let b = 0; b < businesses; b++) start[b + 1] += start[b];
  const fill = start.slice(0, businesses);
  const list = new Int32Array(pairs.length / 2);
  for (let k = 0; k < pairs.length; k += 2) list[fill[pairs[k]]++] = pairs[k + 1];
  return new ExcludedPositions(start, list);
}

/** Per business, the positions excluded: its conflicts first, then those of last time's inspectors not among them. */
function excludedPositions(unit: UnitMatchSpec, index: DrawnIndex, members: readonly Inspector[], conflicts: ExcludedPositions): ExcludedPositions {
  const indexOfId = new Map<string, number>();
  members.forEach((inspector, i) => indexOfId.set(inspector.id, i));
  const lastOf = lastInspectorsByBusiness(unit, index);
  const businesses = index.codes.length;
  const builder = new ExcludedBuilder(businesses, conflicts.list.length + businesses);
  const mark = new Int32Array(members.length); // mark[i] === b + 1: i is excluded for b already
  for (let b = 0; b < businesses; b++) {
    for (let k = conflicts.start[b]; k < conflicts.start[b + 1]; k++) {
      mark[conflicts.list[k]] = b + 1;
      builder.push(conflicts.list[k]);
    }
    const lastIds = lastOf[b] ?? NO_IDS;
    for (let k = 0; k < lastIds.length; k++) {
      const i = indexOfId.get(lastIds[k]);
      if (i === undefined || mark[i] === b + 1) continue;
      mark[i] = b + 1;
      builder.push(i);
    }
    builder.endBusiness();
  }
  return builder.build();
}

/** One unit matched: Q, who is excluded where (conflicts apart, for the shortfall report), the assignment. */
interface UnitResult {
  unitCode: string;
  officers: Officers;
  conflicts: ExcludedPositions;
  excluded: ExcludedPositions;
  run: UnitRun;
}

function matchUnit(input: MatchInput, unit: UnitMatchSpec, index: DrawnIndex): UnitResult {
  const officers = orderedOfficers(input, unit);
  const conflicts = conflictPositions(officers.members, index, index.codes.length);
  const excluded = excludedPositions(unit, index, officers.members, conflicts);
  const stream = new DrawStream(input.draw.candidateSha256, input.draw.seed, matchStreamName(unit.unitCode));
  const run = assignUnit(officers.members.length, excluded, input.perBusiness, input.workloadCap, stream);
  return { unitCode: unit.unitCode, officers, conflicts, excluded, run };
}

/**
 * A business left short by a maximum assignment. Counts by precedence (conflict, then last
 * time, then cap), so the parts add up: `eligible` is how many it holds in that assignment.
 */
function describeShortfall(input: MatchInput, result: UnitResult, b: number): MatchingShortfall {
  const { state } = result.run;
  let atWorkloadCap = 0;
  for (let i = 0; i < state.q; i++) if (state.eligible(b, i) && state.load[i] >= input.workloadCap) atWorkloadCap++;
  const conflicted = result.conflicts.count(b);
  return {
    uscc: input.draw.drawn[b].uscc,
    unitCode: result.unitCode,
    needed: input.perBusiness,
    eligible: state.have[b],
    qualified: state.q,
    conflicted,
    inspectedLastTime: result.excluded.count(b) - conflicted,
    atWorkloadCap,
  };
}

/** Sorts list[0 … n−1] ascending by rank[x], or by x without ranks; a business holds a handful of positions. */
function sortSmall(list: Int32Array, n: number, rank: Int32Array | null): void {
  if (n > 32 && !rank) {
    list.subarray(0, n).sort();
    return;
  }
  for (let k = 1; k < n; k++) {
    const x = list[k];
    const key = rank ? rank[x] : x;
    let j = k - 1;
    for (; j >= 0 && (rank ? rank[list[j]] : list[j]) > key; j--) list[j + 1] = list[j];
    list[j + 1] = x;
  }
}

/** What the record shows of one unit's result, per business, with one scratch list for sorting. */
class UnitReport {
  private readonly scratch: Int32Array;
  /** ids[i]: the id at position i (one array, not an inspector object per read). */
  private readonly ids: string[];

  constructor(private readonly result: UnitResult) {
    this.scratch = new Int32Array(Math.max(result.officers.members.length, result.run.state.perBusiness));
    this.ids = result.officers.members.map((inspector) => inspector.id);
  }

  /** The ids business b got, in id order. */
  idsOf(b: number): string[] {
    const n = this.heldBy(b);
    sortSmall(this.scratch, n, this.result.officers.idRank);
    const ids: string[] = new Array(n);
    for (let k = 0; k < n; k++) ids[k] = this.ids[this.scratch[k]];
    return ids;
  }

  /** The pseudonyms of the officers business b got, ascending. */
  assignedOf(b: number): string[] {
    const n = this.heldBy(b);
    sortSmall(this.scratch, n, null);
    return this.labelled(n);
  }

  /** The pseudonyms of the officers excluded for business b, ascending. */
  excludedOf(b: number): string[] {
    const { start, list } = this.result.excluded;
    const n = start[b + 1] - start[b];
    for (let k = 0; k < n; k++) this.scratch[k] = list[start[b] + k];
    sortSmall(this.scratch, n, null);
    return this.labelled(n);
  }

  private heldBy(b: number): number {
    const { held, have, perBusiness } = this.result.run.state;
    const n = have[b];
    for (let k = 0; k < n; k++) this.scratch[k] = held[b * perBusiness + k];
    return n;
  }

  /** Labels of scratch[0 … n−1]; positions there are distinct (excluded and held are built so). */
  private labelled(n: number): string[] {
    const labels = this.result.officers.labels!;
    const list: string[] = new Array(n);
    for (let k = 0; k < n; k++) list[k] = labels[this.scratch[k]];
    return list;
  }
}

/**
 * Matches inspectors to every drawn business for every unit. Throws TOO_FEW_INSPECTORS /
 * BAD_MATCHING_INPUT for bad parameters and InfeasibleMatchingError (INFEASIBLE_MATCHING)
 * listing every short business/unit pair; never returns a partial matching.
 */
export function matchInspectors(input: MatchInput): MatchingRecord {
  const index = validateMatchInput(input);
  const { codes } = index;
  const results = input.units.map((unit) => matchUnit(input, unit, index));
  const short = results
    .flatMap((result, u) => result.run.short.map((b) => ({ b, u })))
    .sort((x, y) => x.b - y.b || x.u - y.u);
  if (short.length > 0) throw new InfeasibleMatchingError(short.map(({ b, u }) => describeShortfall(input, results[u], b)));

  // The record in one pass over the businesses, straight from the units' typed arrays.
  const keyed = input.pseudonymKey !== undefined;
  const reports = results.map((result) => new UnitReport(result));
  // Arrays are made at their final size: the record is tens of thousands of small arrays, and
  // one grown by push has room for 17.
  const assignments: BusinessAssignment[] = new Array(codes.length);
  const businesses: MatchingEvidence['businesses'] = new Array(keyed ? codes.length : 0);
  for (let b = 0; b < codes.length; b++) {
    const uscc = codes[b];
    const units: UnitAssignment[] = new Array(results.length);
    for (let u = 0; u < results.length; u++) units[u] = { unitCode: results[u].unitCode, inspectorIds: reports[u].idsOf(b) };
    assignments[b] = { uscc, units };
    if (!keyed) continue;
    const entries: UnitEvidence[] = new Array(results.length);
    for (let u = 0; u < results.length; u++) entries[u] = { unitCode: results[u].unitCode, excluded: reports[u].excludedOf(b), assigned: reports[u].assignedOf(b) };
    businesses[b] = { uscc, units: entries };
  }
  const record: MatchingRecord = {
    algorithm: ALGORITHM,
    version: VERSION,
    candidateSha256: input.draw.candidateSha256,
    seed: input.draw.seed,
    perBusiness: input.perBusiness,
    workloadCap: input.workloadCap,
    periodEnd: input.periodEnd,
    unitCodes: input.units.map((u) => u.unitCode),
    assignments,
  };
  if (keyed) {
    record.evidence = {
      units: results.map(({ unitCode, officers }) => ({ unitCode, officers: officers.labels!, officerIds: officers.members.map((m) => m.id) })),
      businesses,
    };
  }
  return record;
}
