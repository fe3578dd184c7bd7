// Who may be matched: the input of inspector matching, its validation, and the static
// eligibility of an inspector (the part that does not depend on the business).
import type { Inspector } from '../../../platforms/data/model';
import { DrawError, DrawErrorCode } from './errors';
import { isPseudonymKey } from './pseudonyms';
import { assertSeed } from './random';

export interface UnitMatchSpec {
  unitCode: string;
  /** The unit's inspector directory; officers of other units in it are ignored. */
  inspectors: readonly Inspector[];
  /** Specialties the unit's items in the plan need; an inspector must hold every one. */
  requiredSpecialties: readonly string[];
  /** Credit code → ids of the inspectors on this unit's previous inspection of the business. */
  lastInspectors?: ReadonlyMap<string, readonly string[]> | Readonly<Record<string, readonly string[]>>;
}

export interface MatchInput {
  /** The draw the matching belongs to: its key (hash + seed) and the drawn businesses, in order. */
  draw: { candidateSha256: string; seed: string; drawn: readonly { uscc: string }[] };
  units: readonly UnitMatchSpec[];
  /** Inspectors per unit per business; the law asks for at least 2. */
  perBusiness: number;
  /** Most businesses one inspector may get in this plan. */
  workloadCap: number;
  /** Last day of the inspection period (YYYY-MM-DD); certificates must be valid through it. */
  periodEnd: string;
  /**
   * The plan's pseudonym key (64 hex digits, pseudonyms.ts). Given, each unit's officers are
   * taken in pseudonym order (so the published order says nothing about their ids) and the
   * record carries the published evidence; without it, in id order and no evidence.
   */
  pseudonymKey?: string;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const UNIT_CODE = /^[a-z][a-z0-9-]*$/;

function badInput(message: string, details: Record<string, unknown> = {}): DrawError {
  return new DrawError(DrawErrorCode.BAD_MATCHING_INPUT, message, details);
}

/**
 * The drawn businesses by credit code, built once per matching (the duplicate check needs it):
 * `byCode` by the code exactly as drawn (previous inspections are recorded so); `byNormalisedCode`
 * by normalised code (recorded conflicts are compared so) gives one business, and next[b] the
 * following one whose code normalises alike (−1: none). Drawn codes are normally canonical, and
 * then both are the same map and `nextAlike` is null.
 */
export interface DrawnIndex {
  /** codes[b]: the credit code of business b, as drawn (one array: reading it does not visit every business's object). */
  codes: readonly string[];
  byCode: ReadonlyMap<string, number>;
  byNormalisedCode: ReadonlyMap<string, number>;
  nextAlike: Int32Array | null;
}

/**
 * Throws TOO_FEW_INSPECTORS, BAD_SEED or BAD_MATCHING_INPUT for parameters out of their domain;
 * returns the index of the drawn businesses.
 */
export function validateMatchInput(input: MatchInput): DrawnIndex {
  const { perBusiness, workloadCap, periodEnd, units, draw } = input;
  if (!Number.isSafeInteger(perBusiness) || perBusiness < 2) {
    throw new DrawError(DrawErrorCode.TOO_FEW_INSPECTORS, `At least 2 inspectors per business and unit are required, got ${perBusiness}`, { perBusiness });
  }
  if (!Number.isSafeInteger(workloadCap) || workloadCap < 1) throw badInput(`workloadCap must be an integer ≥ 1, got ${workloadCap}`, { workloadCap });
  if (!ISO_DAY.test(periodEnd)) throw badInput(`periodEnd must be YYYY-MM-DD, got ${periodEnd}`, { periodEnd });
  assertSeed(draw.seed);
  if (input.pseudonymKey !== undefined && !isPseudonymKey(input.pseudonymKey)) throw badInput('pseudonymKey must be 64 lower-case hex digits');
  if (units.length === 0) throw badInput('No unit to match inspectors for');
  const seenUnits = new Set<string>();
  for (const unit of units) {
    if (!UNIT_CODE.test(unit.unitCode)) throw badInput(`Bad unit code ${JSON.stringify(unit.unitCode)}`, { unitCode: unit.unitCode });
    if (seenUnits.has(unit.unitCode)) throw badInput(`Unit ${unit.unitCode} is listed twice`, { unitCode: unit.unitCode });
    seenUnits.add(unit.unitCode);
    const ids = new Set<string>();
    for (const inspector of unit.inspectors) {
      if (ids.has(inspector.id)) throw badInput(`Inspector ${inspector.id} appears twice in ${unit.unitCode}'s directory`, { unitCode: unit.unitCode, inspectorId: inspector.id });
      ids.add(inspector.id);
    }
  }
  const codes: string[] = new Array(draw.drawn.length);
  const byCode = new Map<string, number>();
  let canonical = true;
  for (let b = 0; b < draw.drawn.length; b++) {
    const { uscc } = draw.drawn[b];
    codes[b] = uscc;
    byCode.set(uscc, b);
    if (byCode.size === b) throw badInput(`Business ${uscc} is listed twice`, { uscc }); // set did not add
    if (canonical && normaliseCode(uscc) !== uscc) canonical = false;
  }
  if (canonical) return { codes, byCode, byNormalisedCode: byCode, nextAlike: null };
  const byNormalisedCode = new Map<string, number>();
  const nextAlike = new Int32Array(draw.drawn.length);
  for (let b = draw.drawn.length - 1; b >= 0; b--) {
    const code = normaliseCode(codes[b]);
    nextAlike[b] = byNormalisedCode.get(code) ?? -1;
    byNormalisedCode.set(code, b);
  }
  return { codes, byCode, byNormalisedCode, nextAlike };
}

/**
 * Whether an inspector may be drawn for the unit at all: of the unit, active, certified
 * (certificate number present, valid through the period end) and holding every specialty.
 */
export function isQualified(inspector: Inspector, unit: UnitMatchSpec, periodEnd: string): boolean {
  return (
    inspector.unitCode === unit.unitCode &&
    inspector.active &&
    inspector.certificateNo.trim() !== '' &&
    ISO_DAY.test(inspector.certificateValidUntil) &&
    inspector.certificateValidUntil >= periodEnd &&
    unit.requiredSpecialties.every((s) => inspector.specialties.includes(s))
  );
}

/** The qualified inspectors of a unit, ordered by id (so directory order cannot matter). */
export function qualifiedInspectors(unit: UnitMatchSpec, periodEnd: string): Inspector[] {
  return unit.inspectors
    .filter((inspector) => isQualified(inspector, unit, periodEnd))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const NONE: readonly string[] = [];

// Spaces and zero-width characters a typist may leave in a recorded conflict.
const CODE_NOISE = /[\s\u200b-\u200d\u2060\ufeff]/g;

/**
 * A credit code as recorded by hand, normalised before matching: NFKC (full-width letters and
 * digits become half-width), every space or zero-width character removed, upper case. So
 * ` 91440802ｍａ…` and `91440802MA…` are the same business for recusal.
 */
export function normaliseCode(code: string): string {
  // Most codes are already canonical: skip the Unicode work for them (matching calls this per business).
  if (CANONICAL_CODE.test(code)) return code;
  return code.normalize('NFKC').replace(CODE_NOISE, '').toUpperCase();
}
const CANONICAL_CODE = /^[0-9A-Z]+$/;

/** Whether the inspector recorded a conflict with the business (codes normalised). */
export function hasConflict(inspector: Inspector, uscc: string): boolean {
  const wanted = normaliseCode(uscc);
  return inspector.conflicts.some((c) => normaliseCode(c) === wanted);
}

/** Ids of the inspectors on the unit's previous inspection of the business. */
export function lastInspectorIds(unit: UnitMatchSpec, uscc: string): readonly string[] {
  return lastInspectorsOf(unit)(uscc);
}

function lastInspectorsOf(unit: UnitMatchSpec): (uscc: string) => readonly string[] {
  const last = unit.lastInspectors;
  if (!last) return () => NONE;
  if (last instanceof Map) return (uscc) => last.get(uscc) ?? NONE;
  const record = last as Readonly<Record<string, readonly string[]>>;
  return (uscc) => (Object.hasOwn(record, uscc) ? record[uscc] : NONE);
}

/**
 * lastInspectorIds of every drawn business, in draw order (undefined: none recorded). A record
 * shorter than the draw is walked rather than looked up once per business: each look-up by
 * credit code costs a cache miss or two, and the office's record may hold every candidate.
 */
export function lastInspectorsByBusiness(unit: UnitMatchSpec, index: DrawnIndex): (readonly string[] | undefined)[] {
  const { codes } = index;
  const last = unit.lastInspectors;
  const of: (readonly string[] | undefined)[] = new Array(codes.length);
  if (!last) return of;
  if (last instanceof Map && last.size <= codes.length) {
    last.forEach((ids, uscc) => {
      const b = index.byCode.get(uscc);
      if (b !== undefined) of[b] = ids;
    });
    return of;
  }
  const lookup = lastInspectorsOf(unit);
  for (let b = 0; b < codes.length; b++) of[b] = lookup(codes[b]);
  return of;
}
