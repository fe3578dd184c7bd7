// Everything a department subgraph process needs besides its platform client: the spec
// derived from configuration, the memoised schema, and the server.
import { setCursorSecret } from './cursor';
import { MEMBER_UNITS, departmentTypeName, unitsOnPlatform, type PlatformId } from '../../config/units';
import { SUBGRAPH_SERVICES } from '../../config/services';
import { createDepartmentLoaders } from './loaders';
import { buildDepartmentSchema, type DepartmentSubgraphSpec } from './department-subgraph';
import type { DepartmentContext } from './context';
import type { DepartmentPlatform } from './platform';
import { serveSubgraph, type RunningService, type ServerSettings } from './serve';
import type { GraphQLSchema } from 'graphql';
import type { Cache } from '../../lib/cache';
import type { PublicationSource } from './platform';
import { UnitStatisticsService } from './statistics/service';
import { ReplicaVersions } from './views/replica-versions';
import { ViewSync } from './views/view-sync';
import type { OidcConfig } from '../../lib/oidc';

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
  /** The credit information system's API: its publication feed, for the units' views. */
  credit: PublicationSource;
  /**
   * The same platforms for the views' feed reads, bounded by FEED_TIMEOUT_MS instead of
   * PLATFORM_TIMEOUT_MS (default: `client` and `credit`). A feed page is a bulk transfer: at city
   * scale a first build asks for pages of thousands of records from every unit at once, and a
   * 2-second bound made them time out and start again, over and over.
   */
  feeds?: { client: DepartmentPlatform; credit: PublicationSource };
  /** Cache of the unit statistics (Redis or in-process). */
  cache?: Cache;
  /** The HS256 key callers' tokens are verified with. */
  jwtSecret: string;
  /** GRAPHQL_DEV, MAX_BODY_BYTES. */
  server?: ServerSettings;
  /** The OpenID Connect provider whose access tokens are accepted too. */
  oidc?: OidcConfig;
  /** How often the units' views read the change feeds (SYNC_INTERVAL_MS). */
  syncIntervalMs: number;
  /** Progress of the views' first build and feed failures. */
  log?(message: string): void;
  /** Leave the views' build to the caller (`views.start()`), e.g. until the whole system listens. */
  deferViews?: boolean;
}

export interface RunningDepartmentSubgraph extends RunningService {
  /** The units' views (statistics, visits, feeds). */
  views: ViewSync;
}

export async function startDepartmentSubgraph(options: DepartmentSubgraphOptions): Promise<RunningDepartmentSubgraph> {
  if (MEMBER_UNITS.every((unit) => unit.platform !== options.platform)) throw new Error(`No member unit uses platform ${options.platform}`);
  const { cache, credit } = options;
  setCursorSecret(options.jwtSecret);
  // One per process: the units' views, built in the background and kept up to date from the feeds.
  const versions = cache && new ReplicaVersions(cache, () => views);
  const views: ViewSync = new ViewSync({
    platform: options.feeds?.client ?? options.client,
    credit: options.feeds?.credit ?? credit,
    intervalMs: options.syncIntervalMs,
    // Values other processes derive from these units (the office's figures) go with the change.
    onChange: versions && ((unitCodes) => versions.bump(unitCodes)),
    log: options.log && ((message) => options.log!(`[${options.platform}] ${message}`)),
  });
  const statistics = new UnitStatisticsService(views);
  const service = await serveSubgraph<DepartmentContext>({
    name: options.platform,
    schema: departmentSchema(options.platform),
    jwtSecret: options.jwtSecret,
    server: options.server,
    oidc: options.oidc,
    port: options.port,
    context: (role) => ({ role, platform: options.client, loaders: createDepartmentLoaders(options.client), statistics, credit, fresh: versions && freshOnce(versions) }),
    onClose: async () => views.close(),
    // A new replica takes traffic once its views are built (before, it would answer SYNCING).
    readiness: () => ({ ready: [...views.views.values()].every((view) => view.state === 'ready'), detail: { views: views.progressLine() } }),
  });
  if (!options.deferViews) views.start();
  return { ...service, views };
}

/** Per request: each unit's version is checked once (see ReplicaVersions). */
function freshOnce(versions: ReplicaVersions): (unitCode: string) => Promise<void> {
  const checked = new Map<string, Promise<void>>();
  return (unitCode) => {
    let check = checked.get(unitCode);
    if (!check) checked.set(unitCode, (check = versions.freshen([unitCode])));
    return check;
  };
}
