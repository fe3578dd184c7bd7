// Re-checks the `matching` section of a published draw document from the document alone: reads
// it strictly, checks the rules on the assignment as published (count per business, nobody
// excluded, no load over the cap), re-runs matching (match.ts, assignUnit) on the published
// officers and exclusions with the draw's seed, and recomputes the section's seal. Each
// difference names where: `matching.businesses[i].units[u].assigned` for an officer that is not
// the one matching gives, `matching.units[u].officers[k]` for a load over the cap, …
import { ExcludedPositions } from './excluded';
import { assignUnit, labelsOf } from './match';
import { sealMatching, type MatchingEntry, type UnsealedMatching } from './matching-document';
import { ProblemList, describe, isObject, type Doc } from './problems';
import { PSEUDONYM, PSEUDONYM_SCHEME } from './pseudonyms';
import { DrawStream, matchStreamName } from './random';

const MATCHING_FIELDS = new Set(['pseudonyms', 'perBusiness', 'workloadCap', 'units', 'businesses', 'matchingSha256']);
const UNIT_FIELDS = new Set(['unitCode', 'officers']);
const BUSINESS_FIELDS = new Set(['uscc', 'units']);
const ENTRY_FIELDS = new Set(['unitCode', 'excluded', 'assigned']);
const UNIT_CODE = /^[a-z][a-z0-9-]*$/;

function unknownFields(value: unknown, allowed: ReadonlySet<string>, path: string, problems: ProblemList): void {
  if (!isObject(value)) return;
  for (const key in value) if (!allowed.has(key)) problems.add(`${path}.${key}`, 'no such field', describe(value[key]));
}

/** Fields the section does not have, at any level, are refused (nothing unsealed rides along). */
export function refuseUnknownMatchingFields(matching: unknown, problems: ProblemList): void {
  if (!isObject(matching)) return;
  unknownFields(matching, MATCHING_FIELDS, 'matching', problems);
  if (Array.isArray(matching.units)) matching.units.forEach((unit, u) => unknownFields(unit, UNIT_FIELDS, `matching.units[${u}]`, problems));
  if (!Array.isArray(matching.businesses)) return;
  matching.businesses.forEach((business: unknown, i) => {
    unknownFields(business, BUSINESS_FIELDS, `matching.businesses[${i}]`, problems);
    if (isObject(business) && Array.isArray(business.units)) {
      business.units.forEach((entry, u) => unknownFields(entry, ENTRY_FIELDS, `matching.businesses[${i}].units[${u}]`, problems));
    }
  });
}

/** The draw the matching belongs to, as re-drawn by the verifier. */
export interface DrawnKey {
  candidateSha256: string;
  seed: string;
  drawn: readonly { uscc: string }[];
}

interface ReadUnit {
  unitCode: string;
  officers: string[];
  position: Map<string, number>;
}

interface ReadEntry {
  excluded: number[];
  assigned: number[];
}

/** A list of pseudonyms, ascending, each once; with `position`, each one of the unit's officers. */
function readPseudonyms(value: unknown, path: string, problems: ProblemList, position?: ReadonlyMap<string, number>): string[] | null {
  if (!Array.isArray(value)) {
    problems.add(path, 'an array of pseudonyms', describe(value));
    return null;
  }
  let ok = true;
  for (let k = 0; k < value.length; k++) {
    const p: unknown = value[k];
    if (typeof p !== 'string' || !PSEUDONYM.test(p)) {
      problems.add(`${path}[${k}]`, 'a pseudonym (16 lower-case hex digits)', describe(p));
      ok = false;
    } else if (k > 0 && typeof value[k - 1] === 'string' && !(value[k - 1] < p)) {
      problems.add(`${path}[${k}]`, `a pseudonym after ${value[k - 1]} (ascending, each once)`, p);
      ok = false;
    } else if (position && !position.has(p)) {
      problems.add(`${path}[${k}]`, "one of the unit's officers", p);
      ok = false;
    }
  }
  return ok ? (value as string[]) : null;
}

function readUnits(value: unknown, problems: ProblemList): ReadUnit[] | null {
  if (!Array.isArray(value) || value.length === 0) {
    problems.add('matching.units', 'a non-empty array', describe(value));
    return null;
  }
  const units: ReadUnit[] = [];
  const seen = new Set<string>();
  for (let u = 0; u < value.length; u++) {
    const unit: unknown = value[u];
    const unitCode = isObject(unit) ? unit.unitCode : undefined;
    if (typeof unitCode !== 'string' || !UNIT_CODE.test(unitCode) || seen.has(unitCode)) {
      problems.add(`matching.units[${u}].unitCode`, 'a unit code, each unit once', describe(unitCode));
      continue;
    }
    seen.add(unitCode);
    const officers = readPseudonyms(isObject(unit) ? unit.officers : undefined, `matching.units[${u}].officers`, problems);
    if (officers) units.push({ unitCode, officers, position: new Map(officers.map((p, k) => [p, k])) });
  }
  return units.length === value.length ? units : null;
}

/** Per business (draw order) per unit: excluded and assigned as positions of the unit's officers. */
function readBusinesses(value: unknown, units: readonly ReadUnit[], draw: DrawnKey, problems: ProblemList): ReadEntry[][] | null {
  if (!Array.isArray(value)) {
    problems.add('matching.businesses', 'an array', describe(value));
    return null;
  }
  let ok = value.length === draw.drawn.length;
  if (!ok) problems.add('matching.businesses.length', draw.drawn.length, value.length);
  const read: ReadEntry[][] = [];
  for (let i = 0; i < Math.min(value.length, draw.drawn.length); i++) {
    const business: unknown = value[i];
    const path = `matching.businesses[${i}]`;
    if (!isObject(business)) {
      problems.add(path, 'an object with uscc and units', describe(business));
      ok = false;
      continue;
    }
    if (business.uscc !== draw.drawn[i].uscc) {
      problems.add(`${path}.uscc`, draw.drawn[i].uscc, describe(business.uscc));
      ok = false;
    }
    const entries = business.units;
    if (!Array.isArray(entries) || entries.length !== units.length) {
      problems.add(`${path}.units`, `one entry per unit (${units.length})`, describe(entries));
      ok = false;
      continue;
    }
    const row: ReadEntry[] = [];
    units.forEach((unit, u) => {
      const entry: unknown = entries[u];
      const at = `${path}.units[${u}]`;
      const unitCode = isObject(entry) ? entry.unitCode : undefined;
      if (unitCode !== unit.unitCode) {
        problems.add(`${at}.unitCode`, unit.unitCode, describe(unitCode));
        ok = false;
        return;
      }
      const excluded = readPseudonyms((entry as Doc).excluded, `${at}.excluded`, problems, unit.position);
      const assigned = readPseudonyms((entry as Doc).assigned, `${at}.assigned`, problems, unit.position);
      if (!excluded || !assigned) ok = false;
      else row.push({ excluded: excluded.map((p) => unit.position.get(p)!), assigned: assigned.map((p) => unit.position.get(p)!) });
    });
    read.push(row);
  }
  return ok ? read : null;
}

function readCount(matching: Doc, field: 'perBusiness' | 'workloadCap', least: number, problems: ProblemList): number | null {
  const value = matching[field];
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= least) return value;
  problems.add(`matching.${field}`, `an integer ≥ ${least}`, describe(value));
  return null;
}

/** The rules, on the assignment as published: count, nobody excluded, loads within the cap. */
function checkRules(units: readonly ReadUnit[], read: readonly ReadEntry[][], perBusiness: number, workloadCap: number, problems: ProblemList): void {
  units.forEach((unit, u) => {
    const load = new Int32Array(unit.officers.length);
    read.forEach((row, i) => {
      const { excluded, assigned } = row[u];
      const at = `matching.businesses[${i}].units[${u}].assigned`;
      if (assigned.length !== perBusiness) problems.add(at, `${perBusiness} officers`, `${assigned.length} officers`);
      for (const k of assigned) {
        load[k]++;
        if (excluded.includes(k)) problems.add(at, 'officers eligible for the business (not excluded)', `${unit.officers[k]} is excluded`);
      }
    });
    load.forEach((n, k) => {
      if (n > workloadCap) problems.add(`matching.units[${u}].officers[${k}]`, `at most ${workloadCap} businesses (workload cap)`, `${n} businesses (${unit.officers[k]})`);
    });
  });
}

/**
 * Checks the `matching` section against the re-drawn businesses and lists every difference.
 * Returns the `matchingSha256` an honest section with these inputs would carry (the draw's seal
 * covers it), or null when the section cannot be read.
 */
export function verifyMatching(value: unknown, draw: DrawnKey, problems: ProblemList): string | null {
  if (!isObject(value)) {
    problems.add('matching', 'an object', describe(value));
    return null;
  }
  if (value.pseudonyms !== PSEUDONYM_SCHEME) problems.add('matching.pseudonyms', PSEUDONYM_SCHEME, describe(value.pseudonyms));
  const perBusiness = readCount(value, 'perBusiness', 2, problems);
  const workloadCap = readCount(value, 'workloadCap', 1, problems);
  const units = readUnits(value.units, problems);
  const read = units && readBusinesses(value.businesses, units, draw, problems);
  if (!units || !read || perBusiness === null || workloadCap === null) return null;
  checkRules(units, read, perBusiness, workloadCap, problems);

  // Re-run: the same procedure on the published inputs, with the draw's stream of each unit.
  const honest: MatchingEntry[][] = read.map(() => []);
  units.forEach((unit, u) => {
    const stream = new DrawStream(draw.candidateSha256, draw.seed, matchStreamName(unit.unitCode));
    const run = assignUnit(unit.officers.length, ExcludedPositions.of(read.map((row) => row[u].excluded)), perBusiness, workloadCap, stream);
    const short = new Set(run.short);
    if (short.size > 0) {
      problems.add(`matching.units[${u}]`, 'an assignment for every business', `none exists for ${run.short.length} business(es), e.g. ${draw.drawn[run.short[0]].uscc}`);
    }
    read.forEach((row, i) => {
      const given = labelsOf(Int32Array.from(row[u].assigned), unit.officers);
      const expected = short.has(i) ? given : labelsOf(run.state.positionsOf(i), unit.officers);
      if (expected.join(',') !== given.join(',')) problems.add(`matching.businesses[${i}].units[${u}].assigned`, expected.join(','), given.join(','));
      honest[i].push({ unitCode: unit.unitCode, excluded: labelsOf(Int32Array.from(row[u].excluded), unit.officers), assigned: expected });
    });
  });

  const section: UnsealedMatching = {
    pseudonyms: PSEUDONYM_SCHEME,
    perBusiness,
    workloadCap,
    units: units.map(({ unitCode, officers }) => ({ unitCode, officers })),
    businesses: draw.drawn.map(({ uscc }, i) => ({ uscc, units: honest[i] })),
  };
  const seal = sealMatching(section);
  if (value.matchingSha256 !== seal) problems.add('matching.matchingSha256', seal, describe(value.matchingSha256));
  return seal;
}
