// Where a draw's seed comes from, so that no single party controls it (RFC 3797 in spirit):
//  - commit–reveal among the participating units: each unit commits SHA-256(secret) after the
//    seal, reveals the secret once every unit has committed; the seed is
//      SHA-256( "shuangsuiji-commit-reveal|1|" + sealSha256 + "|" + "<unit>=<secret or ->" joined by "," in unit order )
//    as lower-case hex. A unit that has not revealed by the deadline is recorded publicly and
//    counts as "-" (the published fallback rule): the seed stays unpredictable to everyone as
//    long as one unit kept its secret to itself until revealing.
//  - a public source named in advance: a description (e.g. the numbers of a named lottery on a
//    named date) and a format template fixed at the seal; the value is entered afterwards and
//    must fit the template; the seed is the value exactly.
// Seeds typed by people follow the canonical rule in canonicalSeedProblem.
import { createHash } from 'node:crypto';
import { seedProblem } from './random';

export const COMMIT_REVEAL_PREFIX = 'shuangsuiji-commit-reveal|1|';
/** A unit's secret: 32–128 lower-case hex digits (128–512 bits), e.g. `openssl rand -hex 16`. */
const SECRET = /^[0-9a-f]{32,128}$/;
const HEX64 = /^[0-9a-f]{64}$/;

export function secretProblem(secret: string): string | null {
  return SECRET.test(secret) ? null : 'must be 32 to 128 lower-case hex digits (openssl rand -hex 16)';
}

export function isCommitment(text: string): boolean {
  return HEX64.test(text);
}

/** What a unit commits: SHA-256 of its secret's text (`printf %s SECRET | sha256sum`). */
export function commitmentOf(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export interface Reveal {
  unitCode: string;
  /** Null when the unit did not reveal in time. */
  secret: string | null;
}

/** The seed of a commit–reveal draw; reveals in the plan's unit order. */
export function seedFromReveals(sealSha256: string, reveals: readonly Reveal[]): string {
  const text = COMMIT_REVEAL_PREFIX + sealSha256 + '|' + reveals.map((r) => `${r.unitCode}=${r.secret ?? '-'}`).join(',');
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

// Format templates of a public source: `N` one ASCII digit, `A` one upper-case ASCII letter,
// any other printable ASCII character stands for itself. E.g. `NN NN NN NN NN NN+NN`.
const TEMPLATE = /^[\x20-\x7e]{1,200}$/;

export function templateProblem(template: string): string | null {
  if (!TEMPLATE.test(template) || template.includes('|')) return 'must be 1–200 printable ASCII characters without "|"';
  if (!/[NA]/.test(template)) return 'must hold at least one N (digit) or A (letter)';
  return null;
}

export function fitsTemplate(value: string, template: string): boolean {
  if (value.length !== template.length) return false;
  for (let i = 0; i < value.length; i++) {
    const want = template[i];
    const got = value.charCodeAt(i);
    if (want === 'N' ? !(got >= 48 && got <= 57) : want === 'A' ? !(got >= 65 && got <= 90) : value[i] !== want) return false;
  }
  return true;
}

/** Letters and digits a typed seed must hold at least (≥ 33 bits even if all are digits). */
export const MIN_SEED_ALPHANUMERICS = 10;

export interface SeedRuleProblem {
  /** TOO_SHORT, NOT_CANONICAL or FORBIDDEN_CHARACTER. */
  reason: 'TOO_SHORT' | 'NOT_CANONICAL' | 'FORBIDDEN_CHARACTER';
  message: string;
  /** Index (UTF-16) and code point of the first refused character, when one is. */
  position?: number;
  codePoint?: string;
}

const CJK_IDEOGRAPH = /\p{Script=Han}/u;

/**
 * The canonical form of a seed typed by a person (office or public source): NFC; only printable
 * ASCII (U+0020–U+007E, not `|`) and Han ideographs (for labels such as 公开摇号); single spaces
 * between words, none at the ends; at least MIN_SEED_ALPHANUMERICS ASCII letters or digits.
 * Refused: invisible and format characters (U+200B, U+202E, U+FEFF …), controls (C0 and C1),
 * full-width and other look-alike forms of ASCII, non-ASCII spaces.
 */
export function canonicalSeedProblem(seed: string): SeedRuleProblem | null {
  const basic = seedProblem(seed);
  if (basic) return { reason: 'FORBIDDEN_CHARACTER', message: `the seed ${basic}` };
  let index = 0;
  for (const char of seed) {
    const code = char.codePointAt(0)!;
    const printable = code >= 0x20 && code <= 0x7e && char !== '|';
    if (!printable && !CJK_IDEOGRAPH.test(char)) {
      return { reason: 'FORBIDDEN_CHARACTER', message: `character U+${code.toString(16).toUpperCase().padStart(4, '0')} at ${index} is not allowed in a seed (printable ASCII and Han ideographs only)`, position: index, codePoint: `U+${code.toString(16).toUpperCase().padStart(4, '0')}` };
    }
    index += char.length;
  }
  if (seed.normalize('NFC') !== seed) return { reason: 'NOT_CANONICAL', message: 'the seed is not in Unicode NFC' };
  if (seed !== seed.trim() || seed.includes('  ')) return { reason: 'NOT_CANONICAL', message: 'no spaces at the ends of a seed, and single spaces between words' };
  const alphanumerics = seed.replace(/[^0-9A-Za-z]/g, '').length;
  if (alphanumerics < MIN_SEED_ALPHANUMERICS) {
    return { reason: 'TOO_SHORT', message: `a seed needs at least ${MIN_SEED_ALPHANUMERICS} ASCII letters or digits (got ${alphanumerics})` };
  }
  return null;
}
