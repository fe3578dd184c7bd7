// Opaque cursors for the kit's connections. A cursor names the list, the unit and the filter
// it was issued for, so a cursor reused on another list or filter is refused, not misread.
import { createHash } from 'node:crypto';
import { ErrorCode, graphError } from '../../lib/errors';

interface CursorBody {
  v: 1;
  list: string;
  unit: string;
  filter: string;
  /** The platform's own cursor for the next page. */
  next: string;
}

const filterKey = (filter: unknown) => createHash('sha1').update(JSON.stringify(filter ?? {})).digest('base64url').slice(0, 12);

export function encodeCursor(list: string, unit: string, filter: unknown, next: string): string {
  const body: CursorBody = { v: 1, list, unit, filter: filterKey(filter), next };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

/** The platform cursor inside `cursor`, or a BAD_CURSOR error saying why it was refused. */
export function decodeCursor(cursor: string, list: string, unit: string, filter: unknown): string {
  let body: Partial<CursorBody>;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorBody>;
  } catch {
    throw graphError(ErrorCode.BAD_CURSOR, `Cursor "${cursor}" is malformed: it was not issued by this graph`);
  }
  if (body?.v !== 1 || typeof body.next !== 'string') {
    throw graphError(ErrorCode.BAD_CURSOR, `Cursor "${cursor}" is malformed: it was not issued by this graph`);
  }
  if (body.list !== list || body.unit !== unit || body.filter !== filterKey(filter)) {
    throw graphError(ErrorCode.BAD_CURSOR, `Cursor "${cursor}" belongs to another list or filter; start again without "after"`);
  }
  return body.next;
}
