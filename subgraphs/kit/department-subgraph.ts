// type-graphql reads decorator metadata through this polyfill.
import 'reflect-metadata';
// Builds one department subgraph from the shared kit: the subgraph's own entity type that
// implements Department, a root field to reach it directly, and its reference resolver.
import { Arg, Ctx, Directive, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { ErrorCode, graphError } from '../../lib/errors';
import type { DepartmentContext, DepartmentRoot } from './context';
import { Department } from './department';
import { buildFederatedSchema } from './federated-schema';
import { DirectoryEntryFieldsResolver, InspectorFieldsResolver, TaskFieldsResolver } from './record-resolvers';
import { taskWritesResolver } from './task-writes';
import { visitWritesResolver } from './visit-writes';
import { VisitChangesResolver, VisitsResolver } from './visits-resolver';
import { ChangesResolver } from './changes-resolver';
import { DirectoryBusinessesResolver } from './directory-businesses';

export interface DepartmentSubgraphSpec {
  /** The entity type this subgraph owns, e.g. ProvincialDepartment. */
  typeName: string;
  /** Root query field that returns one of its units, e.g. provincialDepartment. */
  queryField: string;
  /** Units served by the platform behind this subgraph. */
  unitCodes: readonly string[];
  /** Root mutation fields, named after the platform so subgraphs never collide, e.g. provincialCreateTasks. */
  createTasksMutation: string;
  cancelTasksMutation: string;
}

export function buildDepartmentSchema(spec: DepartmentSubgraphSpec): GraphQLSchema {
  const served = new Set(spec.unitCodes);
  const root = (code: string): DepartmentRoot => ({ __typename: spec.typeName, code });

  @ObjectType(spec.typeName, { implements: Department })
  @Directive('@key(fields: "code")')
  class DepartmentEntity extends Department {
    @Field(() => String, { description: 'Official short name (简称)' })
    @Directive('@shareable')
    override name(): string {
      return super.name();
    }
  }

  @Resolver()
  class DepartmentQuery {
    @Query(() => DepartmentEntity, { name: spec.queryField, description: `One unit served by this subgraph (${spec.unitCodes.join(', ')})` })
    async department(@Arg('code', () => ID) code: string, @Ctx() ctx: DepartmentContext): Promise<DepartmentRoot> {
      if (!served.has(code)) {
        throw graphError(ErrorCode.UNKNOWN_UNIT, `Unit "${code}" is not served here; known units: ${[...served].join(', ')}`, { unitCode: code });
      }
      await ctx.fresh?.(code);
      return root(code);
    }
  }

  return buildFederatedSchema(
    {
      resolvers: [
        DepartmentQuery,
        taskWritesResolver(spec),
        visitWritesResolver(spec),
        TaskFieldsResolver,
        DirectoryEntryFieldsResolver,
        InspectorFieldsResolver,
        VisitsResolver,
        VisitChangesResolver,
        ChangesResolver,
        DirectoryBusinessesResolver,
      ],
      orphanedTypes: [DepartmentEntity],
    },
    {
      [spec.typeName]: {
        __resolveReference: async (reference: { code: string }, ctx: DepartmentContext) => {
          if (!served.has(reference.code)) return null;
          await ctx.fresh?.(reference.code);
          return root(reference.code);
        },
      },
    },
  );
}
