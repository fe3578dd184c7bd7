// Commit, then draw. Sealing a draft freezes what its draw will use — the candidates (hashed),
// the matching inputs (hashed) and the rule the seed will come from — and publishes the seal
// with its time. Only then can the seed come into being: from the participating units'
// commit–reveal, or from a public source named in the seal. drawPlan reads the sealed inputs,
// never the live directories, so nothing about the draw's inputs can change after the seal.
import { OFFICE_CITY, dataCityOfCertificate } from '../../../config/divisions';
import { ErrorCode, graphError } from '../../../lib/errors';
import {
  commitmentOf,
  fitsTemplate,
  freezeCandidates,
  isCommitment,
  normaliseCode,
  secretProblem,
  seedFromReveals,
  serialiseCandidates,
  templateProblem,
  type Candidate,
  type FrozenPopulation,
  type UnitMatchSpec,
} from '../draw';
import type { Inspector, RiskClass } from '../../../platforms/data/model';
import { canonicalJson, sha256Hex } from '../store/sql-util';
import type { CommitmentRecord, JointPlanRecord, OfficeStore, SealRecord, SeedRule } from '../store';
import { checkItemsOnLists } from './draft';
import { invalidState } from './errors';
import { gatherPopulation, type PopulationReport } from './population';
import type { UnitReader } from './unit-reads';

/** What a draw uses, whether fresh from the directories or restored from a seal. */
export interface DrawInputs {
  frozen: FrozenPopulation;
  population: PopulationReport;
  specs: UnitMatchSpec[];
  /** SHA-256 of the plan's pseudonym key as fixed at the seal (absent for an unsealed plan or an older seal). */
  pseudonymKeySha256?: string;
}

/** Reads the population and the units' directories through the graph. */
export async function gatherDrawInputs(reader: UnitReader, plan: JointPlanRecord): Promise<DrawInputs> {
  const { definition } = plan;
  const units = definition.participatingUnits;
  // Items are read again: a list may have changed since the draft.
  const specialties = await checkItemsOnLists(reader, definition.itemsByUnit);
  const population = await gatherPopulation(reader, plan.leadUnit, definition);
  const frozen = freezeCandidates(population.candidates);
  const directories = await reader.inspectorsOf(units);
  const specs: UnitMatchSpec[] = units.map((unitCode) => ({
    unitCode,
    // Not another city's officers: the units' platforms hold Suizhou's too (a certificate names the
    // city that issued it; one without a certificate cannot be matched anyway).
    inspectors: (directories.get(unitCode) ?? []).filter((inspector) => (dataCityOfCertificate(inspector.certificateNo) ?? OFFICE_CITY) === OFFICE_CITY),
    requiredSpecialties: specialties.get(unitCode) ?? [],
    lastInspectors: population.lastInspectors.get(unitCode),
  }));
  return { frozen, population: population.report, specs };
}

/**
 * The matching inputs as frozen: what matching reads, no names or phone numbers, and the hash of
 * the pseudonym key (the key orders the officers, so it may not change once the seal is public).
 */
function freezeMatchingInputs(specs: readonly UnitMatchSpec[], candidates: readonly Candidate[], pseudonymKeySha256: string): string {
  const codes = new Set(candidates.map((c) => c.uscc));
  return canonicalJson({
    pseudonymKeySha256,
    units: specs.map((spec) => ({
      unitCode: spec.unitCode,
      requiredSpecialties: [...spec.requiredSpecialties].sort(),
      inspectors: [...spec.inspectors]
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .map((i) => ({
          id: i.id,
          unitCode: i.unitCode,
          active: i.active,
          certificateNo: i.certificateNo,
          certificateValidUntil: i.certificateValidUntil,
          specialties: [...i.specialties].sort(),
          conflicts: [...new Set(i.conflicts.map(normaliseCode))].filter((c) => codes.has(c)).sort(),
        })),
      lastInspectors: Object.fromEntries(
        [...(spec.lastInspectors instanceof Map ? spec.lastInspectors : Object.entries(spec.lastInspectors ?? {}))]
          .filter(([uscc]) => codes.has(uscc))
          .sort(([a], [b]) => (a < b ? -1 : 1)),
      ),
    })),
  });
}

interface FrozenUnit {
  unitCode: string;
  requiredSpecialties: string[];
  inspectors: Omit<Inspector, 'name' | 'phone'>[];
  lastInspectors: Record<string, string[]>;
}

function restoreSpecs(matchingInputs: string): { specs: UnitMatchSpec[]; pseudonymKeySha256?: string } {
  const { units, pseudonymKeySha256 } = JSON.parse(matchingInputs) as { units: FrozenUnit[]; pseudonymKeySha256?: string };
  const specs = units.map((u) => ({
    unitCode: u.unitCode,
    requiredSpecialties: u.requiredSpecialties,
    inspectors: u.inspectors.map((i) => ({ ...i, name: '', phone: '' })),
    lastInspectors: u.lastInspectors,
  }));
  return { specs, pseudonymKeySha256 };
}

function restoreCandidates(text: string): FrozenPopulation {
  const list: Candidate[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const comma = line.indexOf(',');
    list.push({ uscc: line.slice(0, comma), riskClass: line.slice(comma + 1) as RiskClass });
  }
  return freezeCandidates(list);
}

/** The text the seal hash covers, one field per line. */
export function sealText(planId: string, fields: { candidatesSha256: string; candidates: number; matchingInputsSha256: string; seedRule: SeedRule; sealedAt: string }): string {
  return [
    'shuangsuiji-seal',
    `plan:${planId}`,
    `candidate-sha256:${fields.candidatesSha256}`,
    `candidates:${fields.candidates}`,
    `matching-inputs-sha256:${fields.matchingInputsSha256}`,
    `seed-rule:${canonicalJson(fields.seedRule)}`,
    `sealed-at:${fields.sealedAt}`,
  ].join('\n') + '\n';
}

function badSeed(reason: string, message: string, extra: Record<string, unknown> = {}) {
  return graphError(ErrorCode.BAD_SEED, message, { reason, ...extra });
}

function notReady(message: string, extra: Record<string, unknown> = {}) {
  return graphError(ErrorCode.SEED_NOT_READY, message, extra);
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

function instant(field: string, text: string): string {
  const time = Date.parse(text);
  if (!ISO_INSTANT.test(text) || Number.isNaN(time)) throw graphError(ErrorCode.BAD_INPUT, `${field} must be an ISO 8601 time with offset, e.g. 2026-01-06T12:00:00+08:00`, { field });
  return new Date(time).toISOString();
}

/** Checks a seed rule given by the office and puts it in its stored form. */
export function normaliseSeedRule(rule: { kind: string; revealBy?: string | null; source?: string | null; format?: string | null; availableAfter?: string | null }, now: Date): SeedRule {
  if (rule.kind === 'commit_reveal') {
    const revealBy = instant('seedRule.revealBy', rule.revealBy ?? '');
    if (Date.parse(revealBy) <= now.getTime()) throw graphError(ErrorCode.BAD_INPUT, 'seedRule.revealBy must be in the future', { field: 'seedRule.revealBy' });
    return { kind: 'commit_reveal', revealBy };
  }
  const source = (rule.source ?? '').trim();
  if (source.length < 4 || source.length > 500) throw graphError(ErrorCode.BAD_INPUT, 'seedRule.source must name the public source (4–500 characters)', { field: 'seedRule.source' });
  const format = rule.format ?? '';
  const problem = templateProblem(format);
  if (problem) throw graphError(ErrorCode.BAD_INPUT, `seedRule.format ${problem}`, { field: 'seedRule.format' });
  const availableAfter = instant('seedRule.availableAfter', rule.availableAfter ?? '');
  if (Date.parse(availableAfter) <= now.getTime()) throw graphError(ErrorCode.BAD_INPUT, 'seedRule.availableAfter must be in the future (a value known at the seal could be chosen)', { field: 'seedRule.availableAfter' });
  return { kind: 'public_source', source, format, availableAfter };
}

/** Seals a draft: gathers and freezes the inputs, stores and publishes the seal. */
export async function sealPlan(store: OfficeStore, reader: UnitReader, plan: JointPlanRecord, seedRule: SeedRule, actor: string): Promise<SealRecord> {
  if (plan.state !== 'draft') throw invalidState(`Plan ${plan.id} is ${plan.state}; only a draft can be sealed`, { planId: plan.id, state: plan.state });
  if (await store.seals.getSeal(plan.id)) throw invalidState(`Plan ${plan.id} is sealed already`, { planId: plan.id, state: 'sealed' });
  const inputs = await gatherDrawInputs(reader, plan);
  if (inputs.frozen.candidates.length === 0) throw graphError(ErrorCode.EMPTY_POPULATION, 'No business is eligible for this plan', { candidates: 0 });
  const candidates = serialiseCandidates(inputs.frozen.candidates);
  const key = await store.pseudonyms.keyFor(plan.id, actor);
  const matchingInputs = freezeMatchingInputs(inputs.specs, inputs.frozen.candidates, sha256Hex(key));
  const fields = {
    candidatesSha256: inputs.frozen.sha256,
    candidates: inputs.frozen.candidates.length,
    matchingInputsSha256: sha256Hex(matchingInputs),
    seedRule,
    sealedAt: new Date().toISOString(),
  };
  return store.seals.saveSeal(
    plan.id,
    { ...fields, sealSha256: sha256Hex(sealText(plan.id, fields)), candidates, matchingInputs, population: inputs.population },
    actor,
  );
}

/** The inputs a sealed plan's draw uses, checked against the seal's hashes. */
export async function sealedDrawInputs(store: OfficeStore, seal: SealRecord): Promise<DrawInputs> {
  const stored = (await store.seals.getSealedInputs(seal.planId))!;
  const frozen = restoreCandidates(stored.candidates);
  if (frozen.sha256 !== seal.candidatesSha256 || sha256Hex(stored.matchingInputs) !== seal.matchingInputsSha256) {
    throw graphError(ErrorCode.STORE_UNAVAILABLE, `The sealed inputs of plan ${seal.planId} no longer match the seal`, { planId: seal.planId });
  }
  return { frozen, population: seal.population as PopulationReport, ...restoreSpecs(stored.matchingInputs) };
}

function requireCommitReveal(seal: SealRecord | null, planId: string): asserts seal is SealRecord & { seedRule: { kind: 'commit_reveal'; revealBy: string } } {
  if (!seal || seal.seedRule.kind !== 'commit_reveal') throw invalidState(`Plan ${planId} is not sealed for commit–reveal`, { planId });
}

/** A participating unit commits SHA-256 of its secret, after the seal and before the deadline. */
export async function commitSeed(store: OfficeStore, plan: JointPlanRecord, unitCode: string, commitment: string, actor: string, now = new Date()): Promise<CommitmentRecord> {
  const seal = await store.seals.getSeal(plan.id);
  requireCommitReveal(seal, plan.id);
  if (plan.state !== 'draft') throw invalidState(`Plan ${plan.id} is ${plan.state}; commitments close with the draw`, { planId: plan.id, state: plan.state });
  if (now.getTime() >= Date.parse(seal.seedRule.revealBy)) throw graphError(ErrorCode.BAD_REVEAL, `The deadline ${seal.seedRule.revealBy} has passed`, { reason: 'LATE', revealBy: seal.seedRule.revealBy });
  if (!isCommitment(commitment)) throw badSeed('FORMAT', 'A commitment is SHA-256 in 64 lower-case hex digits (printf %s SECRET | sha256sum)');
  return store.seals.commit(plan.id, unitCode, commitment, actor);
}

/** A unit reveals its secret, once every unit has committed and before the deadline. */
export async function revealSeed(store: OfficeStore, plan: JointPlanRecord, unitCode: string, secret: string, actor: string, now = new Date()): Promise<CommitmentRecord> {
  const seal = await store.seals.getSeal(plan.id);
  requireCommitReveal(seal, plan.id);
  if (plan.state !== 'draft') throw invalidState(`Plan ${plan.id} is ${plan.state}; reveals close with the draw`, { planId: plan.id, state: plan.state });
  if (now.getTime() >= Date.parse(seal.seedRule.revealBy)) throw graphError(ErrorCode.BAD_REVEAL, `The deadline ${seal.seedRule.revealBy} has passed; the unit counts as not revealed`, { reason: 'LATE', revealBy: seal.seedRule.revealBy });
  const commitments = await store.seals.commitments(plan.id);
  const missing = plan.definition.participatingUnits.filter((u) => !commitments.some((c) => c.unitCode === u));
  if (missing.length > 0) throw notReady(`Reveals open once every unit has committed; waiting for ${missing.join(', ')}`, { missingCommitments: missing });
  const problem = secretProblem(secret);
  if (problem) throw badSeed('FORMAT', `The secret ${problem}`);
  const own = commitments.find((c) => c.unitCode === unitCode)!;
  if (commitmentOf(secret) !== own.commitment) throw graphError(ErrorCode.BAD_REVEAL, `The secret does not hash to ${unitCode}'s commitment`, { reason: 'MISMATCH', commitment: own.commitment });
  return store.seals.reveal(plan.id, unitCode, secret, actor);
}

/** The office (or lead) enters the public source's value, after it is available. */
export async function enterPublicValue(store: OfficeStore, plan: JointPlanRecord, value: string, actor: string, now = new Date()): Promise<SealRecord> {
  const seal = await store.seals.getSeal(plan.id);
  if (!seal || seal.seedRule.kind !== 'public_source') throw invalidState(`Plan ${plan.id} is not sealed for a public source`, { planId: plan.id });
  if (plan.state !== 'draft') throw invalidState(`Plan ${plan.id} is ${plan.state}`, { planId: plan.id, state: plan.state });
  if (now.getTime() < Date.parse(seal.seedRule.availableAfter)) throw notReady(`The public source is available after ${seal.seedRule.availableAfter}`, { availableAfter: seal.seedRule.availableAfter });
  if (!fitsTemplate(value, seal.seedRule.format)) throw badSeed('FORMAT', `The value does not fit the format committed at the seal: ${seal.seedRule.format}`, { format: seal.seedRule.format });
  return store.seals.setPublicValue(plan.id, value, actor);
}

export interface ResolvedSeed {
  seed: string;
  /** Units that did not reveal in time (the fallback rule applied); empty otherwise. */
  withheld: string[];
}

/** The seed of a sealed plan per its rule, or SEED_NOT_READY. */
export async function resolveSeed(store: OfficeStore, plan: JointPlanRecord, seal: SealRecord, now = new Date()): Promise<ResolvedSeed> {
  if (seal.seedRule.kind === 'public_source') {
    if (seal.publicValue === null) throw notReady(`Enter the value of ${seal.seedRule.source} first`, { availableAfter: seal.seedRule.availableAfter });
    return { seed: seal.publicValue, withheld: [] };
  }
  const commitments = await store.seals.commitments(plan.id);
  const units = plan.definition.participatingUnits;
  const reveals = units.map((unitCode) => ({ unitCode, secret: commitments.find((c) => c.unitCode === unitCode)?.secret ?? null }));
  const withheld = reveals.filter((r) => r.secret === null).map((r) => r.unitCode);
  if (withheld.length > 0 && now.getTime() < Date.parse(seal.seedRule.revealBy)) {
    throw notReady(`Waiting for ${withheld.join(', ')} until ${seal.seedRule.revealBy}`, { waitingFor: withheld, revealBy: seal.seedRule.revealBy });
  }
  return { seed: seedFromReveals(seal.sealSha256, reveals), withheld };
}
