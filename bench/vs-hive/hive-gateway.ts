// Child process of the side-by-side benchmark: Hive Gateway (@graphql-hive/gateway, its
// programmatic runtime) with its default settings on the committed supergraph, on loopback.
// Only what it needs to serve this graph is set: the subgraphs' actual URLs (the bench starts
// them on free ports), the caller's Authorization forwarded to the subgraphs (as ours does), no
// usage reporting (none unless configured), no landing page, logging at errors.
//   env: HIVE_SUBGRAPH_URLS = JSON {name: url}; SUPERGRAPH_PATH (default schema/supergraph.graphql)
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createGatewayRuntime } from '@graphql-hive/gateway';

const path = process.env.SUPERGRAPH_PATH || new URL('../../schema/supergraph.graphql', import.meta.url).pathname;
const urls = JSON.parse(process.env.HIVE_SUBGRAPH_URLS ?? '{}') as Record<string, string>;

/** The committed supergraph with each `@join__graph(name:, url:)` pointing where the subgraph listens. */
export function withSubgraphUrls(sdl: string, subgraphUrls: Record<string, string>): string {
  return sdl.replace(/@join__graph\(name: "([^"]+)", url: "[^"]*"\)/g, (whole, name: string) =>
    subgraphUrls[name] ? `@join__graph(name: "${name}", url: "${subgraphUrls[name]}")` : whole,
  );
}

const gateway = createGatewayRuntime({
  supergraph: withSubgraphUrls(readFileSync(path, 'utf8'), urls),
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => ({ authorization: request.headers.get('authorization') }),
  },
  landingPage: false,
  graphiql: false,
  logging: 'error',
});

const server = createServer(gateway);
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  console.log(`Hive Gateway at http://127.0.0.1:${port}/graphql`);
});
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => void Promise.resolve(gateway.dispose()).finally(() => process.exit(0)));
});
