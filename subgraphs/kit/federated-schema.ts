// type-graphql reads decorator metadata through this polyfill.
import 'reflect-metadata';
// Turns a type-graphql schema into an Apollo Federation 2 subgraph schema: print it with its
// directives, link the federation spec, and keep type-graphql's resolvers.
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { addResolversToSchema } from '@graphql-tools/schema';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse, type GraphQLSchema } from 'graphql';
import { buildSchemaSync, createResolversMap, type BuildSchemaOptions } from 'type-graphql';

export const FEDERATION_LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])';

export function buildFederatedSchema(options: Omit<BuildSchemaOptions, 'skipCheck'>, referenceResolvers: GraphQLResolverMap<unknown>): GraphQLSchema {
  const schema = buildSchemaSync({ ...options, skipCheck: true });
  const subgraph = buildSubgraphSchema({
    typeDefs: parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`),
    resolvers: createResolversMap(schema) as GraphQLResolverMap<unknown>,
  });
  return addResolversToSchema({ schema: subgraph, resolvers: referenceResolvers, updateResolversInPlace: true });
}
