// Per-request DataLoaders of the credit subgraph. Registry entries and risk histories go
// through the shared cache (one MGET per batch, platform calls only for the misses, split by the
// client into calls of at most 100 codes); publications are read fresh because results are
// published while the graph runs.
import DataLoader from 'dataloader';
import type { Publication, RiskRecord } from '../../platforms/data/model';
import { cachedBatch, type Cache } from '../../lib/cache';
import { isValidUscc } from '../../lib/uscc';
import type { CreditPlatformClient, EnterprisePage, EnterpriseSearch, RegisteredEnterprise } from './client';

export const ENTERPRISE_KEY_PREFIX = 'credit:ent:';
export const RISK_KEY_PREFIX = 'credit:risk:';
export const DEFAULT_CREDIT_TTL_SECONDS = 300;

export interface CreditLoaderOptions {
  client: CreditPlatformClient;
  cache: Cache;
  /** How long registry entries and risk histories stay cached. */
  ttlSeconds?: number;
}

/** Answers null/empty for malformed codes without asking the platform, which cannot know them. */
function onlyValid<V>(codes: readonly string[], empty: V, load: (valid: string[]) => Promise<V[]>): Promise<V[]> {
  const valid = codes.filter(isValidUscc);
  if (valid.length === codes.length) return load(valid);
  return load(valid).then((values) => {
    const byCode = new Map(valid.map((code, index) => [code, values[index]]));
    return codes.map((code) => byCode.get(code) ?? empty);
  });
}

export class CreditLoaders {
  readonly enterprise: DataLoader<string, RegisteredEnterprise | null>;
  readonly riskHistory: DataLoader<string, RiskRecord[]>;
  readonly publications: DataLoader<string, Publication[]>;
  private readonly ttlSeconds: number;

  constructor(private readonly options: CreditLoaderOptions) {
    const { client, cache } = options;
    const ttl = (this.ttlSeconds = options.ttlSeconds ?? DEFAULT_CREDIT_TTL_SECONDS);
    // No maxBatchSize: the cache takes the whole batch and the client splits only the misses.
    this.enterprise = new DataLoader((codes) =>
      onlyValid<RegisteredEnterprise | null>(codes, null, (valid) =>
        cachedBatch(cache, valid, (code) => ENTERPRISE_KEY_PREFIX + code, (missing) => client.registry(missing), ttl),
      ),
    );
    this.riskHistory = new DataLoader((codes) =>
      onlyValid<RiskRecord[]>(codes, [], async (valid) => {
        const histories = await cachedBatch(cache, valid, (code) => RISK_KEY_PREFIX + code, (missing) => client.riskHistories(missing), ttl);
        return histories.map((history) => history ?? []);
      }),
    );
    this.publications = new DataLoader((codes) => onlyValid<Publication[]>(codes, [], (valid) => client.publicationsOf(valid)));
  }

  /** One page of a registry search; its entries also fill the loader and the cache. */
  async search(query: EnterpriseSearch): Promise<EnterprisePage> {
    const page = await this.options.client.search(query);
    for (const item of page.items) this.enterprise.prime(item.uscc, item);
    const entries = page.items.map((item) => [ENTERPRISE_KEY_PREFIX + item.uscc, JSON.stringify(item)] as const);
    // Best effort: a failing cache must not fail a search the platform answered.
    await this.options.cache.setMany(entries, this.ttlSeconds).catch(() => undefined);
    return page;
  }
}
