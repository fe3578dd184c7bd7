// Serves the joint-office subgraph.
import type { OfficeContext } from './builder';
import { buildOfficeSchema } from './schema';
import { serveSubgraph, type RunningService } from '../kit/serve';

export interface OfficeSubgraphOptions {
  port?: number;
}

export function startOfficeSubgraph(options: OfficeSubgraphOptions): Promise<RunningService> {
  return serveSubgraph<OfficeContext>({
    name: 'joint-office',
    schema: buildOfficeSchema(),
    port: options.port,
    context: (role) => ({ role }),
  });
}
