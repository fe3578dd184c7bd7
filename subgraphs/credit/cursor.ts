// Opaque cursors of searchEnterprises. A cursor carries the credit code of the last entry of a
// page (the platform pages by key) and a fingerprint of the filter it was issued for, so a
// cursor presented with another filter, or not issued here at all, is refused with BAD_CURSOR.
import { createHash } from 'node:crypto';
import { ErrorCode, graphError } from '../../lib/errors';
import { isValidUscc } from '../../lib/uscc';

const VERSION = 'ent1';

/** Stable fingerprint of a filter: same filter fields, same fingerprint. */
export function filterFingerprint(filter: Record<string, string | undefined>): string {
  const canonical = Object.keys(filter)
    .sort()
    .filter((key) => filter[key] !== undefined && filter[key] !== '')
    .map((key) => `${key}=${filter[key]}`)
    .join('&');
  return createHash('sha256').update(canonical).digest('hex').slice(0, 12);
}

export function encodeCursor(fingerprint: string, uscc: string): string {
  return Buffer.from(`${VERSION}:${fingerprint}:${uscc}`, 'utf8').toString('base64url');
}

/** The credit code a cursor points after; throws BAD_CURSOR when it is not one of ours for this filter. */
export function decodeCursor(cursor: string, fingerprint: string): string {
  const text = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const match = /^([a-z0-9]+):([0-9a-f]{12}):([0-9A-Z]{18})$/.exec(text);
  if (!match || match[1] !== VERSION || !isValidUscc(match[3])) {
    throw graphError(ErrorCode.BAD_CURSOR, `Cursor "${cursor.slice(0, 40)}" was not issued by searchEnterprises`);
  }
  if (match[2] !== fingerprint) {
    throw graphError(ErrorCode.BAD_CURSOR, 'Cursor belongs to a search with another filter; start again without `after`');
  }
  return match[3];
}
