// Everything a department subgraph process needs besides its platform client: the spec
// derived from configuration, the memoised schema, and the server.
import { MEMBER_UNITS, departmentTypeName, unitsOnPlatform, type PlatformId } from '../../config/units';
import { SUBGRAPH_SERVICES } from '../../config/services';
import { createDepartmentLoaders } from './loaders';
import { buildDepartmentSchema, type DepartmentSubgraphSpec } from './department-subgraph';
import type { DepartmentContext } from './context';
import type { DepartmentPlatform } from './platform';
import { serveSubgraph, type RunningService } from './serve';
import type { GraphQLSchema } from 'graphql';
import type { Cache } from '../../lib/cache';
import type { PublicationSource } from './statistics/gather';
import { UnitStatisticsService } from './statistics/service';

export function departmentSpec(platform: PlatformId): DepartmentSubgraphSpec {
  return {
    typeName: departmentTypeName(platform),
    queryField: `${platform}Department`,
    createTasksMutation: `${platform}CreateTasks`,
    cancelTasksMutation: `${platform}CancelTasks`,
    unitCodes: unitsOnPlatform(platform).map((unit) => unit.code),
  };
}

const schemas = new Map<PlatformId, GraphQLSchema>();

/** type-graphql keeps global metadata, so each department schema is built once per process. */
export function departmentSchema(platform: PlatformId): GraphQLSchema {
  let schema = schemas.get(platform);
  if (!schema) {
    schema = buildDepartmentSchema(departmentSpec(platform));
    schemas.set(platform, schema);
  }
  return schema;
}

export function defaultPort(platform: PlatformId): number {
  return SUBGRAPH_SERVICES.find((service) => service.name === platform)!.port;
}

export interface DepartmentSubgraphOptions {
  platform: PlatformId;
  client: DepartmentPlatform;
  port?: number;
  /** The credit information system's API (publication dates of results), for the statistics. */
  credit?: PublicationSource;
  /** Cache of the unit statistics (Redis or in-process). */
  cache?: Cache;
  /** The HS256 key callers' tokens are verified with. */
  jwtSecret: string;
}

export function startDepartmentSubgraph(options: DepartmentSubgraphOptions): Promise<RunningService> {
  if (MEMBER_UNITS.every((unit) => unit.platform !== options.platform)) throw new Error(`No member unit uses platform ${options.platform}`);
  // One per process: its in-flight map lets concurrent requests share one computation.
  const statistics = options.credit && new UnitStatisticsService({ platform: options.client, credit: options.credit, cache: options.cache });
  return serveSubgraph<DepartmentContext>({
    name: options.platform,
    schema: departmentSchema(options.platform),
    jwtSecret: options.jwtSecret,
    port: options.port,
    context: (role) => ({ role, platform: options.client, loaders: createDepartmentLoaders(options.client), statistics }),
  });
}
