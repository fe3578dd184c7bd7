// Pseudonymous officer ids of the published matching. Each plan has its own secret key (256
// random bits, kept by the office, fixed at the seal), so the same officer has unrelated
// pseudonyms in two plans and nobody without the key can tell who a pseudonym is:
//
//   pseudonym = first 16 hex digits of HMAC-SHA256(key, UTF-8 of `<unitCode>|<officerId>`)
//
// 64 bits: a collision among a unit's officers is refused (BAD_MATCHING_INPUT), never guessed around.
import { createHash } from 'node:crypto';
import { Sha256Prefix } from './sha256';

export const PSEUDONYM_SCHEME = 'hmac-sha256-64';

export const PSEUDONYM = /^[0-9a-f]{16}$/;

const KEY = /^[0-9a-f]{64}$/;

export function isPseudonymKey(key: unknown): key is string {
  return typeof key === 'string' && KEY.test(key);
}

/**
 * A function from officer id to pseudonym, for one plan's key and one unit. HMAC-SHA256 (RFC 2104)
 * with the padded key's inner and outer blocks hashed once (sha256.ts: a matching names thousands
 * of officers, and a node:crypto Hmac per officer costs more than the hashing).
 */
export function pseudonymiser(key: string, unitCode: string): (officerId: string) => string {
  const raw = Buffer.from(key, 'hex');
  const padded = new Uint8Array(64);
  padded.set(raw.length > 64 ? createHash('sha256').update(raw).digest() : raw);
  const inner = new Sha256Prefix(padded.map((byte) => byte ^ 0x36));
  const outer = new Sha256Prefix(padded.map((byte) => byte ^ 0x5c));
  const digest = Buffer.alloc(32);
  return (officerId) => {
    const message = Buffer.from(`${unitCode}|${officerId}`, 'utf8');
    inner.digestInto(message, message.length, digest);
    outer.digestInto(digest, 32, digest);
    return digest.toString('hex', 0, 8);
  };
}
