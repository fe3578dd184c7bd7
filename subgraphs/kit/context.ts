import type { Role } from '../../lib/roles';
import type { DepartmentLoaders } from './loaders';
import type { DepartmentPlatform, PublicationSource } from './platform';
import type { UnitStatisticsService } from './statistics/service';

/** Per-request context of a department subgraph. */
export interface DepartmentContext {
  role: Role;
  platform: DepartmentPlatform;
  loaders: DepartmentLoaders;
  /** The units' views: statistics, visits, feeds, sync state. */
  statistics: UnitStatisticsService;
  /** The credit information system: where results are published (公示). */
  credit: PublicationSource;
  /** Before a unit's fields: its view catches up when another replica changed the unit (shared cache only). */
  fresh?(unitCode: string): Promise<void>;
}

/** What resolvers receive as the root of a Department: its unit code and GraphQL type name. */
export interface DepartmentRoot {
  __typename: string;
  code: string;
}
