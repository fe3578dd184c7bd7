// The joint-office store: open the database (PostgreSQL or embedded PGlite), bring the schema
// up to date, and hand out the repositories the office subgraph calls.
import { auditTrail, recentAudit } from './audit';
import { CatalogueRepo } from './catalogue-repo';
import { openDatabase, type Database, type OpenDatabaseOptions } from './database';
import { DispatchRepo } from './dispatch-repo';
import { DrawsRepo } from './draws-repo';
import { LocalLeases, PgLeases, type Leases } from './leases';
import { MergesRepo } from './merges-repo';
import { migrate, type MigrationReport } from './migrate';
import { PlansRepo } from './plans-repo';
import { PseudonymsRepo } from './pseudonyms-repo';
import { SealsRepo } from './seals-repo';
import { VisitIndexRepo } from './visit-index-repo';
import { VoiceRepo } from './voice-repo';
import type { AuditEntry } from './types';

export interface OfficeStore {
  readonly db: Database;
  readonly migrations: MigrationReport;
  readonly plans: PlansRepo;
  readonly draws: DrawsRepo;
  readonly seals: SealsRepo;
  readonly pseudonyms: PseudonymsRepo;
  readonly dispatch: DispatchRepo;
  readonly catalogue: CatalogueRepo;
  readonly merges: MergesRepo;
  readonly visitIndex: VisitIndexRepo;
  readonly voice: VoiceRepo;
  /** Work that runs once at a time across every office replica on this database. */
  readonly leases: Leases;
  auditTrail(entity: string, entityId: string): Promise<AuditEntry[]>;
  recentAudit(limit?: number, entity?: string): Promise<AuditEntry[]>;
  close(): Promise<void>;
}

/** Repositories over an already open and migrated database. */
export function createOfficeStore(db: Database, migrations: MigrationReport, leases: Leases = new LocalLeases()): OfficeStore {
  return {
    db,
    migrations,
    plans: new PlansRepo(db),
    draws: new DrawsRepo(db),
    seals: new SealsRepo(db),
    pseudonyms: new PseudonymsRepo(db),
    dispatch: new DispatchRepo(db),
    catalogue: new CatalogueRepo(db),
    merges: new MergesRepo(db),
    visitIndex: new VisitIndexRepo(db),
    voice: new VoiceRepo(db),
    leases,
    auditTrail: (entity, entityId) => auditTrail(db, entity, entityId),
    recentAudit: (limit, entity) => recentAudit(db, limit, entity),
    close: async () => {
      await leases.close();
      await db.close();
    },
  };
}

/**
 * Opens the store: pg when `databaseUrl` is given, PGlite in `dataDir`
 * (default ./data/joint-office) otherwise; then applies pending migrations.
 */
export async function openOfficeStore(options: OpenDatabaseOptions = {}): Promise<OfficeStore> {
  const db = await openDatabase(options);
  try {
    const leases = db.kind === 'postgres' && options.databaseUrl ? new PgLeases(options.databaseUrl, db.schema) : new LocalLeases();
    return createOfficeStore(db, await migrate(db), leases);
  } catch (error) {
    await db.close();
    throw error;
  }
}

export { auditTrail, planAuditTrail, recentAudit, writeAudit, type AuditInput } from './audit';
export { CatalogueRepo, canonicalItems } from './catalogue-repo';
export {
  CHAIN_CONTENT,
  CHAIN_TABLES,
  GENESIS_PREV,
  chainHash,
  databaseChainSource,
  fieldOf,
  lockChainHead,
  readChainHead,
  SNAPSHOT,
  withChainSnapshot,
  type ChainHead,
  type ChainRow,
  type ChainSource,
  type ChainTable,
  type Queryable,
  type StoredDocument,
  type TaskState,
} from './chain';
export { EXPORT_FORMAT, ExportFormatError, fileChainSource, writeChainExport, type ExportCounts } from './chain-export';
export {
  DEFAULT_DATA_DIR,
  openDatabase,
  type Database,
  type DatabaseKind,
  type OpenDatabaseOptions,
  type SqlParam,
} from './database';
export { LocalLeases, PgLeases, type LeaseOutcome, type Leases } from './leases';
export { DispatchRepo, type DispatchProgress } from './dispatch-repo';
export { DrawsRepo, taskKeyOf, type SaveDrawOptions, type SaveDrawResult } from './draws-repo';
export { StoreError, StoreErrorCode } from './errors';
export { PseudonymsRepo, type OfficerPseudonym } from './pseudonyms-repo';
export { SealsRepo, type AttemptRecord, type CommitmentRecord, type SealInput, type SealRecord, type SeedRule } from './seals-repo';
export { isStepComplete, MergesRepo } from './merges-repo';
export { VisitIndexRepo, type StoredVisitIndex } from './visit-index-repo';
export { VoiceRepo, type ComplaintRecord, type NewRating, type RatingGroup } from './voice-repo';
export { loadMigrations, migrate, type Migration, type MigrationReport } from './migrate';
export {
  PLAN_TRANSITIONS,
  PlansRepo,
  type CreatePlanOptions,
  type CreatePlanResult,
  type ListPlansFilter,
  type TransitionOptions,
} from './plans-repo';
export * from './types';
