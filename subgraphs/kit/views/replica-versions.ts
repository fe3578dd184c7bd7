// Replicas of one department subgraph each keep their own views (reads stay local), so a write
// through one replica is in its views at once but in the others' only at their next feed read.
// The units' data versions in the shared cache (Redis) say when someone changed a unit: before
// answering from a unit's view, a replica compares the unit's version with the last it noted
// (its own bumps included) and, when another replica moved it, reads the unit's feed first.
// So every replica answers with every write made through the graph, and nothing computed from
// a stale view is kept under a new version (the office's reports, the dashboard's answers).
import type { Cache } from '../../../lib/cache';
import { bumpUnitDataVersions, unitDataVersions } from '../statistics/cache';
import type { ViewSync } from './view-sync';

export class ReplicaVersions {
  private readonly noted = new Map<string, string>();

  constructor(
    private readonly cache: Cache,
    private readonly sync: () => ViewSync,
  ) {}

  /** After this replica's views changed: new versions, noted as seen. */
  async bump(unitCodes: readonly string[]): Promise<void> {
    const versions = await bumpUnitDataVersions(this.cache, unitCodes);
    for (const [unitCode, version] of versions) this.noted.set(unitCode, version);
  }

  /** Reads the feeds of the units (with a built view) another replica changed since this one looked. */
  async freshen(unitCodes: readonly string[]): Promise<void> {
    const sync = this.sync();
    const built = unitCodes.filter((unitCode) => sync.views.get(unitCode)?.state === 'ready');
    if (built.length === 0) return;
    const versions = await unitDataVersions(this.cache, built).catch(() => undefined);
    if (!versions) return;
    const moved = built.filter((unitCode, index) => this.noted.get(unitCode) !== versions[index]);
    // Noted before the read: a change during it moves the version again.
    built.forEach((unitCode, index) => this.noted.set(unitCode, versions[index]));
    await Promise.all(moved.map((unitCode) => sync.refresh(unitCode)));
  }
}
