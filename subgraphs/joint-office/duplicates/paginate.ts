// Cursor pagination over an already sorted list. A cursor carries the sort key of the last node
// seen (not its position), so a page stays correct when earlier nodes disappear, e.g. after a
// merge; it also names its list, so a cursor of another list is refused.
import { ErrorCode } from '../../../lib/errors';
import { DuplicatesError } from './errors';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export type SortKey = (string | number)[];

export interface PageArgs {
  first?: number;
  after?: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

/** A list's name and its ascending sort key (descending fields negated). */
export interface PagedList<T> {
  name: string;
  sortKey(node: T): SortKey;
  /** The type of each sort-key field, to refuse forged cursors. */
  shape: readonly ('string' | 'number')[];
}

export function compareKeys(a: SortKey, b: SortKey): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] < b[i]) return -1;
    if (a[i] > b[i]) return 1;
  }
  return 0;
}

export function encodeCursor(list: string, key: SortKey): string {
  return Buffer.from(JSON.stringify({ l: list, k: key }), 'utf8').toString('base64url');
}

function badCursor(): DuplicatesError {
  return new DuplicatesError(ErrorCode.BAD_CURSOR, 'the cursor was not issued for this list');
}

export function decodeCursor(list: string, cursor: string, shape: readonly ('string' | 'number')[]): SortKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (typeof parsed !== 'object' || parsed === null) throw badCursor();
  const { l, k } = parsed as { l?: unknown; k?: unknown };
  if (l !== list || !Array.isArray(k) || k.length !== shape.length) throw badCursor();
  if (k.some((value, i) => typeof value !== shape[i] || (typeof value === 'number' && !Number.isFinite(value)))) throw badCursor();
  return k as SortKey;
}

export function paginate<T>(sorted: readonly T[], args: PageArgs, list: PagedList<T>): Connection<T> {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new DuplicatesError(ErrorCode.PAGE_SIZE_TOO_LARGE, `first must be an integer in 1..${MAX_PAGE_SIZE} (got ${first})`);
  }
  let start = 0;
  if (args.after) {
    const after = decodeCursor(list.name, args.after, list.shape);
    // Binary search: the first node sorted strictly after the cursor's key.
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareKeys(list.sortKey(sorted[middle]), after) <= 0) low = middle + 1;
      else high = middle;
    }
    start = low;
  }
  const nodes = sorted.slice(start, start + first);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(list.name, list.sortKey(node)), node }));
  return {
    edges,
    pageInfo: { hasNextPage: start + first < sorted.length, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
    totalCount: sorted.length,
  };
}
