// The inspector directory (执法检查人员名录库) of each unit and its certification roster:
// certificates (some expired, some missing), inactive officers, specialties taken from the
// unit's items, conflicts of interest (回避) with businesses of the unit's directory, and a
// few certified officers left out of the directory on purpose.

import { findUnit } from '../../config/units';
import { dayNumber } from './dates';
import type { UnitDirectory } from './directories';
import type { CertifiedOfficer, Inspector, Item } from './model';
import { mobilePhone, personName } from './names';
import { idTag, stream, type Place } from './places';
import { Rng, weightedPicker } from './random';

/** Number codes of the units that are not on the provincial platform (no provincialCode). */
const OTHER_UNIT_NUMBERS: Record<string, number> = { ecology: 116, emergency: 117, fire: 118 };

export interface InspectorPool {
  inspectors: Inspector[];
  certifiedOfficers: CertifiedOfficer[];
  missing: { unitCode: string; certificateNo: string }[];
  /** Parallel to inspectors. */
  conflictSets: Set<string>[];
  validUntilDay: number[];
  /** specialty → indexes of inspectors holding it */
  bySpecialty: Map<string, number[]>;
}

const pickConflictCount = weightedPicker([[0, 70], [1, 15], [2, 10], [3, 5]] as const);

function validUntil(rng: Rng): string {
  const roll = rng.next();
  const year = roll < 0.05 ? rng.int(2023, 2024) : roll < 0.13 ? 2025 : rng.int(2026, 2030);
  return `${year}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
}

/** A certificate number's start: the issuing city (first four digits of its code) and the unit's number. */
function certificatePrefix(place: Place, unitCode: string): string {
  const unitNumber = findUnit(unitCode)?.provincialCode ?? OTHER_UNIT_NUMBERS[unitCode] ?? 199;
  return `${place.code.slice(0, 4)}${unitNumber}`;
}

export function inspectorCount(directorySize: number): number {
  return Math.max(12, Math.round(directorySize / 150));
}

/**
 * A unit's officers in one place. Certificate numbers (执法证号) begin with the issuing city's
 * code (the first four digits of its GB/T 2260 code), which tells the places' rosters apart.
 */
export function buildInspectors(seed: number, place: Place, directory: UnitDirectory, items: readonly Item[]): InspectorPool {
  const unitCode = directory.unitCode;
  const rng = new Rng(seed, stream(place, `inspectors:${unitCode}`));
  const prefix = certificatePrefix(place, unitCode);
  let serial = 0;
  const nextCertificate = () => `${prefix}${String(++serial).padStart(6, '0')}`;
  const specialties = [...new Set(items.map((item) => item.specialty))];
  const count = inspectorCount(directory.entries.length);
  const pool: InspectorPool = {
    inspectors: [],
    certifiedOfficers: [],
    missing: [],
    conflictSets: [],
    validUntilDay: [],
    bySpecialty: new Map(specialties.map((s) => [s, []])),
  };
  for (let i = 0; i < count; i++) {
    // Round-robin first specialty so that every specialty of the unit has officers.
    const own = new Set([specialties[i % specialties.length]]);
    if (specialties.length > 1 && rng.chance(0.4)) own.add(rng.pick(specialties));
    // The first two officers of a unit are always able to inspect, so a draw never runs dry.
    const veteran = i < 2;
    const certified = veteran || !rng.chance(0.03);
    const conflicts = directory.entries.length
      ? [...new Set(Array.from({ length: pickConflictCount(rng) }, () => rng.pick(directory.entries).uscc))]
      : [];
    const inspector: Inspector = {
      id: `${unitCode}-${idTag(place)}R${String(i + 1).padStart(4, '0')}`,
      unitCode,
      name: personName(rng),
      phone: mobilePhone(rng),
      certificateNo: certified ? nextCertificate() : '',
      certificateValidUntil: veteran ? `2028-06-30` : certified ? validUntil(rng) : '',
      active: veteran || !rng.chance(0.04),
      specialties: [...own],
      conflicts,
    };
    pool.inspectors.push(inspector);
    pool.conflictSets.push(new Set(conflicts));
    pool.validUntilDay.push(certified ? dayNumber(inspector.certificateValidUntil) : -1);
    for (const specialty of own) pool.bySpecialty.get(specialty)?.push(i);
    if (certified) pool.certifiedOfficers.push({ unitCode, certificateNo: inspector.certificateNo, name: inspector.name });
  }
  // About 3% of the roster never made it into the inspector directory.
  const missingCount = Math.max(1, Math.round((pool.certifiedOfficers.length * 0.03) / 0.97));
  for (let i = 0; i < missingCount; i++) {
    const officer = { unitCode, certificateNo: nextCertificate(), name: personName(rng) };
    pool.certifiedOfficers.splice(rng.int(0, pool.certifiedOfficers.length), 0, officer);
    pool.missing.push({ unitCode, certificateNo: officer.certificateNo });
  }
  return pool;
}

function eligible(pool: InspectorPool, index: number, uscc: string, day: number): boolean {
  const inspector = pool.inspectors[index];
  return inspector.active && pool.validUntilDay[index] >= day && !pool.conflictSets[index].has(uscc);
}

/**
 * `count` distinct officers able to inspect `uscc` on `day`: active, certificate valid that
 * day, no conflict with the business; officers of `specialty` first. Throws if the unit has
 * too few officers, which would be a generator bug.
 */
export function pickInspectors(rng: Rng, pool: InspectorPool, specialty: string, uscc: string, day: number, count: number): string[] {
  const chosen: number[] = [];
  const specialists = pool.bySpecialty.get(specialty) ?? [];
  for (let attempt = 0; attempt < 30 && chosen.length < count && specialists.length; attempt++) {
    const index = rng.pick(specialists);
    if (!chosen.includes(index) && eligible(pool, index, uscc, day)) chosen.push(index);
  }
  if (chosen.length < count) {
    const start = rng.int(0, pool.inspectors.length - 1);
    for (let k = 0; k < pool.inspectors.length && chosen.length < count; k++) {
      const index = (start + k) % pool.inspectors.length;
      if (!chosen.includes(index) && eligible(pool, index, uscc, day)) chosen.push(index);
    }
  }
  if (chosen.length < count) throw new Error(`unit ${pool.inspectors[0]?.unitCode} lacks eligible inspectors`);
  return chosen.map((index) => pool.inspectors[index].id);
}

/** Officers of each specialty a unit has at least once its recruits joined (recruitInspectors). */
export const MIN_OFFICERS_PER_SPECIALTY = 6;

/**
 * Officers who joined after the sample years: certified, active, with no task behind them. A
 * small unit's roster (12 officers over several specialties) leaves three per specialty, and
 * the rotation rule (never the officers of a business's previous inspection) then leaves one for
 * a business inspected before, so no joint draw of the current year could staff it. Recruits
 * bring every specialty to MIN_OFFICERS_PER_SPECIALTY qualified officers. They are added after
 * the years' tasks are generated, from a stream of their own, so no earlier record changes.
 */
export function recruitInspectors(seed: number, place: Place, pool: InspectorPool, unitCode: string, items: readonly Item[]): void {
  const rng = new Rng(seed, stream(place, `recruits:${unitCode}`));
  const prefix = certificatePrefix(place, unitCode);
  let serial = 900_000; // certificates issued after the sample years, apart from earlier numbers
  for (const specialty of new Set(items.map((item) => item.specialty))) {
    const qualified = pool.inspectors.filter((i) => i.active && i.certificateNo !== '' && i.specialties.includes(specialty)).length;
    for (let n = qualified; n < MIN_OFFICERS_PER_SPECIALTY; n++) {
      const inspector: Inspector = {
        id: `${unitCode}-${idTag(place)}R${String(pool.inspectors.length + 1).padStart(4, '0')}`,
        unitCode,
        name: personName(rng),
        phone: mobilePhone(rng),
        certificateNo: `${prefix}${String(++serial).padStart(6, '0')}`,
        certificateValidUntil: '2030-12-31',
        active: true,
        specialties: [specialty],
        conflicts: [],
      };
      pool.inspectors.push(inspector);
      pool.certifiedOfficers.push({ unitCode, certificateNo: inspector.certificateNo, name: inspector.name });
    }
  }
}
