// The credit subgraph's schema: the enterprise registry, credit-risk classes and publications,
// owning `Enterprise @key(fields: "uscc")`. Builds the schema only; no I/O happens here (the
// resolvers reach the platform through the per-request loaders of the context).
import SchemaBuilder from '@pothos/core';
import DirectivePlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import type { GraphQLSchema } from 'graphql';
import { ErrorCode, graphError } from '../../lib/errors';
import { usccProblem, USCC_PROBLEM_TEXT } from '../../lib/uscc';
import type { RegistrationStatus, RiskClass } from '../../platforms/data/model';
import { decodeCursor, encodeCursor, filterFingerprint } from './cursor';
import { defineCreditTypes, fromPlatform, type CreditSchemaTypes, type EnterpriseConnectionShape } from './types';

export const MAX_CODES_PER_QUERY = 100;
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
const MAX_NAME_FILTER = 50;

/** Throws INVALID_USCC naming the code and what is wrong with it. */
function assertUscc(code: string): void {
  const problem = usccProblem(code);
  if (problem) throw graphError(ErrorCode.INVALID_USCC, `Credit code "${code}" ${USCC_PROBLEM_TEXT[problem]}`, { problem });
}

interface SearchFilter {
  divisionCode?: string;
  industryPrefix?: string;
  riskClass?: RiskClass;
  status?: RegistrationStatus;
  nameContains?: string;
}

function checkedFilter(input: { [K in keyof SearchFilter]?: SearchFilter[K] | null } | null | undefined): SearchFilter {
  const filter: SearchFilter = {};
  for (const [key, value] of Object.entries(input ?? {})) {
    if (value !== null && value !== undefined && value !== '') Object.assign(filter, { [key]: value });
  }
  if (filter.divisionCode !== undefined && !/^\d{6}$/.test(filter.divisionCode)) {
    throw graphError(ErrorCode.BAD_INPUT, `divisionCode "${filter.divisionCode}" must be a six-digit GB/T 2260 code`);
  }
  if (filter.industryPrefix !== undefined && !/^\d{1,4}$/.test(filter.industryPrefix)) {
    throw graphError(ErrorCode.BAD_INPUT, `industryPrefix "${filter.industryPrefix}" must be 1 to 4 digits of a GB/T 4754 class`);
  }
  if (filter.nameContains !== undefined && filter.nameContains.length > MAX_NAME_FILTER) {
    throw graphError(ErrorCode.BAD_INPUT, `nameContains may have at most ${MAX_NAME_FILTER} characters`);
  }
  return filter;
}

export function buildCreditSchema(): GraphQLSchema {
  const builder = new SchemaBuilder<CreditSchemaTypes>({
    plugins: [DirectivePlugin, FederationPlugin],
    defaultFieldNullability: false,
  });
  const { RiskClassEnum, RegistrationStatusEnum, EnterpriseRef, PublicationRef, ConnectionRef } = defineCreditTypes(builder);

  const FilterInput = builder.inputType('EnterpriseFilter', {
    fields: (t) => ({
      divisionCode: t.string({ description: 'GB/T 2260 county-level code, e.g. 440802' }),
      industryPrefix: t.string({ description: 'Leading digits of the GB/T 4754 class, e.g. 62 or 6210' }),
      riskClass: t.field({ type: RiskClassEnum, description: 'Current credit-risk class' }),
      status: t.field({ type: RegistrationStatusEnum }),
      nameContains: t.string(),
    }),
  });

  builder.queryType({
    fields: (t) => ({
      enterprise: t.field({
        type: EnterpriseRef,
        nullable: true,
        description: 'The business with this credit code; null when the registry has none',
        args: { uscc: t.arg.id({ required: true }) },
        resolve: (_root, { uscc }, context) => {
          assertUscc(uscc);
          return fromPlatform(context.loaders.enterprise.load(uscc));
        },
      }),
      enterprises: t.field({
        type: [EnterpriseRef],
        nullable: { list: false, items: true },
        description: `Businesses by credit code, aligned with the request (null where unknown); at most ${MAX_CODES_PER_QUERY} codes`,
        args: { usccs: t.arg.idList({ required: true }) },
        resolve: async (_root, { usccs }, context) => {
          if (usccs.length > MAX_CODES_PER_QUERY) {
            throw graphError(ErrorCode.BAD_INPUT, `enterprises takes at most ${MAX_CODES_PER_QUERY} codes, got ${usccs.length}`);
          }
          usccs.forEach(assertUscc);
          return fromPlatform(context.loaders.enterprise.loadMany(usccs).then((values) => values.map((value) => {
            if (value instanceof Error) throw value;
            return value;
          })));
        },
      }),
      searchEnterprises: t.field({
        type: ConnectionRef,
        description: `Registry search in credit-code order; Relay-style paging, first at most ${MAX_PAGE_SIZE}`,
        args: {
          filter: t.arg({ type: FilterInput }),
          first: t.arg.int({ defaultValue: DEFAULT_PAGE_SIZE }),
          after: t.arg.string(),
        },
        resolve: async (_root, args, context): Promise<EnterpriseConnectionShape> => {
          const first = args.first ?? DEFAULT_PAGE_SIZE;
          if (first < 1 || first > MAX_PAGE_SIZE) {
            throw graphError(ErrorCode.PAGE_SIZE_TOO_LARGE, `first must be between 1 and ${MAX_PAGE_SIZE}, got ${first}`);
          }
          const filter = checkedFilter(args.filter);
          const fingerprint = filterFingerprint({ ...filter });
          const after = args.after ? decodeCursor(args.after, fingerprint) : undefined;
          const page = await fromPlatform(context.loaders.search({ ...filter, after, limit: first }));
          const edges = page.items.map((node) => ({ cursor: encodeCursor(fingerprint, node.uscc), node }));
          return {
            edges,
            pageInfo: { hasNextPage: page.nextAfter !== null, endCursor: edges.at(-1)?.cursor ?? null },
            totalCount: page.total,
          };
        },
      }),
      publications: t.field({
        type: [PublicationRef],
        description: 'Inspection results published for this business, oldest first',
        args: { uscc: t.arg.id({ required: true }) },
        resolve: (_root, { uscc }, context) => {
          assertUscc(uscc);
          return fromPlatform(context.loaders.publications.load(uscc));
        },
      }),
    }),
  });

  return builder.toSubGraphSchema({ linkUrl: 'https://specs.apollo.dev/federation/v2.6' });
}
