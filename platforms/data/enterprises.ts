// The enterprise registry held by the credit information system: valid, unique USCCs, names,
// registration status, and a short credit-risk history (class changes only, 1-3 records).

import type { Division } from '../../config/divisions';
import { USCC_ALPHABET, usccCheckChar } from '../../lib/uscc';
import { addDays, dayNumber, isoDay, maxDay } from './dates';
import { INDUSTRIES, type Industry } from './industries';
import type { Enterprise, RegistrationStatus, RiskClass, RiskRecord } from './model';
import { address, businessName, personName, type EntityForm } from './names';
import { stream, type Place } from './places';
import { Rng, weightedPicker } from './random';

/** The day the registry snapshot is taken: the end of the generated year. */
export const SNAPSHOT_DAY = '2025-12-31';

const pickIndustry = weightedPicker(INDUSTRIES.map((i) => [i, i.weight] as const));
const pickStatus = weightedPicker<RegistrationStatus>([
  ['operating', 92.5], ['abnormal', 4], ['revoked', 1], ['deregistered', 2.5],
]);
const pickRisk = weightedPicker<RiskClass>([['A', 40], ['B', 35], ['C', 18], ['D', 7]]);
// Businesses listed as abnormal (经营异常) are seldom low-risk.
const pickAbnormalRisk = weightedPicker<RiskClass>([['A', 10], ['B', 30], ['C', 35], ['D', 25]]);

const ENTITY_TYPE: Record<EntityForm, string> = { company: '1', individual: '2', cooperative: '3' };

function entityForm(rng: Rng, industry: Industry): EntityForm {
  if (industry.form === 'company') return 'company';
  const roll = rng.next();
  if (industry.form === 'agri') return roll < 0.4 ? 'company' : roll < 0.7 ? 'individual' : 'cooperative';
  return roll < 0.5 ? 'company' : 'individual';
}

function newUscc(rng: Rng, form: EntityForm, division: Division, taken: Set<string>): string {
  for (;;) {
    const chars = ['9', ENTITY_TYPE[form], division.code];
    for (let i = 0; i < 9; i++) chars.push(USCC_ALPHABET[rng.int(0, USCC_ALPHABET.length - 1)]);
    const body = chars.join('');
    chars.push(usccCheckChar(body));
    // join() yields one flat string; repeated `+=` would keep a chain of rope nodes alive.
    const code = chars.join('');
    if (!taken.has(code)) {
      taken.add(code);
      return code;
    }
  }
}

function uniqueName(rng: Rng, place: Place, division: Division, industry: Industry, form: EntityForm, taken: Set<string>): string {
  for (let attempt = 0; attempt < 30; attempt++) {
    const name = businessName(rng, place, division, industry, form, attempt > 2);
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
  throw new Error('could not find a free business name');
}

/** Establishment day: recent years are more common (exponential age, mean about 7 years). */
function establishedOn(rng: Rng): string {
  const ageDays = Math.min(Math.floor(-Math.log(1 - rng.next()) * 2600), 35 * 365);
  return addDays(SNAPSHOT_DAY, -ageDays);
}

const firstOfMonth = (iso: string): string => `${iso.slice(0, 7)}-01`;
const recordCache = new Map<string, RiskRecord>();

/** Risk records are interned: a city has few distinct (class, month) pairs. */
function riskRecord(riskClass: RiskClass, classifiedOn: string): RiskRecord {
  const key = riskClass + classifiedOn;
  let record = recordCache.get(key);
  if (!record) {
    record = { riskClass, classifiedOn };
    recordCache.set(key, record);
  }
  return record;
}

function otherClass(rng: Rng, not: RiskClass): RiskClass {
  for (;;) {
    const riskClass = pickRisk(rng);
    if (riskClass !== not) return riskClass;
  }
}

function riskHistory(rng: Rng, established: string, current: RiskClass): RiskRecord[] {
  // Classified monthly: the first class takes effect on the 1st after registration (or 2023-01).
  const base = maxDay(established, '2023-01-01');
  const next = addDays(firstOfMonth(base), 32);
  const first = firstOfMonth(next) <= '2025-12-01' ? firstOfMonth(next) : base;
  const changes = first >= '2025-10-01' ? 0 : rng.chance(0.08) ? 2 : rng.chance(0.3) ? 1 : 0;
  const months = new Set<number>();
  const firstMonth = first.startsWith('2025') ? Number(first.slice(5, 7)) + 1 : 2;
  while (months.size < changes) months.add(rng.int(firstMonth, 12));
  const changeDays = [...months].sort((a, b) => a - b).map((m) => `2025-${String(m).padStart(2, '0')}-01`);
  const classes: RiskClass[] = [current];
  for (let i = 0; i < changes; i++) classes.unshift(otherClass(rng, classes[0]));
  return classes.map((riskClass, i) => riskRecord(riskClass, i === 0 ? first : changeDays[i - 1]));
}

/** The registry of one place: `count` businesses spread over its divisions by their shares. */
export function generateEnterprises(seed: number, place: Place, count: number): Enterprise[] {
  const rng = new Rng(seed, stream(place, 'enterprises'));
  const pickDivision = weightedPicker(place.divisions.map((d) => [d, place.shares[d.code] ?? 1] as const));
  const codes = new Set<string>();
  const names = new Set<string>();
  const enterprises: Enterprise[] = [];
  for (let i = 0; i < count; i++) {
    const division = pickDivision(rng);
    const industry = pickIndustry(rng);
    const form = entityForm(rng, industry);
    const status = pickStatus(rng);
    const established = establishedOn(rng);
    const enterprise: Enterprise = {
      uscc: newUscc(rng, form, division, codes),
      name: uniqueName(rng, place, division, industry, form, names),
      divisionCode: division.code,
      industryCode: industry.code,
      status,
      establishedOn: established,
      legalRepresentative: personName(rng),
      address: address(rng, place, division),
      riskHistory: riskHistory(rng, established, status === 'abnormal' ? pickAbnormalRisk(rng) : pickRisk(rng)),
    };
    if (status === 'revoked' || status === 'deregistered') {
      const open = dayNumber(established);
      const span = dayNumber(SNAPSHOT_DAY) - open;
      enterprise.closedOn = isoDay(open + Math.min(span, rng.int(30, Math.max(30, span))));
    }
    enterprises.push(enterprise);
  }
  return enterprises;
}

export function currentRiskClass(enterprise: Enterprise): RiskClass {
  return enterprise.riskHistory[enterprise.riskHistory.length - 1].riskClass;
}
