// The cross-unit item catalogue: entries saying items of different units are the same check.
// Proposed from legal basis and content, then confirmed or rejected by the office.
import { writeAudit } from './audit';
import type { Database } from './database';
import { StoreError, StoreErrorCode } from './errors';
import { jsonParam, newId, toIso, toIsoOrNull } from './sql-util';
import type { CatalogueEntry, CatalogueItemRef, CatalogueStatus } from './types';

interface CatalogueRow {
  id: string;
  entries: CatalogueItemRef[];
  status: CatalogueStatus;
  basis: string;
  version: number;
  created_at: Date | string;
  created_by: string;
  decided_at: Date | string | null;
  decided_by: string | null;
}

function toEntry(row: CatalogueRow): CatalogueEntry {
  return {
    id: row.id,
    entries: row.entries,
    status: row.status,
    basis: row.basis,
    version: Number(row.version),
    createdAt: toIso(row.created_at),
    createdBy: row.created_by,
    decidedAt: toIsoOrNull(row.decided_at),
    decidedBy: row.decided_by,
  };
}

/** Deduplicated and sorted, so the same set of items always gives the same key. */
export function canonicalItems(items: readonly CatalogueItemRef[]): { entries: CatalogueItemRef[]; key: string } {
  const unique = new Map(items.map((ref) => [`${ref.unitCode}:${ref.itemCode}`, ref]));
  const keys = [...unique.keys()].sort();
  return { entries: keys.map((key) => ({ unitCode: unique.get(key)!.unitCode, itemCode: unique.get(key)!.itemCode })), key: keys.join('|') };
}

export class CatalogueRepo {
  constructor(private readonly db: Database) {}

  /** Proposes an entry; proposing the same set of items again returns the existing entry. */
  async propose(
    items: readonly CatalogueItemRef[],
    basis: string,
    actor: string,
  ): Promise<{ entry: CatalogueEntry; created: boolean }> {
    const { entries, key } = canonicalItems(items);
    if (new Set(entries.map((ref) => ref.unitCode)).size < 2) {
      throw new StoreError(StoreErrorCode.BAD_INPUT, 'a catalogue entry joins items of at least two units');
    }
    return this.db.transaction(async (tx) => {
      const inserted = await tx.query<CatalogueRow>(
        `INSERT INTO item_catalogue (id, entries, entries_key, basis, created_by)
         VALUES ($1, $2::text::jsonb, $3, $4, $5)
         ON CONFLICT (entries_key) DO NOTHING RETURNING *`,
        [newId('IC'), jsonParam(entries), key, basis, actor],
      );
      if (inserted[0]) {
        const entry = toEntry(inserted[0]);
        await writeAudit(tx, { actor, action: 'catalogue.proposed', entity: 'catalogue', entityId: entry.id, before: null, after: entry });
        return { entry, created: true };
      }
      const [existing] = await tx.query<CatalogueRow>('SELECT * FROM item_catalogue WHERE entries_key = $1', [key]);
      return { entry: toEntry(existing), created: false };
    });
  }

  confirm(id: string, actor: string, expectedVersion?: number): Promise<CatalogueEntry> {
    return this.decide(id, 'confirmed', actor, expectedVersion);
  }

  reject(id: string, actor: string, expectedVersion?: number): Promise<CatalogueEntry> {
    return this.decide(id, 'rejected', actor, expectedVersion);
  }

  async get(id: string): Promise<CatalogueEntry | null> {
    const rows = await this.db.query<CatalogueRow>('SELECT * FROM item_catalogue WHERE id = $1', [id]);
    return rows[0] ? toEntry(rows[0]) : null;
  }

  async list(status?: CatalogueStatus): Promise<CatalogueEntry[]> {
    const rows = await this.db.query<CatalogueRow>(
      'SELECT * FROM item_catalogue WHERE ($1::text IS NULL OR status = $1) ORDER BY entries_key',
      [status ?? null],
    );
    return rows.map(toEntry);
  }

  /** Only a proposed entry can be decided (INVALID_STATE otherwise). */
  private async decide(
    id: string,
    status: 'confirmed' | 'rejected',
    actor: string,
    expectedVersion?: number,
  ): Promise<CatalogueEntry> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query<CatalogueRow>('SELECT * FROM item_catalogue WHERE id = $1', [id]);
      if (!row) throw new StoreError(StoreErrorCode.NOT_FOUND, `no catalogue entry ${id}`, { id });
      const before = toEntry(row);
      if (expectedVersion !== undefined && before.version !== expectedVersion) {
        throw new StoreError(StoreErrorCode.CONCURRENT_UPDATE, `catalogue entry ${id} is at version ${before.version}`, { id });
      }
      if (before.status !== 'proposed') {
        throw new StoreError(StoreErrorCode.INVALID_STATE, `catalogue entry ${id} is already ${before.status}`, { id, status: before.status });
      }
      const updated = await tx.query<CatalogueRow>(
        `UPDATE item_catalogue SET status = $2, version = version + 1, decided_at = now(), decided_by = $3
          WHERE id = $1 AND version = $4 AND status = 'proposed' RETURNING *`,
        [id, status, actor, before.version],
      );
      if (!updated[0]) throw new StoreError(StoreErrorCode.CONCURRENT_UPDATE, `catalogue entry ${id} was changed meanwhile`, { id });
      const after = toEntry(updated[0]);
      await writeAudit(tx, { actor, action: `catalogue.${status}`, entity: 'catalogue', entityId: id, before, after });
      return after;
    });
  }
}
