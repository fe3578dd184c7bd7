// Embedded PostgreSQL (PGlite) kept in a data folder. PGlite is one session: a statement sent
// while another caller's transaction is open would run inside that transaction. So every
// top-level query and every whole transaction waits its turn in one queue; statements of a
// transaction go straight to the session (they already hold the turn).
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import {
  checkSchemaName,
  quoteIdent,
  runTransaction,
  type Database,
  type SessionExecutor,
  type SqlParam,
} from './database';

/** Runs tasks one after another, in arrival order; a failed task does not stop the queue. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

class PgliteDatabase implements Database {
  readonly kind = 'pglite' as const;
  private readonly queue = new SerialQueue();
  private readonly session: SessionExecutor;

  constructor(
    private readonly pglite: PGlite,
    readonly schema: string,
  ) {
    this.session = {
      async query(sql, params) {
        const result = await pglite.query<Record<string, unknown>>(sql, params as SqlParam[] | undefined);
        return result.rows;
      },
      async exec(sql) {
        await pglite.exec(sql);
      },
    };
  }

  query<T>(sql: string, params?: readonly SqlParam[]): Promise<T[]> {
    return this.queue.run(() => this.session.query(sql, params)) as Promise<T[]>;
  }

  exec(sql: string): Promise<void> {
    return this.queue.run(() => this.session.exec(sql));
  }

  transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T> {
    return this.queue.run(() => runTransaction(this.kind, this.schema, this.session, fn));
  }

  close(): Promise<void> {
    // Let queued work finish first so nothing is cut off half-way.
    return this.queue.run(() => this.pglite.close());
  }
}

export async function openPgliteDatabase(dataDir: string, schema: string): Promise<Database> {
  checkSchemaName(schema);
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) await mkdir(dataDir, { recursive: true });
  const pglite = await PGlite.create({ dataDir });
  await pglite.exec(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}; SET search_path TO ${quoteIdent(schema)};`);
  return new PgliteDatabase(pglite, schema);
}
