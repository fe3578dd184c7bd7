// The credit system's data, indexed once at start-up so lookups stay cheap at city scale
// (600k businesses): a map by credit code, the registry sorted by code for keyset paging, a
// per-division slice for the commonest filter, and publications by business and by task.
import type { Dataset, Enterprise, Publication, RegistrationStatus, RiskClass } from '../data/model';

export interface EnterpriseFilter {
  divisionCode?: string;
  /** Leading digits of the GB/T 4754 class. */
  industryPrefix?: string;
  riskClass?: RiskClass;
  status?: RegistrationStatus;
  /** Substring of the name. */
  nameContains?: string;
}

export interface SearchPage {
  items: Enterprise[];
  nextAfter: string | null;
  total: number;
}

const byCode = (a: { uscc: string }, b: { uscc: string }) => (a.uscc < b.uscc ? -1 : a.uscc > b.uscc ? 1 : 0);
// Instants may carry different offsets (+08:00, Z), so compare them as instants, not text.
const byTime = (a: Publication, b: Publication) =>
  Date.parse(a.publishedAt) - Date.parse(b.publishedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const MAX_REMEMBERED_TOTALS = 1000;

function matches(enterprise: Enterprise, filter: EnterpriseFilter): boolean {
  if (filter.divisionCode && enterprise.divisionCode !== filter.divisionCode) return false;
  if (filter.industryPrefix && !enterprise.industryCode.startsWith(filter.industryPrefix)) return false;
  if (filter.status && enterprise.status !== filter.status) return false;
  if (filter.riskClass && enterprise.riskHistory.at(-1)?.riskClass !== filter.riskClass) return false;
  if (filter.nameContains && !enterprise.name.includes(filter.nameContains)) return false;
  return true;
}

/** Index of the first entry whose code is greater than `after` (binary search). */
function firstAfter(sorted: readonly Enterprise[], after: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle].uscc <= after) low = middle + 1;
    else high = middle;
  }
  return low;
}

export class CreditStore {
  private readonly enterprises = new Map<string, Enterprise>();
  private readonly sorted: Enterprise[];
  private readonly byDivision = new Map<string, Enterprise[]>();
  private readonly publicationsByCode = new Map<string, Publication[]>();
  private readonly publicationsByTask = new Map<string, Publication>();
  private readonly publicationIds = new Set<string>();
  /** Every publication in the order it joined the store: the publication feed. */
  private readonly publicationLog: Publication[] = [];
  /** Totals per filter: the registry does not change while the stand-in runs. */
  private readonly totals = new Map<string, number>();

  constructor(dataset: Pick<Dataset, 'enterprises' | 'publications'>) {
    this.sorted = [...dataset.enterprises].sort(byCode);
    for (const enterprise of this.sorted) {
      this.enterprises.set(enterprise.uscc, enterprise);
      const slice = this.byDivision.get(enterprise.divisionCode);
      if (slice) slice.push(enterprise);
      else this.byDivision.set(enterprise.divisionCode, [enterprise]);
    }
    for (const publication of [...dataset.publications].sort(byTime)) this.addPublication(publication);
  }

  get size(): number {
    return this.sorted.length;
  }

  enterprise(uscc: string): Enterprise | undefined {
    return this.enterprises.get(uscc);
  }

  /** Keyset page: entries matching `filter` with codes greater than `after`, in code order. */
  search(filter: EnterpriseFilter, after: string | undefined, limit: number): SearchPage {
    const candidates = filter.divisionCode ? (this.byDivision.get(filter.divisionCode) ?? []) : this.sorted;
    const items: Enterprise[] = [];
    let index = after === undefined ? 0 : firstAfter(candidates, after);
    for (; index < candidates.length && items.length < limit; index++) {
      if (matches(candidates[index], filter)) items.push(candidates[index]);
    }
    // A next page exists only if another match follows; look ahead for one.
    let hasMore = false;
    for (; index < candidates.length && !hasMore; index++) hasMore = matches(candidates[index], filter);
    return { items, nextAfter: hasMore ? items[items.length - 1].uscc : null, total: this.total(filter, candidates) };
  }

  private total(filter: EnterpriseFilter, candidates: readonly Enterprise[]): number {
    const key = JSON.stringify([filter.divisionCode, filter.industryPrefix, filter.riskClass, filter.status, filter.nameContains]);
    let total = this.totals.get(key);
    if (total === undefined) {
      total = 0;
      for (const enterprise of candidates) if (matches(enterprise, filter)) total += 1;
      if (this.totals.size >= MAX_REMEMBERED_TOTALS) this.totals.clear();
      this.totals.set(key, total);
    }
    return total;
  }

  publications(uscc: string): readonly Publication[] {
    return this.publicationsByCode.get(uscc) ?? [];
  }

  /** Publications from position `start` of the feed (dataset ones first, by time; then as published). */
  publicationFeed(start: number, limit: number): { items: Publication[]; end: number; total: number } {
    const items = this.publicationLog.slice(start, start + limit);
    return { items, end: start + items.length, total: this.publicationLog.length };
  }

  publicationOfTask(taskId: string): Publication | undefined {
    return this.publicationsByTask.get(taskId);
  }

  /** A fresh publication id, never used before in this store. */
  newPublicationId(taskId: string): string {
    const base = `GS-${taskId}`;
    let id = base;
    for (let n = 2; this.publicationIds.has(id); n++) id = `${base}-${n}`;
    return id;
  }

  addPublication(publication: Publication): void {
    const list = this.publicationsByCode.get(publication.uscc);
    if (list) {
      list.push(publication);
      // Publications arrive in time order, except one published with an earlier pubTime.
      if (list.length > 1 && byTime(list[list.length - 2], publication) > 0) list.sort(byTime);
    } else this.publicationsByCode.set(publication.uscc, [publication]);
    this.publicationsByTask.set(publication.taskId, publication);
    this.publicationIds.add(publication.id);
    this.publicationLog.push(publication);
  }
}
