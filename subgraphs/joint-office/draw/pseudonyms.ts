// Pseudonymous officer ids of the published matching. Each plan has its own secret key (256
// random bits, kept by the office, fixed at the seal), so the same officer has unrelated
// pseudonyms in two plans and nobody without the key can tell who a pseudonym is:
//
//   pseudonym = first 16 hex digits of HMAC-SHA256(key, UTF-8 of `<unitCode>|<officerId>`)
//
// 64 bits: a collision among a unit's officers is refused (BAD_MATCHING_INPUT), never guessed around.
import { createHmac } from 'node:crypto';

export const PSEUDONYM_SCHEME = 'hmac-sha256-64';

export const PSEUDONYM = /^[0-9a-f]{16}$/;

const KEY = /^[0-9a-f]{64}$/;

export function isPseudonymKey(key: unknown): key is string {
  return typeof key === 'string' && KEY.test(key);
}

/** A function from officer id to pseudonym, for one plan's key and one unit. */
export function pseudonymiser(key: string, unitCode: string): (officerId: string) => string {
  const secret = Buffer.from(key, 'hex');
  return (officerId) => createHmac('sha256', secret).update(`${unitCode}|${officerId}`, 'utf8').digest().toString('hex', 0, 8);
}
