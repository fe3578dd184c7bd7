// The deterministic generator of the draw (documented so anyone can re-implement it).
//
//   block_i = SHA-256( UTF-8 of `${ALGORITHM}|${VERSION}|${candidateSha256}|${seed}|${stream}|${i}` )
//
// for i = 0, 1, 2, … written in decimal. Each 32-byte block is consumed as eight unsigned
// 32-bit big-endian integers, in order. A uniform integer in [0, n) is drawn by rejection:
// take the next uint32 u; accept when u < 2^32 − (2^32 mod n) and return u mod n, otherwise
// take the next one (no modulo bias). Every draw consumes at least one uint32, even n = 1.
//
// Streams are named, so each part of the draw has its own sequence and changing one part
// cannot shift another: `sample/A` … `sample/D` for the business draw of each risk class,
// `match/<unitCode>` for each unit's inspector matching.
import type { RiskClass } from '../../../platforms/data/model';
import { DrawError, DrawErrorCode } from './errors';
import { Sha256Prefix } from './sha256';

export const ALGORITHM = 'shuangsuiji-sha256-ctr';
export const VERSION = 1;

const TWO_POW_32 = 0x1_0000_0000;
const MAX_SEED_LENGTH = 1000;
// `|` separates the fields of the block input; control characters (C0 and C1), invisible and
// format characters (zero-width, bidirectional overrides, BOM) and line/paragraph separators make
// a seed read differently from what is hashed.
const FORBIDDEN_SEED_CHARS = /[|\u0000-\u001f\u007f-\u009f\p{Cf}\p{Zl}\p{Zp}]/u;

/** Why a seed is unusable, or null when it is fine. */
export function seedProblem(seed: unknown): string | null {
  if (typeof seed !== 'string') return 'must be a string';
  if (seed.length === 0) return 'must not be empty';
  if (seed.length > MAX_SEED_LENGTH) return `must be at most ${MAX_SEED_LENGTH} characters`;
  if (FORBIDDEN_SEED_CHARS.test(seed)) return 'must not contain "|", control, invisible or format characters';
  if (seed.normalize('NFC') !== seed) return 'must be in Unicode NFC';
  return null;
}

export function assertSeed(seed: string): void {
  const problem = seedProblem(seed);
  if (problem) throw new DrawError(DrawErrorCode.BAD_SEED, `Seed ${problem}`, { seed });
}

export function sampleStreamName(riskClass: RiskClass): string {
  return `sample/${riskClass}`;
}

export function matchStreamName(unitCode: string): string {
  return `match/${unitCode}`;
}

/** One named stream of the generator. */
export class DrawStream {
  /** SHA-256 with the block input's fixed part hashed once (sha256.ts: why not node:crypto). */
  private readonly sha: Sha256Prefix;
  /** The current block's 32 bytes, read as eight big-endian words. */
  private readonly block = new Uint8Array(32);
  private readonly words = new DataView(this.block.buffer);
  private offset = 8;
  private counter = 0;
  /** The counter in decimal, ASCII. */
  private readonly digits = new Uint8Array(20);

  constructor(candidateSha256: string, seed: string, stream: string) {
    this.sha = new Sha256Prefix(Buffer.from(`${ALGORITHM}|${VERSION}|${candidateSha256}|${seed}|${stream}|`, 'utf8'));
  }

  /** The number of SHA-256 blocks produced so far (for benchmarks and tests). */
  get blocksUsed(): number {
    return this.counter;
  }

  nextUint32(): number {
    if (this.offset === 8) {
      this.sha.digestInto(this.digits, decimal(this.counter, this.digits), this.block);
      this.counter++;
      this.offset = 0;
    }
    return this.words.getUint32(4 * this.offset++);
  }

  /** A uniform integer in [0, n), 1 ≤ n ≤ 2^32, by rejection sampling. */
  uniform(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) throw new RangeError(`uniform(${n}): n must be an integer in [1, 2^32]`);
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    for (;;) {
      const u = this.nextUint32();
      if (u < limit) return u % n;
    }
  }
}

/** Writes n (a safe integer ≥ 0) in decimal ASCII into digits; returns how many. */
function decimal(n: number, digits: Uint8Array): number {
  let length = 1;
  for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) length++;
  for (let k = length - 1, rest = n; k >= 0; k--, rest = Math.floor(rest / 10)) digits[k] = 0x30 + (rest % 10);
  return length;
}
