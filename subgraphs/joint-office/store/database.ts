// The one database seam of the joint office: real PostgreSQL through `pg` when DATABASE_URL is
// set, embedded PostgreSQL (PGlite, kept in a data folder) otherwise. Both run the same SQL.
import { StoreError, StoreErrorCode } from './errors';

export type DatabaseKind = 'postgres' | 'pglite';
export type SqlParam = string | number | boolean | null;

export interface Database {
  readonly kind: DatabaseKind;
  /** The Postgres schema the tables live in (search_path of every session). */
  readonly schema: string;
  /** One statement, positional parameters ($1, $2 …). Rows come back as plain objects. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly SqlParam[]): Promise<T[]>;
  /** Several statements without parameters (migration scripts). */
  exec(sql: string): Promise<void>;
  /**
   * Runs `fn` in one transaction: COMMIT when it resolves, ROLLBACK when it throws. Inside,
   * use only `tx`. Nested calls on `tx` become savepoints.
   */
  transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** Force a backend; by default postgres when a database URL is known, pglite otherwise. */
  backend?: DatabaseKind;
  /** postgres://…; when absent, PGlite is used. */
  databaseUrl?: string;
  /** PGlite data folder (default ./data/joint-office); 'memory://' keeps it in memory. */
  dataDir?: string;
  /** Postgres schema for the tables (default `public`); tests use a throwaway one. */
  schema?: string;
  /** pg pool size (default 10). */
  maxConnections?: number;
}

export const DEFAULT_DATA_DIR = './data/joint-office';
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function checkSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new StoreError(StoreErrorCode.BAD_INPUT, `schema name ${JSON.stringify(schema)} must match ${SCHEMA_NAME}`);
  }
  return schema;
}

/** Opens the database the options choose (the office passes config/env.ts DATABASE_URL and OFFICE_DATA_DIR). */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const { databaseUrl } = options;
  const schema = checkSchemaName(options.schema ?? 'public');
  const backend = options.backend ?? (databaseUrl ? 'postgres' : 'pglite');
  if (backend === 'postgres') {
    if (!databaseUrl) throw new StoreError(StoreErrorCode.BAD_INPUT, 'the postgres backend needs a database URL');
    const { openPgDatabase } = await import('./pg-database');
    return openPgDatabase(databaseUrl, schema, options.maxConnections ?? 10);
  }
  const { openPgliteDatabase } = await import('./pglite-database');
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  return openPgliteDatabase(dataDir, schema);
}

/** Executes statements of one session (one pg client, or the PGlite instance). */
export interface SessionExecutor {
  query(sql: string, params?: readonly SqlParam[]): Promise<Record<string, unknown>[]>;
  exec(sql: string): Promise<void>;
}

/**
 * A Database bound to one open transaction. Nested `transaction` calls use savepoints so an
 * inner failure the caller catches does not poison the outer transaction.
 */
export class TransactionDatabase implements Database {
  private savepoints = 0;
  constructor(
    readonly kind: DatabaseKind,
    readonly schema: string,
    private readonly session: SessionExecutor,
  ) {}

  query<T>(sql: string, params?: readonly SqlParam[]): Promise<T[]> {
    return this.session.query(sql, params) as Promise<T[]>;
  }

  exec(sql: string): Promise<void> {
    return this.session.exec(sql);
  }

  async transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T> {
    const name = `sp_${++this.savepoints}`;
    await this.session.exec(`SAVEPOINT ${name}`);
    try {
      const result = await fn(this);
      await this.session.exec(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (error) {
      await this.session.exec(`ROLLBACK TO SAVEPOINT ${name}`);
      throw error;
    }
  }

  async close(): Promise<void> {
    throw new StoreError(StoreErrorCode.BAD_INPUT, 'close the database, not a transaction');
  }
}

/** BEGIN … COMMIT around `fn`, ROLLBACK when it throws; the same on both drivers. */
export async function runTransaction<T>(
  kind: DatabaseKind,
  schema: string,
  session: SessionExecutor,
  fn: (tx: Database) => Promise<T>,
  onRollbackFailed: (error: unknown) => void = () => undefined,
): Promise<T> {
  await session.exec('BEGIN');
  try {
    const result = await fn(new TransactionDatabase(kind, schema, session));
    await session.exec('COMMIT');
    return result;
  } catch (error) {
    // The original error matters more; a failed ROLLBACK means the session itself is gone.
    await session.exec('ROLLBACK').catch(onRollbackFailed);
    throw error;
  }
}

/** Double-quoted identifier (the name was checked by checkSchemaName). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
