// Numbered SQL migrations (migrations/NNN_name.sql), applied in order, each once, recorded in
// schema_migrations with a hash of its text. All pending files run in ONE transaction under a
// transaction-scoped advisory lock, so two processes starting together do not race: the second
// waits, then finds nothing left to do.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Database } from './database';
import { StoreError, StoreErrorCode } from './errors';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  sha256: string;
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: string[];
}

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const FILE_NAME = /^(\d{3})_([a-z0-9_]+)\.sql$/;

export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((file) => FILE_NAME.test(file)).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const [, number, name] = FILE_NAME.exec(file)!;
    const sql = await readFile(`${dir}/${file}`, 'utf8');
    migrations.push({ version: Number(number), name, sql, sha256: sha256(sql) });
  }
  const versions = migrations.map((m) => m.version);
  if (new Set(versions).size !== versions.length) {
    throw new StoreError(StoreErrorCode.BAD_INPUT, `two migration files share a number in ${dir}`);
  }
  return migrations;
}

export async function migrate(db: Database, migrations?: Migration[]): Promise<MigrationReport> {
  const all = migrations ?? (await loadMigrations());
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`joint-office-migrations:${db.schema}`]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    integer PRIMARY KEY,
      name       text NOT NULL,
      sha256     text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const rows = await tx.query<{ version: number; name: string; sha256: string }>(
      'SELECT version, name, sha256 FROM schema_migrations ORDER BY version',
    );
    const done = new Map(rows.map((row) => [Number(row.version), row]));
    const report: MigrationReport = { applied: [], alreadyApplied: [] };
    for (const migration of all) {
      const label = `${String(migration.version).padStart(3, '0')}_${migration.name}`;
      const recorded = done.get(migration.version);
      if (recorded) {
        if (recorded.sha256 !== migration.sha256) {
          throw new StoreError(
            StoreErrorCode.MIGRATION_CHANGED,
            `migration ${label} was edited after it was applied; add a new migration instead`,
            { version: migration.version },
          );
        }
        report.alreadyApplied.push(label);
        continue;
      }
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, sha256) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        migration.sha256,
      ]);
      report.applied.push(label);
    }
    return report;
  });
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
