// Opaque cursors for the kit's connections. A cursor names the list, the unit and the filter
// it was issued for, so a cursor reused on another list or filter is refused, not misread. It
// is signed (HMAC-SHA256 of a server key), so a client can never make a platform see a cursor
// the graph did not issue.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ErrorCode, graphError } from '../../lib/errors';

interface CursorBody {
  v: 1;
  list: string;
  unit: string;
  filter: string;
  /** The platform's own cursor for the next page. */
  next: string;
}

// Random until the subgraph sets it from its configured secret: then every replica, and the
// same subgraph after a restart, accepts the cursors the others issued.
let key: Buffer = randomBytes(32);

/** Derives the signing key from a server secret (the JWT secret), not the secret itself. */
export function setCursorSecret(secret: string): void {
  key = createHmac('sha256', secret).update('ssj-cursor-v1').digest();
}

const sign = (payload: string) => createHmac('sha256', key).update(payload).digest().subarray(0, 16);

const filterKey = (filter: unknown) => createHash('sha1').update(JSON.stringify(filter ?? {})).digest('base64url').slice(0, 12);

export function encodeCursor(list: string, unit: string, filter: unknown, next: string): string {
  const body: CursorBody = { v: 1, list, unit, filter: filterKey(filter), next };
  const payload = Buffer.from(JSON.stringify(body)).toString('base64url');
  return `${payload}.${sign(payload).toString('base64url')}`;
}

const notIssued = () => graphError(ErrorCode.BAD_CURSOR, 'The cursor was not issued by this graph; start again without "after"');

/** The platform cursor inside `cursor`, or a BAD_CURSOR error saying why it was refused. */
export function decodeCursor(cursor: string, list: string, unit: string, filter: unknown): string {
  const [payload, signature, extra] = cursor.split('.');
  const mac = Buffer.from(signature ?? '', 'base64url');
  const expected = sign(payload);
  if (extra !== undefined || mac.length !== expected.length || !timingSafeEqual(mac, expected)) throw notIssued();
  let body: Partial<CursorBody>;
  try {
    body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<CursorBody>;
  } catch {
    throw notIssued();
  }
  if (body?.v !== 1 || typeof body.next !== 'string') throw notIssued();
  if (body.list !== list || body.unit !== unit || body.filter !== filterKey(filter)) {
    throw graphError(ErrorCode.BAD_CURSOR, 'The cursor belongs to another list, unit or filter; start again without "after"');
  }
  return body.next;
}
