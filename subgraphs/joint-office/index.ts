// Serves the joint-office subgraph.
import type { OfficeContext } from './builder';
import type { GraphClient } from './graph-client';
import type { Cache } from '../../lib/cache';
import { PlanRuntime } from './plans/runtime';
import type { RetryOptions } from './plans/retry-worker';
import { buildOfficeSchema } from './schema';
import type { OfficeStore } from './store';
import { serveSubgraph, type RunningService } from '../kit/serve';

export interface OfficeSubgraphOptions {
  port?: number;
  graph: GraphClient;
  /** The HS256 key callers' tokens are verified with; it also signs download links of the statistics table. */
  jwtSecret: string;
  /** The office's own records (joint plans); without it, joint-plan fields answer an error. */
  store?: OfficeStore;
  /** Closed with the service (when this process opened it). */
  ownsStore?: boolean;
  /** Dispatch retry worker timing (config/env.ts: DISPATCH_RETRY_*). */
  dispatchRetry: RetryOptions;
  /** The shared cache (Redis or in-process). */
  cache?: Cache;
}

export function startOfficeSubgraph(options: OfficeSubgraphOptions): Promise<RunningService> {
  const { store } = options;
  const plans = store && new PlanRuntime({ store, graph: options.graph, retry: options.dispatchRetry }).start();
  return serveSubgraph<OfficeContext>({
    name: 'joint-office',
    schema: buildOfficeSchema(),
    jwtSecret: options.jwtSecret,
    port: options.port,
    context: (role, actor) => ({ role, actor, graph: options.graph, plans, downloadSecret: options.jwtSecret, cache: options.cache }),
    onClose: async () => {
      await plans?.close();
      if (options.ownsStore) await store?.close();
    },
  });
}
