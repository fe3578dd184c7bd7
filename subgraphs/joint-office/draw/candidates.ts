// The frozen candidate population of a draw.
//
// Canonical serialisation (what `candidateSha256` hashes): for each candidate in order, one
// line `${uscc},${riskClass}\n` (e.g. `91350100M000100Y43,B\n`), UTF-8, no header, the last
// line also ends in `\n`. Candidates are ordered by credit code, bytewise ascending (codes are
// ASCII, so this is also JavaScript's `<` on strings), with no duplicates.
import { createHash } from 'node:crypto';
import { RISK_CLASSES, type RiskClass } from '../../../platforms/data/model';
import { usccProblem } from '../../../lib/uscc';
import { allocateDigits, encodeUscc, sortedOrder } from './uscc-order';
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
  /** Class of each candidate as 0–3 (classIndices), kept from freezing: the draw need not read a million candidates again. */
  readonly classes?: Uint8Array;
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
  for (let i = 0; i < candidates.length; i++) text += `${candidates[i].uscc},${candidates[i].riskClass}\n`;
  return text;
}

/**
 * SHA-256 hex of the canonical serialisation of the list exactly as given (no sorting). Codes
 * must be ASCII (valid credit codes are), so the bytes are written directly, without strings.
 */
export function hashCandidates(candidates: readonly Candidate[]): string {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(LINES_PER_CHUNK * 64);
  let at = 0;
  for (let i = 0; i < candidates.length; i++) {
    const { uscc, riskClass } = candidates[i];
    if (at + uscc.length + 3 > buffer.length) {
      hash.update(buffer.subarray(0, at));
      at = 0;
    }
    for (let k = 0; k < uscc.length; k++) {
      const char = uscc.charCodeAt(k);
      if (char > 127) throw new RangeError(`Candidate ${i}: credit code is not ASCII`);
      buffer[at++] = char;
    }
    buffer[at++] = 0x2c; // ,
    buffer[at++] = riskClass.charCodeAt(0);
    buffer[at++] = 0x0a; // \n
  }
  hash.update(buffer.subarray(0, at));
  return hash.digest('hex');
}

/** Class of each candidate as 0–3 (A–D), in one pass: cheaper than keyed property access. */
export function classIndices(candidates: readonly Candidate[]): Uint8Array {
  const indices = new Uint8Array(candidates.length);
  for (let i = 0; i < candidates.length; i++) indices[i] = candidates[i].riskClass.charCodeAt(0) - 65;
  return indices;
}

export function countClassIndices(indices: Uint8Array): ClassCounts {
  const tally = new Float64Array(4);
  for (let i = 0; i < indices.length; i++) tally[indices[i]]++;
  return { A: tally[0], B: tally[1], C: tally[2], D: tally[3] };
}

export function countByClass(candidates: readonly Candidate[]): ClassCounts {
  return countClassIndices(classIndices(candidates));
}

/**
 * Freezes a population: validates every entry, orders by credit code, rejects duplicates and
 * hashes the canonical serialisation. Throws EMPTY_POPULATION, INVALID_USCC,
 * INVALID_RISK_CLASS or DUPLICATE_CANDIDATE.
 */
export function freezeCandidates(list: readonly { uscc: string; riskClass: RiskClass }[]): FrozenPopulation {
  if (list.length === 0) throw new DrawError(DrawErrorCode.EMPTY_POPULATION, 'The candidate population is empty');
  const digits = allocateDigits(list.length);
  for (let i = 0; i < list.length; i++) {
    const { uscc, riskClass } = list[i];
    if (typeof uscc !== 'string' || !encodeUscc(uscc, digits, i)) {
      const problem = typeof uscc === 'string' ? usccProblem(uscc) : 'not a string';
      throw new DrawError(DrawErrorCode.INVALID_USCC, `Candidate ${i} has an invalid credit code (${problem})`, { index: i, uscc });
    }
    if (!isRiskClass(riskClass)) {
      throw new DrawError(DrawErrorCode.INVALID_RISK_CLASS, `Candidate ${uscc} has risk class ${String(riskClass)}, not one of ${RISK_CLASSES.join(', ')}`, { uscc, riskClass });
    }
  }
  const order = sortedOrder(list, digits);
  for (let i = 1; i < order.length; i++) {
    if (list[order[i]].uscc === list[order[i - 1]].uscc) {
      const uscc = list[order[i]].uscc;
      throw new DrawError(DrawErrorCode.DUPLICATE_CANDIDATE, `Credit code ${uscc} appears more than once among the candidates`, { uscc });
    }
  }
  // Fresh objects allocated in candidate order: the caller's list stays theirs, and later
  // passes (hash, draw, JSON) walk memory in order.
  const candidates: Candidate[] = new Array(order.length);
  for (let i = 0; i < order.length; i++) {
    const { uscc, riskClass } = list[order[i]];
    candidates[i] = { uscc, riskClass };
  }
  // Not Object.freeze: V8 turns a frozen array of a million into slow dictionary elements.
  const classes = classIndices(candidates);
  return { candidates, sha256: hashCandidates(candidates), counts: countClassIndices(classes), classes };
}
