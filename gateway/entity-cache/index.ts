// The gateway's entity cache: answers of subgraph entity fetches kept per entity across requests
// and callers, so a repeated lookup (a business of the credit registry, a unit's item list) costs
// no subgraph call. It sits in the subgraph client (gateway/subgraph-source.ts): before a query
// goes out, the entities it asks for are looked up (one getMany); only the missing ones are
// sent, and the subgraph's answer is put together with the kept ones and kept in turn.
//
// Safe across roles because only allow-listed, role-independent fields are ever kept (policy.ts),
// so keys carry no role. Kept values are retired by the data versions the components share
// (keyspace versioning, docs/scaling.md): an entity of a unit is kept with the unit's version
// read BEFORE the call, and served only while that version is still current, so a write that
// moves the version makes the next read go to the subgraph. Registry entities have no version:
// their time to live bounds them. Answers with errors, and null entities, are never kept.
// The cache is the shared one (Redis when REDIS_URL is set, else the process's LRU); a failing
// cache only costs the calls it would have saved.
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { DocumentNode, GraphQLFormattedError } from 'graphql';
import type { Cache } from '../../lib/cache';
import { entityCacheLookups } from '../../lib/metrics';
import { fetchPlan, type FetchPlan } from './plan';
import { CACHEABLE_TYPES } from './policy';

export interface EntityCacheOptions {
  cache: Cache;
  /** How long a kept entity lives at most (ENTITY_CACHE_TTL_SECONDS). */
  ttlSeconds: number;
  /**
   * The units' current data versions (a version is made for a unit that has none). Absent when
   * the gateway does not share a cache with the subgraphs: entities retired by a unit's version
   * are then not cached at all, as their changes would never be heard of.
   */
  unitVersions?(unitCodes: readonly string[]): Promise<string[]>;
}

/** What the cache holds for one fetch. */
export interface CachedFetch {
  /** The whole answer, when the cache held every entity: no call is needed. */
  answer?: GatewayGraphQLResponse;
  /** The variables to send instead: only the entities the cache lacked. */
  variables: Record<string, unknown> | undefined;
  /** Puts the subgraph's answer together with the kept entities, and keeps the new ones. */
  complete(response: GatewayGraphQLResponse): GatewayGraphQLResponse;
}

interface EntityRef {
  type: string;
  key: string;
  /** The representation as the gateway sent it (entity fetches only). */
  representation?: unknown;
}

interface Slot {
  cacheKey: string;
  /** The unit's data version the entity is kept under; null for entities bounded by time only. */
  version: string | null;
  found?: unknown;
}

/** Longest key value taken as an entity's name (credit codes are 18, unit codes shorter). */
const MAX_KEY_LENGTH = 64;
const KEY_PREFIX = 'entity:';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export class EntityCache {
  constructor(private readonly options: EntityCacheOptions) {}

  /**
   * What the cache holds for a query about to go to `subgraph`; undefined (at once, without a
   * promise) when the query is not an entity fetch on the allow-list.
   */
  lookup(subgraph: string, query: string, variables: Record<string, unknown> | undefined, document?: DocumentNode): Promise<CachedFetch | undefined> | undefined {
    const plan = fetchPlan(subgraph, query, document);
    // Without the units' versions only entities bounded by time are kept: no need to look further.
    if (!plan || (!this.options.unitVersions && !boundedByTime(plan))) return undefined;
    const entities = entitiesOf(plan, variables);
    if (!entities) return undefined;
    const units = entities.filter((entity) => CACHEABLE_TYPES.get(entity.type)!.retiredBy === 'unit').map((entity) => entity.key);
    if (units.length > 0 && !this.options.unitVersions) return undefined;
    return this.read(subgraph, plan, entities, variables, units);
  }

  private async read(subgraph: string, plan: FetchPlan, entities: EntityRef[], variables: Record<string, unknown> | undefined, units: string[]): Promise<CachedFetch | undefined> {
    const cacheKeys = entities.map((entity) => `${KEY_PREFIX}${entity.type}:${plan.selection}:${entity.key}`);
    let texts: (string | undefined)[];
    let versions: string[];
    try {
      const reading = this.options.cache.getMany(cacheKeys).catch(() => cacheKeys.map(() => undefined));
      [texts, versions] = units.length > 0 ? await Promise.all([reading, this.options.unitVersions!(units)]) : [await reading, []];
    } catch {
      // Without the versions nothing can be served or kept safely: the subgraph answers.
      return undefined;
    }
    let unitIndex = 0;
    const slots: Slot[] = entities.map((entity, index) => {
      const version = CACHEABLE_TYPES.get(entity.type)!.retiredBy === 'unit' ? versions[unitIndex++] : null;
      const slot: Slot = { cacheKey: cacheKeys[index], version };
      const kept = parseKept(texts[index]);
      if (kept && kept[0] === version) slot.found = kept[1];
      return slot;
    });
    const missing = slots.flatMap((slot, index) => (slot.found === undefined ? [index] : []));
    const hits = slots.length - missing.length;
    if (hits > 0) entityCacheLookups.inc({ subgraph, result: 'hit' }, hits);
    if (missing.length > 0) entityCacheLookups.inc({ subgraph, result: 'miss' }, missing.length);

    if (plan.kind === 'root') {
      if (missing.length === 0) return { answer: { data: { [plan.responseName]: slots[0].found } }, variables, complete: (response) => response };
      return {
        variables,
        complete: (response) => {
          const entity = response.data?.[plan.responseName];
          if (!response.errors?.length && isObject(entity)) this.keep([[slots[0], entity]]);
          return response;
        },
      };
    }
    if (missing.length === 0) return { answer: { data: { _entities: slots.map((slot) => slot.found) } }, variables, complete: (response) => response };
    const sent = { ...variables, [plan.variable]: missing.map((index) => entities[index].representation) };
    return { variables: sent, complete: (response) => this.completeEntities(response, slots, missing) };
  }

  /** The subgraph answered the missing entities: keep them and put the whole list together. */
  private completeEntities(response: GatewayGraphQLResponse, slots: Slot[], missing: number[]): GatewayGraphQLResponse {
    const received: unknown = response.data?._entities;
    if (!Array.isArray(received) || received.length !== missing.length) return { ...response, errors: remapErrors(response.errors, missing) };
    if (!response.errors?.length) this.keep(missing.flatMap((index, at) => (isObject(received[at]) ? [[slots[index], received[at]] as const] : [])));
    if (missing.length === slots.length) return response;
    const merged = slots.map((slot) => slot.found);
    missing.forEach((index, at) => (merged[index] = received[at]));
    return { ...response, data: { ...response.data, _entities: merged }, errors: remapErrors(response.errors, missing) };
  }

  /** Serialised now (the gateway changes the answer's objects afterwards), written in the background. */
  private keep(entries: readonly (readonly [Slot, unknown])[]): void {
    if (entries.length === 0) return;
    const texts = entries.map(([slot, entity]) => [slot.cacheKey, JSON.stringify([slot.version, entity])] as const);
    this.options.cache.setMany(texts, this.options.ttlSeconds).catch(() => undefined);
  }
}

/** Whether a fetch may ask for entities kept for their time to live only (not retired by a unit's version). */
function boundedByTime(plan: FetchPlan): boolean {
  const types = plan.kind === 'root' ? [plan.type] : plan.types;
  for (const type of types) if (CACHEABLE_TYPES.get(type)!.retiredBy === 'ttl') return true;
  return false;
}

/** The entities a fetch asks for, or null when one of them is not a plain key of an allow-listed type. */
function entitiesOf(plan: FetchPlan, variables: Record<string, unknown> | undefined): EntityRef[] | null {
  if (plan.kind === 'root') {
    const key = 'value' in plan.key ? plan.key.value : variables?.[plan.key.variable];
    return isKey(key) ? [{ type: plan.type, key }] : null;
  }
  const representations = variables?.[plan.variable];
  if (!Array.isArray(representations) || representations.length === 0) return null;
  const entities: EntityRef[] = [];
  for (const representation of representations) {
    if (!isObject(representation)) return null;
    const type = representation.__typename;
    if (typeof type !== 'string' || !plan.types.has(type)) return null;
    const keyField = CACHEABLE_TYPES.get(type)!.key;
    const key = representation[keyField];
    // Anything besides the key (fields a @requires would add) could change the answer.
    if (!isKey(key) || Object.keys(representation).length !== 2) return null;
    entities.push({ type, key, representation });
  }
  return entities;
}

/** A kept entry, `[version, entity]`; anything else under the key counts as absent. */
function parseKept(text: string | undefined): [string | null, unknown] | undefined {
  if (text === undefined) return undefined;
  try {
    const kept: unknown = JSON.parse(text);
    return Array.isArray(kept) && kept.length === 2 && isObject(kept[1]) ? (kept as [string | null, unknown]) : undefined;
  } catch {
    return undefined;
  }
}

function isKey(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_KEY_LENGTH;
}

/** Error paths of the sent entities (`_entities.<i>`) point at the entities of the whole fetch. */
function remapErrors(errors: GatewayGraphQLResponse['errors'], missing: number[]): GatewayGraphQLResponse['errors'] {
  if (!errors?.length) return errors;
  return errors.map((error): GraphQLFormattedError => {
    const path = error.path;
    if (!path || path[0] !== '_entities' || typeof path[1] !== 'number' || missing[path[1]] === undefined) return error;
    return { ...error, path: ['_entities', missing[path[1]], ...path.slice(2)] };
  });
}
