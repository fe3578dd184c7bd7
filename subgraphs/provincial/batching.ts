// Helpers shared by the platform adapters: splitting key batches to a platform's limit and
// putting the rows a batch endpoint returns back in the order of the keys asked for.

/** Distinct keys in first-seen order, cut into chunks of at most `size`. */
export function chunks(keys: readonly string[], size: number): string[][] {
  const distinct = [...new Set(keys)];
  const result: string[][] = [];
  for (let start = 0; start < distinct.length; start += size) result.push(distinct.slice(start, start + size));
  return result;
}

/** Runs `fetch` on every chunk of distinct keys in parallel and concatenates the rows. */
export async function fetchInChunks<Row>(keys: readonly string[], size: number, fetch: (chunk: string[]) => Promise<Row[]>): Promise<Row[]> {
  const parts = await Promise.all(chunks(keys, size).map(fetch));
  return parts.flat();
}

/** One value per key: the row whose key matches, or null. */
export function alignOne<Row>(keys: readonly string[], rows: readonly Row[], keyOf: (row: Row) => string): (Row | null)[] {
  const byKey = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => byKey.get(key) ?? null);
}

/** One list per key: the rows whose key matches, in the order the platform sent them. */
export function alignMany<Row>(keys: readonly string[], rows: readonly Row[], keyOf: (row: Row) => string): Row[][] {
  const byKey = new Map<string, Row[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = byKey.get(key);
    if (group) group.push(row);
    else byKey.set(key, [row]);
  }
  return keys.map((key) => byKey.get(key) ?? []);
}
