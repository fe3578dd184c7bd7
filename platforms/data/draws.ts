// The random draw of businesses (随机抽取检查对象) for a plan: candidates are the directory
// entries of the plan's segments and divisions listed before the draw; risk-differentiated
// plans draw each credit-risk class at its own ratio, recorded on the plan.

import type { UnitDirectory } from './directories';
import { currentRiskClass } from './enterprises';
import { RISK_CLASSES, type Enterprise, type RiskClass, type SamplingRatios } from './model';
import type { DraftPlan } from './plans';
import { Rng } from './random';

/** Relative ratios per class (A ≤5%, B 5-20%, C 21-60%, D 61-100% in one county's rules). */
const BASE_RATIOS: SamplingRatios = { A: 0.03, B: 0.12, C: 0.35, D: 0.7 };

/** Share of a directory drawn in a year: ~6% of large directories, more of small ones. */
export function samplingRate(size: number): number {
  return size > 0 ? Math.min(0.5, 0.06 + 40 / size) : 0;
}

export function candidates(draft: DraftPlan, directory: UnitDirectory): number[] {
  const result: number[] = [];
  const { segmentOf, addedDay, entries } = directory;
  for (let i = 0; i < entries.length; i++) {
    if (draft.segments.has(segmentOf[i]) && addedDay[i] <= draft.drawnDay && draft.divisions.has(entries[i].divisionCode)) {
      result.push(i);
    }
  }
  return result;
}

const round4 = (value: number): number => Math.round(value * 10_000) / 10_000;

/** Draws about `target` of `pool` (entry indexes), by risk class when the plan has ratios. */
export function drawEntries(
  rng: Rng,
  draft: DraftPlan,
  directory: UnitDirectory,
  enterprises: readonly Enterprise[],
  pool: number[],
  target: number,
): number[] {
  const plan = draft.plan;
  if (!plan.ratios) return rng.sample(pool, Math.min(target, pool.length));
  const byClass: Record<RiskClass, number[]> = { A: [], B: [], C: [], D: [] };
  for (const entry of pool) byClass[currentRiskClass(enterprises[directory.enterpriseOf[entry]])].push(entry);
  const expected = RISK_CLASSES.reduce((sum, c) => sum + BASE_RATIOS[c] * byClass[c].length, 0);
  const factor = expected > 0 ? target / expected : 0;
  const drawn: number[] = [];
  for (const riskClass of RISK_CLASSES) {
    const ratio = round4(Math.min(1, BASE_RATIOS[riskClass] * factor));
    plan.ratios[riskClass] = ratio;
    drawn.push(...rng.sample(byClass[riskClass], Math.round(ratio * byClass[riskClass].length)));
  }
  return drawn;
}
