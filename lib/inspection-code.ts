// Inspection codes (检查码): one per task created through the graph, printed as a QR code and
// typed by hand, so short and without look-alike characters (no 0/O, 1/I/L). The first two
// characters name the unit (its position in config/units.ts), so a code finds its platform
// without any shared index; the other 14 are random (about 69 bits: unguessable, not enumerable).
import { randomBytes } from 'node:crypto';
import { MEMBER_UNITS } from '../config/units';

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const RANDOM_LENGTH = 14;
export const INSPECTION_CODE_LENGTH = 2 + RANDOM_LENGTH;
const PATTERN = new RegExp(`^[${ALPHABET}]{${INSPECTION_CODE_LENGTH}}$`);

function unitTag(unitCode: string): string {
  const index = MEMBER_UNITS.findIndex((unit) => unit.code === unitCode);
  if (index < 0) throw new Error(`unit ${unitCode} is not a member unit`);
  return ALPHABET[Math.floor(index / ALPHABET.length)] + ALPHABET[index % ALPHABET.length];
}

/** A new random code of a unit's task. */
export function newInspectionCode(unitCode: string): string {
  const bytes = randomBytes(RANDOM_LENGTH);
  let random = '';
  // 256 is not a multiple of 31: drop the bytes above the largest multiple so no character is favoured.
  const limit = 256 - (256 % ALPHABET.length);
  let index = 0;
  let pool = bytes;
  while (random.length < RANDOM_LENGTH) {
    if (index >= pool.length) {
      pool = randomBytes(RANDOM_LENGTH);
      index = 0;
    }
    const byte = pool[index++];
    if (byte < limit) random += ALPHABET[byte % ALPHABET.length];
  }
  return unitTag(unitCode) + random;
}

/** The code as typed (any case, spaces or dashes between groups) in canonical form, or null when it cannot be one. */
export function normalizeInspectionCode(text: string): string | null {
  const code = text.replace(/[\s-]/g, '').toUpperCase();
  return PATTERN.test(code) ? code : null;
}

/** The unit whose task a (normalized) code names, or undefined. */
export function unitOfInspectionCode(code: string): string | undefined {
  const index = ALPHABET.indexOf(code[0]) * ALPHABET.length + ALPHABET.indexOf(code[1]);
  return MEMBER_UNITS[index]?.code;
}

/** For people: four groups of four (the QR code holds the canonical form). */
export function formatInspectionCode(code: string): string {
  return code.match(/.{1,4}/g)!.join('-');
}
