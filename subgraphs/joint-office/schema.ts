// Builds the joint-office subgraph schema. No I/O here; index.ts serves it.
import type { GraphQLSchema } from 'graphql';
import { builder } from './builder';
import './registry';
import './plans/graph';
import './plans/graph-seal';
import './plans/graph-pseudonyms';
import './plans/graph-audit';
import './statistics/graph';
import './merging/graph';
import './codes/graph';
import './matching/graph';

export function buildOfficeSchema(): GraphQLSchema {
  return builder.toSubGraphSchema({ linkUrl: 'https://specs.apollo.dev/federation/v2.7' });
}
