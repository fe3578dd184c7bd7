// Prometheus metrics of this process (prom-client): one registry per process, served at
// /metrics by every GraphQL server (lib/graphql-http.ts). When the whole system runs in one
// process, the gateway's /metrics shows the subgraphs' and platforms' figures too.
// Labels stay bounded: operation names are normalised and capped, no ids ever become labels.
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

// Seconds; from a cached lookup (~1 ms) to the office's long operations (60 s).
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** Operations answered per label set since graphql_requests_total was last read. */
interface PendingCount {
  labels: { server: string; operation: string; outcome: string };
  count: number;
}
const pendingRequests: PendingCount[] = [];

export const graphqlRequests = new Counter({
  name: 'graphql_requests_total',
  help: 'GraphQL operations answered, by server, operation name and outcome (ok or the first error code)',
  labelNames: ['server', 'operation', 'outcome'] as const,
  registers: [registry],
  // Counted per request in plain numbers (requestCounter), added here when the metric is read.
  collect() {
    for (const pending of pendingRequests) {
      if (pending.count === 0) continue;
      this.inc(pending.labels, pending.count);
      pending.count = 0;
    }
  },
});

/**
 * One label set of graphql_requests_total, counted by `count++`: prom-client builds and hashes
 * the label text on every inc, which showed in profiles of every request; here that happens
 * once per label set and scrape.
 */
export function requestCounter(labels: PendingCount['labels']): { count: number } {
  const pending: PendingCount = { labels, count: 0 };
  pendingRequests.push(pending);
  return pending;
}

export const graphqlDuration = new Histogram({
  name: 'graphql_request_duration_seconds',
  help: 'Time to answer a GraphQL operation, by server and operation name',
  labelNames: ['server', 'operation'] as const,
  buckets: BUCKETS,
  registers: [registry],
});

export const httpRefusals = new Counter({
  name: 'http_refusals_total',
  help: 'Requests refused before any operation ran (body limit, rate limit, bad token), by server and code',
  labelNames: ['server', 'code'] as const,
  registers: [registry],
});

export const queryLimitRefusals = new Counter({
  name: 'gateway_query_limit_refusals_total',
  help: 'Operations refused by a query limit at the gateway (depth, aliases, directives, cost)',
  labelNames: ['limit'] as const,
  registers: [registry],
});

export const subgraphFetchDuration = new Histogram({
  name: 'gateway_subgraph_fetch_duration_seconds',
  help: 'Time of one fetch from the gateway to a subgraph',
  labelNames: ['subgraph'] as const,
  buckets: BUCKETS,
  registers: [registry],
});

export const subgraphFetchErrors = new Counter({
  name: 'gateway_subgraph_fetch_errors_total',
  help: 'Failed fetches from the gateway to a subgraph, by reason (timeout, unreachable, http_<status>)',
  labelNames: ['subgraph', 'reason'] as const,
  registers: [registry],
});

export const platformCallDuration = new Histogram({
  name: 'platform_call_duration_seconds',
  help: 'Time of one call from a subgraph to its agency platform',
  labelNames: ['platform'] as const,
  buckets: BUCKETS,
  registers: [registry],
});

export const platformCallErrors = new Counter({
  name: 'platform_call_errors_total',
  help: 'Failed calls to an agency platform, by reason (timeout, unreachable, http_5xx, bad_answer, cursor_expired)',
  labelNames: ['platform', 'reason'] as const,
  registers: [registry],
});

export const cacheLookups = new Counter({
  name: 'cache_lookups_total',
  help: 'Cache keys looked up, by backend (memory, redis) and result (hit, miss, error)',
  labelNames: ['backend', 'result'] as const,
  registers: [registry],
});

export const entityCacheLookups = new Counter({
  name: 'gateway_entity_cache_lookups_total',
  help: 'Entities the gateway looked up in its entity cache, by subgraph and result (hit; miss: absent, expired or kept under an older data version)',
  labelNames: ['subgraph', 'result'] as const,
  registers: [registry],
});

const MAX_OPERATION_NAMES = 200;
const seenOperations = new Set<string>();
/** Labels of the (short) names already asked, so a repeated name is not cleaned again; bounded like the labels. */
const labelsByName = new Map<string, string>();

/**
 * A label for an operation name: anonymous when absent, at most 64 name characters, and no more
 * than 200 distinct names per process (later ones count as `other`): clients choose names.
 */
export function operationLabel(name: string | null | undefined): string {
  if (!name) return 'anonymous';
  const known = labelsByName.get(name);
  if (known !== undefined) return known;
  const clean = name.replace(/[^A-Za-z0-9_]/g, '').slice(0, 64) || 'anonymous';
  let label = 'other';
  if (seenOperations.has(clean) || seenOperations.size < MAX_OPERATION_NAMES) {
    seenOperations.add(clean);
    label = clean;
  }
  if (name.length <= 128 && labelsByName.size < 4 * MAX_OPERATION_NAMES) labelsByName.set(name, label);
  return label;
}
