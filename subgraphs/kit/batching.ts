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

/** The values in order, cut into slices of at most `size` (no de-duplication: each is a write). */
export function slices<T>(values: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < values.length; start += size) result.push(values.slice(start, start + size));
  return result;
}

/** Runs `work` on every value with at most `limit` running at once; answers in order. */
export async function mapLimited<T, R>(values: readonly T[], limit: number, work: (value: T) => Promise<R>): Promise<R[]> {
  const answers: R[] = new Array(values.length);
  let next = 0;
  const worker = async () => {
    while (next < values.length) {
      const index = next++;
      answers[index] = await work(values[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, values.length) }, worker));
  return answers;
}
