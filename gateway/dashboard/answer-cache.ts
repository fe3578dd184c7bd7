// Whole answers of the dashboard's read operations, kept while the data behind them stays the
// same: the key holds the version of all views together (bumped in the shared cache by every
// change a unit's view or the office's visit index applies), the operation, its variables and
// the day (a default as-of day moves at midnight). Concurrent misses share one request; only
// complete answers are kept, so a page opened while units sync keeps seeing their progress.
// Answers are kept as bytes: a report is ~70 KiB of mostly Chinese text, and encoding it to
// UTF-8 again for every response was a quarter of the route's CPU at 50 clients.
import { LRUCache } from 'lru-cache';
import { chinaDay } from '../../lib/workdays';

/** Operations whose answers depend only on the data and the variables (not links that expire). */
const CACHEABLE = new Set(['DashboardReport', 'IndicatorList', 'Alerts']);
const KEPT_ANSWERS = 64;

export interface CachedAnswer {
  status: number;
  /** The answer's JSON as UTF-8. */
  body: Buffer;
}

const DATA_START = Buffer.from('{"data":');

export class AnswerCache {
  private readonly answers = new LRUCache<string, CachedAnswer>({ max: KEPT_ANSWERS });
  private readonly inFlight = new Map<string, Promise<CachedAnswer>>();

  constructor(private readonly version: () => Promise<string | undefined>) {}

  /** `role`: answers differ per role (a department sees its own unit), never per token. */
  async answer(role: string, operationName: string, variables: object, fetchAnswer: () => Promise<CachedAnswer>): Promise<CachedAnswer> {
    if (!CACHEABLE.has(operationName)) return fetchAnswer();
    const version = await this.version().catch(() => undefined);
    if (version === undefined) return fetchAnswer();
    const key = `${version}|${today()}|${role}|${operationName}|${canonical(variables)}`;
    const kept = this.answers.get(key);
    if (kept) return kept;
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = fetchAnswer().then((answer) => {
        // An incomplete answer (a unit syncing, a part unread) is asked again next time.
        const complete = !answer.body.includes('"errors":') && !answer.body.includes('"complete":false');
        const data = answer.body.subarray(0, DATA_START.length).equals(DATA_START);
        if (answer.status === 200 && data && complete) this.answers.set(key, answer);
        return answer;
      });
      this.inFlight.set(key, pending);
      void pending.finally(() => this.inFlight.delete(key)).catch(() => undefined);
    }
    return pending;
  }
}

/** China's day, read at most once a second (it keys every kept answer). */
let day = { text: '', until: 0 };
function today(): string {
  const now = Date.now();
  if (now >= day.until) day = { text: chinaDay(new Date(now)), until: now + 1000 };
  return day.text;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && v !== null);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
