// The office's visit index at run time: the index, its feed reader, and the values derived from
// it (duplicate findings and their inputs), kept while the index stays the same. A bounded
// number of derived values is kept; concurrent requests for one share one computation.
import { MEMBER_UNITS } from '../../../config/units';
import { ErrorCode, graphError } from '../../../lib/errors';
import type { Cache } from '../../../lib/cache';
import { unitDataVersions } from '../../kit/statistics/cache';
import type { BusinessInfo } from '../duplicates';
import type { GraphClient } from '../graph-client';
import type { Leases, VisitIndexRepo } from '../store';
import { VisitIndex } from './index';
import { VisitIndexSync } from './sync';

/** Slots kept (reports per jurisdiction, year and day; findings per period and filter; units…). */
const KEPT_SLOTS = 256;
/** Registry facts of businesses (division, industry) are kept this long: they change rarely. */
const BUSINESS_INFO_MS = 10 * 60_000;

export interface OfficeVisitsOptions {
  graph: GraphClient;
  repo?: VisitIndexRepo;
  /** The store's leases: one office replica at a time reads the feeds. */
  leases?: Leases;
  intervalMs: number;
  onChange?(): Promise<void>;
  log?(message: string): void;
}

export class OfficeVisits {
  index = new VisitIndex(MEMBER_UNITS.map((unit) => unit.code));
  sync: VisitIndexSync;
  /** The units' data versions (shared cache) as of the index's last read of each unit. */
  private readonly seen = new Map<string, string>();
  private readonly values = new Map<string, { version: string; value: Promise<unknown> }>();
  private readonly identities = new WeakMap<object, number>();
  private nextIdentity = 0;
  private businesses = new Map<string, BusinessInfo | null>();
  private businessesSince = Date.now();

  constructor(private readonly options: OfficeVisitsOptions) {
    this.sync = new VisitIndexSync({ ...options, index: this.index });
  }

  start(): Promise<void> {
    return this.sync.start();
  }

  /**
   * Stops the reader and starts a new one on an empty index, as a restart of the office does:
   * it loads what the store kept and resumes from the stored cursors (tests, operators).
   */
  async restart(): Promise<void> {
    await this.sync.close();
    this.index = new VisitIndex(this.index.unitCodes);
    this.sync = new VisitIndexSync({ ...this.options, index: this.index });
    this.values.clear();
    this.seen.clear();
    this.businesses.clear();
    await this.sync.start();
  }

  close(): Promise<void> {
    return this.sync.close();
  }

  /**
   * Before a read of the index: the units whose data version moved since the index last read
   * them (a write through the graph, by anyone, bumps its unit's version at once) are read now,
   * so the answer shows every write made through the graph. Without a shared cache the index
   * follows the feeds at its interval. Returns the versions it read (by unit), for values kept
   * under them; undefined when the cache could not say.
   */
  async catchUp(cache: Cache | undefined): Promise<Map<string, string> | undefined> {
    if (!cache) return undefined;
    const units = this.index.unitCodes;
    const read = await unitDataVersions(cache, units).catch(() => undefined);
    if (!read) return undefined;
    const versions = new Map(units.map((unitCode, index) => [unitCode, read[index]]));
    if (!this.index.isReady()) return versions;
    const moved = units.filter((unitCode) => this.seen.get(unitCode) !== versions.get(unitCode));
    // Versions are noted before the read: a change during it moves them again.
    for (const [unitCode, version] of versions) this.seen.set(unitCode, version);
    if (moved.length > 0) await this.sync.refresh(moved);
    return versions;
  }

  /** SYNCING, with each unit's progress, until every unit's visits are read once. */
  assertReady(): void {
    if (this.index.isReady()) return;
    const units = this.index.unitCodes.map((unitCode) => {
      const state = this.index.state(unitCode);
      return { unitCode, ready: state.ready, remaining: state.remaining, lastError: state.lastError ?? null };
    });
    const ready = units.filter((unit) => unit.ready).length;
    throw graphError(ErrorCode.SYNCING, `The office's visit index is still being built: ${ready} of ${units.length} units read`, { units });
  }

  /**
   * The value of `slot` at `version`, computed once while it is kept (and only if `keep` says
   * so). A slot keeps its latest version only: when the data moves on, the old value goes at
   * once instead of waiting to be pushed out, so a stream of writes does not pile up findings.
   */
  memo<T>(slot: string, version: string, compute: () => Promise<T>, keep: (value: T) => boolean = () => true): Promise<T> {
    const kept = this.values.get(slot);
    if (kept && kept.version === version) {
      // Most recently used last.
      this.values.delete(slot);
      this.values.set(slot, kept);
      return kept.value as Promise<T>;
    }
    const value = compute();
    const entry = { version, value };
    this.values.set(slot, entry);
    const forget = () => this.values.get(slot) === entry && this.values.delete(slot);
    value.then((result) => keep(result) || forget(), forget);
    if (this.values.size > KEPT_SLOTS) this.values.delete(this.values.keys().next().value as string);
    return value;
  }

  /**
   * Division and industry of these businesses from the registry, asking only for those not
   * known yet (a write adds a business or two, not the thousands a finding names).
   */
  async businessInfo(usccs: readonly string[], read: (usccs: readonly string[]) => Promise<Map<string, BusinessInfo>>): Promise<Map<string, BusinessInfo>> {
    if (Date.now() - this.businessesSince > BUSINESS_INFO_MS) {
      this.businesses = new Map();
      this.businessesSince = Date.now();
    }
    const unknown = usccs.filter((uscc) => !this.businesses.has(uscc));
    if (unknown.length > 0) {
      const found = await read(unknown);
      for (const uscc of unknown) this.businesses.set(uscc, found.get(uscc) ?? null);
    }
    const out = new Map<string, BusinessInfo>();
    for (const uscc of usccs) {
      const info = this.businesses.get(uscc);
      if (info) out.set(uscc, info);
    }
    return out;
  }

  /** A key naming this very object (a kept input), for values derived from it. */
  keyOf(value: object): string {
    let identity = this.identities.get(value);
    if (identity === undefined) this.identities.set(value, (identity = this.nextIdentity++));
    return `#${identity}`;
  }
}
