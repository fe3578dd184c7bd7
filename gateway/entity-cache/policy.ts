// What the gateway's entity cache may keep across requests, and how each kept value is retired.
// An allow-list, not a deny-list: a subgraph fetch is cached only when EVERY field it selects is
// listed here. Every field listed answers the same for every caller (no resolver behind it looks
// at the role), so a kept answer can be served to any caller and the cache key needs no role.
// Role-dependent fields (inspectors' personal data, task inspectors and check-ins, planned days)
// and everything that changes with each write (tasks, visits, figures, publications) are not
// listed: a fetch that selects one of them goes to the subgraph every time.
// test/entity-cache.test.ts asks every listed field as office, public and another unit's role
// and fails when the answers differ.
import { PLATFORM_IDS, departmentTypeName } from '../../config/units';

/** The fields of a type that may be cached: `true` for a leaf, a nested tree for an object field. */
export type FieldTree = { readonly [field: string]: FieldTree | true };

export interface CacheableType {
  /** The subgraph that resolves the type's fields listed here. */
  subgraph: string;
  /** The representation's key field; its value (with the type) names the entity in the cache. */
  key: string;
  /**
   * How a kept value is retired: `unit` — kept under the unit's data version (the version the
   * units' views move on every change, see subgraphs/kit/statistics/cache.ts), so a change
   * retires it at once; `ttl` — only its time to live bounds it (the credit registry keeps no
   * versions; its own cache in the credit subgraph is bounded the same way).
   */
  retiredBy: 'unit' | 'ttl';
  fields: FieldTree;
}

const ITEM: FieldTree = {
  code: true, unitCode: true, name: true, category: true, subject: true, content: true,
  method: true, legalBasis: true, specialty: true, riskBased: true,
};

/** Registry data (public); not `publications`, which are written while the graph runs. */
const ENTERPRISE: CacheableType = {
  subgraph: 'credit',
  key: 'uscc',
  retiredBy: 'ttl',
  fields: {
    uscc: true, name: true, division: { code: true, name: true }, industryCode: true, status: true,
    establishedOn: true, closedOn: true, legalRepresentative: true, address: true,
    riskClass: true, riskClassifiedOn: true, riskHistory: { riskClass: true, classifiedOn: true },
  },
};

/** A unit's name and item list (抽查事项清单), public reference data of its view. */
const departmentType = (platform: string): CacheableType => ({ subgraph: platform, key: 'code', retiredBy: 'unit', fields: { code: true, name: true, items: ITEM } });

export const CACHEABLE_TYPES: ReadonlyMap<string, CacheableType> = new Map([
  ['Enterprise', ENTERPRISE],
  ...PLATFORM_IDS.map((platform) => [departmentTypeName(platform), departmentType(platform)] as const),
]);

/** Root fields that look one entity up by its key, cached like the entity fetch of the same type. */
export interface RootLookup {
  subgraph: string;
  field: string;
  /** The argument holding the key value. */
  argument: string;
  type: string;
}

export const ROOT_LOOKUPS: readonly RootLookup[] = [{ subgraph: 'credit', field: 'enterprise', argument: 'uscc', type: 'Enterprise' }];
