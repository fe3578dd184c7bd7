// Serves the joint-office subgraph.
import type { OfficeContext } from './builder';
import type { GraphClient } from './graph-client';
import { buildOfficeSchema } from './schema';
import { serveSubgraph, type RunningService } from '../kit/serve';

export interface OfficeSubgraphOptions {
  port?: number;
  graph: GraphClient;
}

export function startOfficeSubgraph(options: OfficeSubgraphOptions): Promise<RunningService> {
  return serveSubgraph<OfficeContext>({
    name: 'joint-office',
    schema: buildOfficeSchema(),
    port: options.port,
    context: (role, actor) => ({ role, actor, graph: options.graph }),
  });
}
