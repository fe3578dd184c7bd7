// Depth, alias, directive, token and cost limits on every operation at the gateway (GraphQL
// Armor), checked while parsing and validating, so a refused operation never reaches a subgraph.
// Refusals answer HTTP 400 with Apollo's codes: GRAPHQL_PARSE_FAILED (tokens) or
// GRAPHQL_VALIDATION_FAILED (the others). The token limit is graphql-js's own parse option:
// Armor's token plugin throws from a plugin hook, which Apollo answers as HTTP 500. Suggestions are left to the error-exposure plugin
// (per role), stack traces to the server's development switch.
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ValidationRule } from 'graphql';
import type { QueryLimits } from '../../config/env';
import { queryLimitRefusals } from '../../lib/metrics';

// Counts each refusal by limit (lib/metrics.ts); Armor still raises the error itself.
const counted = (limit: string) => ({ onReject: [() => void queryLimitRefusals.inc({ limit })] });

export interface QueryLimitSettings<Context extends BaseContext> {
  plugins: ApolloServerPlugin<Context>[];
  validationRules: ValidationRule[];
  parseOptions: { maxTokens: number };
}

export function queryLimits<Context extends BaseContext>(limits: QueryLimits): QueryLimitSettings<Context> {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true, ...counted('depth') },
    maxAliases: { n: limits.maxAliases, ...counted('aliases') },
    maxDirectives: { n: limits.maxDirectives, ...counted('directives') },
    maxTokens: { enabled: false },
    costLimit: { maxCost: limits.maxCost, ...counted('cost') },
    blockFieldSuggestion: { enabled: false },
  });
  const { plugins, validationRules } = armor.protect();
  return { plugins: plugins as ApolloServerPlugin<Context>[], validationRules, parseOptions: { maxTokens: limits.maxTokens } };
}
