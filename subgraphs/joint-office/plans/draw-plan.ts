// Drawing a draft plan: take its inputs (from its seal, or — for an unsealed plan — gathered
// through the graph now), draw with the seed, match inspectors, schedule the joint visits, and
// save everything (plan → drawn, draw, tasks, audit) in one transaction. Any failure saves
// nothing, but every attempt, failed or not, gets the next number in the plan's public record.
import { randomBytes } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { ErrorCode, graphError } from '../../../lib/errors';
import { ALGORITHM, VERSION, buildDrawDocument, canonicalSeedProblem, documentTextWithHead, matchInspectors, matchingSection, withMatching, DrawError } from '../draw';
import { sha256Hex } from '../store/sql-util';
import type { NewPlanTask, OfficeStore, SaveDrawResult } from '../store';
import { invalidState } from './errors';
import type { PopulationReport } from './population';
import { spreadDates } from './schedule';
import { gatherDrawInputs, resolveSeed, sealedDrawInputs, type DrawInputs } from './seal-plan';
import type { UnitReader } from './unit-reads';

export interface DrawPlanResult extends SaveDrawResult {
  population: PopulationReport;
  /** True when the office gave no seed and one was generated (and recorded with the draw). */
  seedGenerated: boolean;
  /** Units of a commit–reveal seal that did not reveal in time (the fallback rule applied). */
  withheld: string[];
}

/** A fresh seed: 128 bits from node:crypto, as 32 hex digits. */
export function generateSeed(): string {
  return randomBytes(16).toString('hex');
}

export function jointGroupIdOf(planId: string, uscc: string): string {
  return `${planId}/${uscc}`;
}

function errorCodeOf(error: unknown): string {
  if (error instanceof GraphQLError) return String(error.extensions.code ?? 'ERROR');
  if (error instanceof DrawError) return error.code;
  return (error as { code?: string }).code ?? 'ERROR';
}

export async function drawPlan(store: OfficeStore, reader: UnitReader, planId: string, actor: string, givenSeed?: string | null): Promise<DrawPlanResult> {
  const plan = await store.plans.requirePlan(planId);
  if (plan.state !== 'draft') throw invalidState(`Plan ${planId} is ${plan.state}; only a draft can be drawn`, { planId, state: plan.state });
  const seal = await store.seals.getSeal(planId);
  try {
    const result = await drawOnce(store, reader, planId, actor, givenSeed, seal);
    await store.seals.recordAttempt(planId, 'draw', actor, 'ok', {
      seed: result.draw.seed,
      documentSha256: result.draw.documentSha256,
      sealSha256: seal?.sealSha256 ?? null,
      withheld: result.withheld,
    });
    return result;
  } catch (error) {
    // A failed attempt leaves no draw, but it stays on the public record with its reason.
    await store.seals.recordAttempt(planId, 'draw', actor, errorCodeOf(error), { sealSha256: seal?.sealSha256 ?? null, message: (error as Error).message });
    throw error;
  }
}

async function drawOnce(
  store: OfficeStore,
  reader: UnitReader,
  planId: string,
  actor: string,
  givenSeed: string | null | undefined,
  seal: Awaited<ReturnType<OfficeStore['seals']['getSeal']>>,
): Promise<DrawPlanResult> {
  const plan = await store.plans.requirePlan(planId);
  let seed: string;
  let withheld: string[] = [];
  let inputs: DrawInputs;
  const seedGenerated = !seal && (givenSeed === undefined || givenSeed === null);
  if (seal) {
    if (givenSeed !== undefined && givenSeed !== null) throw graphError(ErrorCode.BAD_SEED, 'This plan is sealed: its seed comes from its seal rule, not from the caller', { reason: 'SEALED' });
    ({ seed, withheld } = await resolveSeed(store, plan, seal));
    inputs = await sealedDrawInputs(store, seal);
  } else {
    seed = seedGenerated ? generateSeed() : givenSeed!;
    const problem = canonicalSeedProblem(seed);
    if (problem) throw graphError(ErrorCode.BAD_SEED, `The seed is refused: ${problem.message}`, { ...problem });
    inputs = await gatherDrawInputs(reader, plan);
  }
  const { definition } = plan;
  const { frozen } = inputs;
  // The plan's pseudonym key: a sealed plan's was fixed at the seal (its hash is in the sealed inputs).
  const pseudonymKey = await store.pseudonyms.keyFor(planId, actor);
  if (inputs.pseudonymKeySha256 !== undefined && sha256Hex(pseudonymKey) !== inputs.pseudonymKeySha256) {
    throw graphError(ErrorCode.STORE_UNAVAILABLE, `The pseudonym key of plan ${planId} no longer matches its seal`, { planId });
  }
  const drawOnly = buildDrawDocument(frozen, {
    seed,
    ratios: definition.ratios,
    minTargets: definition.minTargets ?? null,
    maxTargets: definition.maxTargets ?? null,
  });
  if (drawOnly.drawn.length === 0) {
    throw graphError(ErrorCode.EMPTY_POPULATION, `The ratios draw no business from ${frozen.candidates.length} candidates`, { candidates: frozen.candidates.length });
  }

  const matching = matchInspectors({
    draw: { candidateSha256: drawOnly.candidateSha256, seed, drawn: drawOnly.drawn },
    units: inputs.specs,
    perBusiness: definition.inspectorsPerUnit,
    workloadCap: definition.workloadCap,
    periodEnd: definition.periodEnd,
    pseudonymKey,
  });
  // Published with the draw: the pseudonymous inputs and outcome of matching, so anyone can re-run it.
  const document = withMatching(drawOnly, matchingSection(matching));
  const officerPseudonyms = matching.evidence!.units.flatMap((unit) => unit.officers.map((pseudonym, k) => ({ unitCode: unit.unitCode, pseudonym, officerId: unit.officerIds[k] })));

  const dates = spreadDates(matching.assignments.length, definition.periodStart, definition.periodEnd);
  const tasks: NewPlanTask[] = [];
  const byBusiness: Record<string, Record<string, string[]>> = {};
  matching.assignments.forEach((assignment, i) => {
    byBusiness[assignment.uscc] = {};
    for (const { unitCode, inspectorIds } of assignment.units) {
      byBusiness[assignment.uscc][unitCode] = inspectorIds;
      tasks.push({ unitCode, uscc: assignment.uscc, items: definition.itemsByUnit[unitCode], inspectorIds, plannedOn: dates[i] });
    }
  });

  const saved = await store.draws.saveDraw(
    planId,
    {
      seed,
      candidatesSha256: document.candidateSha256,
      algorithm: ALGORITHM,
      algorithmVersion: String(VERSION),
      // Stored and published byte for byte: this exact text is what verify-draw re-checks. The
      // store fills in the head of its hash chain (verify-audit checks it).
      document: documentTextWithHead(document),
      matching: byBusiness,
      officerPseudonyms,
    },
    tasks,
    actor,
    { expectedVersion: plan.version },
  );
  return { ...saved, population: inputs.population, seedGenerated, withheld };
}
