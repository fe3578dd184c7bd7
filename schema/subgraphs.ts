// The subgraphs of the supergraph and how each builds its schema (no I/O). Composition, the
// stale-supergraph test and the start-up script all use this list; ports live in
// config/services.ts.
import type { GraphQLSchema } from 'graphql';
import { PLATFORM_IDS } from '../config/units';
import type { SubgraphName } from '../config/services';
import { buildCreditSchema } from '../subgraphs/credit/schema';
import { buildOfficeSchema } from '../subgraphs/joint-office/schema';
import { departmentSchema } from '../subgraphs/kit/department-service';

export interface SubgraphDefinition {
  name: SubgraphName;
  buildSchema(): GraphQLSchema;
}

export const SUBGRAPHS: readonly SubgraphDefinition[] = [
  { name: 'credit', buildSchema: buildCreditSchema },
  { name: 'joint-office', buildSchema: buildOfficeSchema },
  ...PLATFORM_IDS.map((platform) => ({ name: platform, buildSchema: () => departmentSchema(platform) })),
];
