// Serves the joint-office subgraph.
import type { OfficeContext } from './builder';
import type { GraphClient } from './graph-client';
import type { Cache } from '../../lib/cache';
import { PlanRuntime } from './plans/runtime';
import type { RetryOptions } from './plans/retry-worker';
import { buildOfficeSchema } from './schema';
import type { OfficeStore } from './store';
import { serveSubgraph, type RunningService, type ServerSettings } from '../kit/serve';
import { DrawVerifier } from './plans/draw-verifier';
import { bumpViewsVersion } from '../kit/statistics/cache';
import { OfficeVisits } from './visit-index/runtime';
import type { OidcConfig } from '../../lib/oidc';
import { realClock, type Clock } from '../../lib/clock';

export interface OfficeSubgraphOptions {
  port?: number;
  graph: GraphClient;
  /** The HS256 key callers' tokens are verified with; it also signs download links of the statistics table. */
  jwtSecret: string;
  /** The OpenID Connect provider whose access tokens are accepted too. */
  oidc?: OidcConfig;
  /** The office's own records (joint plans); without it, joint-plan fields answer an error. */
  store?: OfficeStore;
  /** Closed with the service (when this process opened it). */
  ownsStore?: boolean;
  /** Dispatch retry worker timing (config/env.ts: DISPATCH_RETRY_*). */
  dispatchRetry: RetryOptions;
  /** The shared cache (Redis or in-process). */
  cache?: Cache;
  /** How often the visit index reads the units' change feeds (SYNC_INTERVAL_MS). */
  syncIntervalMs: number;
  log?(message: string): void;
  /** Leave the visit index's reader to the caller (`visits.start()`), e.g. until the gateway listens. */
  deferVisits?: boolean;
  /** GRAPHQL_DEV, MAX_BODY_BYTES. */
  server?: ServerSettings;
  /** Largest draw document verifyDraw re-checks (VERIFY_DRAW_MAX_BYTES). */
  verifyDrawMaxBytes: number;
  /** RATING_MIN_GROUP and NOTICE_WORKING_DAYS; defaults 5 and 3. */
  voice?: { minGroupSize: number; noticeWorkingDays: number };
  /** Today for the date rules; default the real day in China (OFFICE_TODAY pins it). */
  clock?: Clock;
}

export interface RunningOffice extends RunningService {
  visits: OfficeVisits;
}

export async function startOfficeSubgraph(options: OfficeSubgraphOptions): Promise<RunningOffice> {
  const { store, cache } = options;
  const plans = store && new PlanRuntime({ store, graph: options.graph, retry: options.dispatchRetry }).start();
  const visits = new OfficeVisits({
    graph: options.graph,
    repo: store?.visitIndex,
    leases: store?.leases,
    intervalMs: options.syncIntervalMs,
    // Answers cached whole (the gateway's dashboard) go when the index changes.
    onChange: cache ? () => bumpViewsVersion(cache) : undefined,
    log: options.log && ((message) => options.log!(`[joint-office] ${message}`)),
  });
  const drawVerifier = new DrawVerifier(options.verifyDrawMaxBytes);
  const voice = options.voice ?? { minGroupSize: 5, noticeWorkingDays: 3 };
  const clock = options.clock ?? realClock;
  const service = await serveSubgraph<OfficeContext>({
    name: 'joint-office',
    schema: buildOfficeSchema(),
    jwtSecret: options.jwtSecret,
    oidc: options.oidc,
    port: options.port,
    server: options.server,
    context: (role, actor) => ({ role, actor, graph: options.graph, plans, visits, downloadSecret: options.jwtSecret, cache, drawVerifier, voice, clock }),
    // Ready once the visit index is loaded and caught up (duplicates and merges need it).
    readiness: () => ({ ready: visits.index.isReady(), detail: { visitIndex: visits.index.isReady() ? 'ready' : 'building' } }),
    onClose: async () => {
      await drawVerifier.close();
      await visits.close();
      await plans?.close();
      if (options.ownsStore) await store?.close();
    },
  });
  // The index is read through the gateway, which may start after this subgraph: the reader
  // retries every half second until the first round succeeds.
  if (!options.deferVisits) await visits.start();
  return { ...service, visits };
}
