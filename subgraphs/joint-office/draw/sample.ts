// Credit-risk differentiated sampling of the frozen population.
//
// Target count per class (rule `half-up/largest-remainder`):
//  1. Each ratio is an exact number of parts per million (at most 6 decimals; ppm = ratio × 10^6).
//  2. k_c = round half up of ppm_c × n_c / 10^6, in integer arithmetic, where n_c is the
//     number of candidates of class c (so 2.5 → 3, 2.4999… → 2; a class of 0 gives 0).
//  3. If a minimum M is given and Σk < M: the total is raised to min(M, N) (N = population);
//     the extra is shared among classes in proportion to their undrawn members n_c − k_c.
//     If a maximum X is given and Σk > X: the total is lowered to X, shared in proportion to k_c.
//     Sharing uses the largest-remainder method (exact integers); equal remainders go to the
//     riskier class first (D, C, B, A). A class never gets more than n_c nor, when lowering,
//     more than its k_c.
// Draw: for each class, its members in candidate order m_0 … m_{n−1}; for i = 0 … k−1,
// j = i + uniform(n − i) from stream `sample/<class>`, swap m_i and m_j (partial Fisher–Yates);
// the drawn are m_0 … m_{k−1}. The result of all classes is ordered by credit code.
import { RISK_CLASSES, type RiskClass, type SamplingRatios } from '../../../platforms/data/model';
import { classIndices, countClassIndices, emptyCounts, type Candidate, type ClassCounts } from './candidates';
import { DrawError, DrawErrorCode } from './errors';
import { DrawStream, assertSeed, sampleStreamName } from './random';

export const ROUNDING_RULE = 'half-up/largest-remainder';
export const DEFAULT_RATIOS: Readonly<SamplingRatios> = Object.freeze({ A: 0.05, B: 0.2, C: 0.6, D: 1 });

const PPM = 1_000_000;
/** Tie-break order of the largest-remainder method: riskier classes first. */
const TIE_ORDER: readonly RiskClass[] = ['D', 'C', 'B', 'A'];

export interface SamplingParams {
  seed: string;
  ratios: SamplingRatios;
  /** Minimum total of drawn businesses (raised proportionally, capped at the population). */
  minTargets?: number | null;
  /** Maximum total of drawn businesses (lowered proportionally). */
  maxTargets?: number | null;
}

export interface SampleOutcome {
  /** Ordered by credit code. */
  drawn: Candidate[];
  targets: ClassCounts;
}

/** The ratio in parts per million; throws RATIO_OUT_OF_RANGE or RATIO_TOO_PRECISE. */
export function ratioToPpm(riskClass: RiskClass, ratio: unknown): number {
  if (typeof ratio !== 'number' || !Number.isFinite(ratio) || ratio < 0 || ratio > 1) {
    throw new DrawError(DrawErrorCode.RATIO_OUT_OF_RANGE, `Ratio of class ${riskClass} must be a number in [0, 1], got ${String(ratio)}`, { riskClass, ratio });
  }
  const ppm = Math.round(ratio * PPM);
  if (ppm / PPM !== ratio) {
    throw new DrawError(DrawErrorCode.RATIO_TOO_PRECISE, `Ratio of class ${riskClass} must have at most 6 decimals, got ${ratio}`, { riskClass, ratio });
  }
  return ppm;
}

function assertTargetBounds(min: number | null | undefined, max: number | null | undefined): void {
  for (const [name, value] of [['minTargets', min], ['maxTargets', max]] as const) {
    if (value != null && (!Number.isSafeInteger(value) || value < 0)) {
      throw new DrawError(DrawErrorCode.BAD_TARGET_COUNTS, `${name} must be an integer ≥ 0, got ${value}`, { [name]: value });
    }
  }
  if (min != null && max != null && min > max) {
    throw new DrawError(DrawErrorCode.BAD_TARGET_COUNTS, `minTargets ${min} exceeds maxTargets ${max}`, { minTargets: min, maxTargets: max });
  }
}

/** Largest-remainder apportionment of `total` in proportion to `weights` (Σweights > 0). */
function apportion(total: number, weights: ClassCounts): ClassCounts {
  const sum = BigInt(RISK_CLASSES.reduce((s, c) => s + weights[c], 0));
  const shares = emptyCounts();
  const remainders = new Map<RiskClass, bigint>();
  let given = 0;
  for (const c of RISK_CLASSES) {
    const scaled = BigInt(total) * BigInt(weights[c]);
    shares[c] = Number(scaled / sum);
    remainders.set(c, scaled % sum);
    given += shares[c];
  }
  const byRemainder = [...TIE_ORDER].sort((a, b) => {
    const ra = remainders.get(a)!;
    const rb = remainders.get(b)!;
    return ra === rb ? TIE_ORDER.indexOf(a) - TIE_ORDER.indexOf(b) : ra > rb ? -1 : 1;
  });
  for (let i = 0; given < total; i++, given++) shares[byRemainder[i]]++;
  return shares;
}

/** The number to draw from each class under the documented rounding rule. */
export function targetCounts(
  counts: Readonly<ClassCounts>,
  ratios: SamplingRatios,
  minTargets?: number | null,
  maxTargets?: number | null,
): ClassCounts {
  assertTargetBounds(minTargets, maxTargets);
  const targets = emptyCounts();
  for (const c of RISK_CLASSES) {
    const scaled = ratioToPpm(c, ratios[c]) * counts[c] + PPM / 2;
    targets[c] = (scaled - (scaled % PPM)) / PPM;
  }
  const total = RISK_CLASSES.reduce((s, c) => s + targets[c], 0);
  const population = RISK_CLASSES.reduce((s, c) => s + counts[c], 0);
  if (minTargets != null && total < Math.min(minTargets, population)) {
    const headroom = emptyCounts();
    for (const c of RISK_CLASSES) headroom[c] = counts[c] - targets[c];
    const extra = apportion(Math.min(minTargets, population) - total, headroom);
    for (const c of RISK_CLASSES) targets[c] += extra[c];
  } else if (maxTargets != null && total > maxTargets) {
    return apportion(maxTargets, targets);
  }
  return targets;
}

/** Draws `k` of the given member indices by partial Fisher–Yates; returns the chosen indices. */
function partialFisherYates(members: Int32Array, k: number, stream: DrawStream): Int32Array {
  const n = members.length;
  for (let i = 0; i < k; i++) {
    const j = i + stream.uniform(n - i);
    const held = members[i];
    members[i] = members[j];
    members[j] = held;
  }
  return members.subarray(0, k);
}

/**
 * Draws from a candidate list exactly as given (ordered by the caller). `candidateSha256` keys
 * the generator; `classes`, when the caller has them, are classIndices(candidates). Used by both
 * the draw and its verification.
 */
export function drawFromCandidates(
  candidates: readonly Candidate[],
  candidateSha256: string,
  params: SamplingParams,
  classes?: Uint8Array,
): SampleOutcome {
  if (candidates.length === 0) throw new DrawError(DrawErrorCode.EMPTY_POPULATION, 'The candidate population is empty');
  assertSeed(params.seed);
  const classOf = classes ?? classIndices(candidates);
  const counts = countClassIndices(classOf);
  const targets = targetCounts(counts, params.ratios, params.minTargets, params.maxTargets);

  const members = RISK_CLASSES.map((c) => new Int32Array(counts[c]));
  const filled = new Int32Array(4);
  for (let i = 0; i < classOf.length; i++) {
    const c = classOf[i];
    members[c][filled[c]++] = i;
  }
  const chosen = new Int32Array(RISK_CLASSES.reduce((s, c) => s + targets[c], 0));
  let at = 0;
  for (const [index, c] of RISK_CLASSES.entries()) {
    if (targets[c] === 0) continue;
    const stream = new DrawStream(candidateSha256, params.seed, sampleStreamName(c));
    chosen.set(partialFisherYates(members[index], targets[c], stream), at);
    at += targets[c];
  }
  chosen.sort();
  return { drawn: Array.from(chosen, (i) => candidates[i]), targets };
}
