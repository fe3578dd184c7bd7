// Real PostgreSQL through a `pg` pool. Every pooled session gets the store's schema as its
// search_path at connect time, so unqualified SQL resolves the same way as on PGlite.
import pg from 'pg';
import {
  checkSchemaName,
  quoteIdent,
  runTransaction,
  type Database,
  type SessionExecutor,
  type SqlParam,
} from './database';
import { isSqlError } from './errors';

function executor(client: pg.PoolClient): SessionExecutor {
  return {
    async query(sql, params) {
      const result = await client.query(sql, params as SqlParam[] | undefined);
      return result.rows as Record<string, unknown>[];
    },
    async exec(sql) {
      // No parameters: the simple query protocol, which accepts several statements.
      await client.query(sql);
    },
  };
}

class PgDatabase implements Database {
  readonly kind = 'postgres' as const;
  constructor(
    private readonly pool: pg.Pool,
    readonly schema: string,
  ) {}

  async query<T>(sql: string, params?: readonly SqlParam[]): Promise<T[]> {
    const result = await this.pool.query(sql, params as SqlParam[] | undefined);
    return result.rows as T[];
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  async transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      return await runTransaction(this.kind, this.schema, executor(client), fn, (error) => {
        broken = error instanceof Error ? error : new Error(String(error));
      });
    } finally {
      // A session whose ROLLBACK failed is not handed back to the pool: it is destroyed.
      client.release(broken);
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

export async function openPgDatabase(databaseUrl: string, schema: string, max: number): Promise<Database> {
  checkSchemaName(schema);
  const pool = new pg.Pool({ connectionString: databaseUrl, max, options: `-c search_path=${schema}` });
  // An idle client that dies (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  try {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
  } catch (error) {
    // Two processes creating the same schema at once: the loser sees duplicate_schema / unique_violation.
    if (!(isSqlError(error) && (error.code === '42P06' || error.code === '23505'))) {
      await pool.end();
      throw error;
    }
  }
  return new PgDatabase(pool, schema);
}
