// Composes the supergraph from the subgraph list and writes schema/supergraph.graphql.
// `npm run compose` writes it; `npm run compose -- --check` fails when the file is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { SUBGRAPH_SERVICES, serviceUrl } from '../config/services';
import { EXPLAINED_HINTS } from './hints';
import { SUBGRAPHS } from './subgraphs';

export const SUPERGRAPH_FILE = fileURLToPath(new URL('./supergraph.graphql', import.meta.url));

export interface Composition {
  supergraphSdl: string;
  /** Hints not covered by schema/hints.ts. */
  unexplainedHints: string[];
}

export function composeSupergraph(): Composition {
  const services = SUBGRAPHS.map((subgraph) => ({
    name: subgraph.name,
    // The default URLs; the gateway overrides them from its configuration.
    url: `${serviceUrl(SUBGRAPH_SERVICES.find((s) => s.name === subgraph.name)!, {})}/graphql`,
    typeDefs: parse(printSubgraphSchema(subgraph.buildSchema())),
  }));
  const result = composeServices(services);
  if (result.errors) throw new Error(`Composition failed:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`);
  const unexplainedHints = (result.hints ?? [])
    .filter((hint) => !EXPLAINED_HINTS.some((known) => known.code === hint.definition.code && known.pattern.test(hint.message)))
    .map((hint) => `${hint.definition.code}: ${hint.message}`);
  return { supergraphSdl: result.supergraphSdl, unexplainedHints };
}

function main() {
  const { supergraphSdl, unexplainedHints } = composeSupergraph();
  if (unexplainedHints.length > 0) {
    console.error(`Unexplained composition hints (fix them or explain them in schema/hints.ts):\n${unexplainedHints.join('\n')}`);
    process.exit(1);
  }
  if (process.argv.includes('--check')) {
    const committed = readFileSync(SUPERGRAPH_FILE, 'utf8');
    if (committed !== supergraphSdl) {
      console.error('schema/supergraph.graphql is stale: run npm run compose');
      process.exit(1);
    }
    console.log('schema/supergraph.graphql is up to date');
    return;
  }
  writeFileSync(SUPERGRAPH_FILE, supergraphSdl);
  console.log(`Wrote ${SUPERGRAPH_FILE}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
