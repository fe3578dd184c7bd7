// Drawing a draft plan: gather the population through the graph, freeze it, draw with the seed,
// match inspectors from each unit's directory, schedule the joint visits, and save everything
// (plan → drawn, draw, tasks, audit) in one transaction. Any failure saves nothing.
import { randomBytes } from 'node:crypto';
import { ErrorCode, graphError } from '../../../lib/errors';
import { ALGORITHM, VERSION, buildDrawDocument, freezeCandidates, matchInspectors, seedProblem, type UnitMatchSpec } from '../draw';
import type { NewPlanTask, OfficeStore, SaveDrawResult } from '../store';
import { checkItemsOnLists } from './draft';
import { invalidState } from './errors';
import { gatherPopulation, type PopulationReport } from './population';
import { spreadDates } from './schedule';
import type { UnitReader } from './unit-reads';

export interface DrawPlanResult extends SaveDrawResult {
  population: PopulationReport;
  /** True when the office gave no seed and one was generated (and recorded with the draw). */
  seedGenerated: boolean;
}

/** A fresh seed: 128 bits from node:crypto, as 32 hex digits. */
export function generateSeed(): string {
  return randomBytes(16).toString('hex');
}

export function jointGroupIdOf(planId: string, uscc: string): string {
  return `${planId}/${uscc}`;
}

export async function drawPlan(store: OfficeStore, reader: UnitReader, planId: string, actor: string, givenSeed?: string | null): Promise<DrawPlanResult> {
  const plan = await store.plans.requirePlan(planId);
  if (plan.state !== 'draft') throw invalidState(`Plan ${planId} is ${plan.state}; only a draft can be drawn`, { planId, state: plan.state });
  const seedGenerated = givenSeed === undefined || givenSeed === null;
  const seed = seedGenerated ? generateSeed() : givenSeed;
  const problem = seedProblem(seed);
  if (problem) throw graphError(ErrorCode.BAD_INPUT, `The seed ${problem}`, { reason: 'BAD_SEED' });

  const { definition } = plan;
  const units = definition.participatingUnits;
  // Items are read again: a list may have changed since the draft.
  const specialties = await checkItemsOnLists(reader, definition.itemsByUnit);
  const population = await gatherPopulation(reader, plan.leadUnit, definition);
  const frozen = freezeCandidates(population.candidates);
  const document = buildDrawDocument(frozen, {
    seed,
    ratios: definition.ratios,
    minTargets: definition.minTargets ?? null,
    maxTargets: definition.maxTargets ?? null,
  });
  if (document.drawn.length === 0) {
    throw graphError(ErrorCode.EMPTY_POPULATION, `The ratios draw no business from ${frozen.candidates.length} candidates`, { candidates: frozen.candidates.length });
  }

  const directories = await reader.inspectorsOf(units);
  const specs: UnitMatchSpec[] = units.map((unitCode) => ({
    unitCode,
    inspectors: directories.get(unitCode) ?? [],
    requiredSpecialties: specialties.get(unitCode) ?? [],
    lastInspectors: population.lastInspectors.get(unitCode),
  }));
  const matching = matchInspectors({
    draw: { candidateSha256: document.candidateSha256, seed, drawn: document.drawn },
    units: specs,
    perBusiness: definition.inspectorsPerUnit,
    workloadCap: definition.workloadCap,
    periodEnd: definition.periodEnd,
  });

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
      // Stored and published byte for byte: this exact text is what verify-draw re-checks.
      document: JSON.stringify(document),
      matching: byBusiness,
    },
    tasks,
    actor,
    { expectedVersion: plan.version },
  );
  return { ...saved, population: population.report, seedGenerated };
}
