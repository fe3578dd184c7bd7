// The frozen candidate population of a draw.
//
// Canonical serialisation (what `candidateSha256` hashes): for each candidate in order, one
// line `${uscc},${riskClass}\n` (e.g. `91350100M000100Y43,B\n`), UTF-8, no header, the last
// line also ends in `\n`. Candidates are ordered by credit code, bytewise ascending (codes are
// ASCII, so this is also JavaScript's `<` on strings), with no duplicates.
import { createHash } from 'node:crypto';
import { RISK_CLASSES, type RiskClass } from '../../../platforms/data/model';
import { usccProblem } from '../../../lib/uscc';
import { DrawError, DrawErrorCode } from './errors';

export interface Candidate {
  readonly uscc: string;
  readonly riskClass: RiskClass;
}

export type ClassCounts = Record<RiskClass, number>;

export interface FrozenPopulation {
  /** Ordered by uscc, bytewise ascending, no duplicates. */
  readonly candidates: readonly Candidate[];
  /** SHA-256 (lower-case hex) of the canonical serialisation. */
  readonly sha256: string;
  readonly counts: Readonly<ClassCounts>;
}

const LINES_PER_CHUNK = 8192;

export function isRiskClass(value: unknown): value is RiskClass {
  return value === 'A' || value === 'B' || value === 'C' || value === 'D';
}

export function emptyCounts(): ClassCounts {
  return { A: 0, B: 0, C: 0, D: 0 };
}

/** The canonical serialisation as one string (convenient for small lists and documentation). */
export function serialiseCandidates(candidates: readonly Candidate[]): string {
  let text = '';
  for (const c of candidates) text += `${c.uscc},${c.riskClass}\n`;
  return text;
}

/** SHA-256 hex of the canonical serialisation of the list exactly as given (no sorting). */
export function hashCandidates(candidates: readonly Candidate[]): string {
  const hash = createHash('sha256');
  let chunk = '';
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i];
    chunk += `${c.uscc},${c.riskClass}\n`;
    if ((i + 1) % LINES_PER_CHUNK === 0) {
      hash.update(chunk, 'utf8');
      chunk = '';
    }
  }
  hash.update(chunk, 'utf8');
  return hash.digest('hex');
}

export function countByClass(candidates: readonly Candidate[]): ClassCounts {
  const counts = emptyCounts();
  for (const c of candidates) counts[c.riskClass]++;
  return counts;
}

/** Index of the first candidate not strictly after its predecessor, or -1 when ordered. */
export function firstOrderBreak(candidates: readonly { uscc: string }[]): number {
  for (let i = 1; i < candidates.length; i++) if (!(candidates[i - 1].uscc < candidates[i].uscc)) return i;
  return -1;
}

function compareUscc(a: Candidate, b: Candidate): number {
  return a.uscc < b.uscc ? -1 : a.uscc > b.uscc ? 1 : 0;
}

/**
 * Freezes a population: validates every entry, orders by credit code, rejects duplicates and
 * hashes the canonical serialisation. Throws EMPTY_POPULATION, INVALID_USCC,
 * INVALID_RISK_CLASS or DUPLICATE_CANDIDATE.
 */
export function freezeCandidates(list: readonly { uscc: string; riskClass: RiskClass }[]): FrozenPopulation {
  if (list.length === 0) throw new DrawError(DrawErrorCode.EMPTY_POPULATION, 'The candidate population is empty');
  const candidates: Candidate[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const { uscc, riskClass } = list[i];
    const problem = typeof uscc === 'string' ? usccProblem(uscc) : 'length';
    if (problem) throw new DrawError(DrawErrorCode.INVALID_USCC, `Candidate ${i} has an invalid credit code (${problem})`, { index: i, uscc });
    if (!isRiskClass(riskClass)) {
      throw new DrawError(DrawErrorCode.INVALID_RISK_CLASS, `Candidate ${uscc} has risk class ${String(riskClass)}, not one of ${RISK_CLASSES.join(', ')}`, { uscc, riskClass });
    }
    candidates[i] = Object.freeze({ uscc, riskClass });
  }
  // Directories often arrive already ordered: check in O(n) before paying for a sort.
  if (firstOrderBreak(candidates) !== -1) candidates.sort(compareUscc);
  const duplicateAt = firstOrderBreak(candidates);
  if (duplicateAt !== -1) {
    const uscc = candidates[duplicateAt].uscc;
    throw new DrawError(DrawErrorCode.DUPLICATE_CANDIDATE, `Credit code ${uscc} appears more than once among the candidates`, { uscc });
  }
  return Object.freeze({
    candidates: Object.freeze(candidates),
    sha256: hashCandidates(candidates),
    counts: Object.freeze(countByClass(candidates)),
  });
}
