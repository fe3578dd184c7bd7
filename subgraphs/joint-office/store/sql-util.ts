// Small helpers shared by the repositories: driver-neutral parameters and row values.
import { createHash, randomUUID } from 'node:crypto';

/**
 * A JSON parameter. Pass it as `$n::text::jsonb`: both drivers then send plain text (pg would
 * turn a JS array into a Postgres array, and PGlite picks serializers by the parameter type).
 */
export function jsonParam(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/** timestamptz comes back as a Date from both drivers; keep ISO strings in records. */
export function toIso(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return new Date(String(value)).toISOString();
}

export function toIsoOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : toIso(value);
}

/** JSON with object keys sorted at every level: equal values give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Record ids: readable prefix + random part, e.g. JP-2025-3f9a1c2e4b7d. */
export function newId(prefix: string): string {
  return `${prefix}-${randomUUID().replace(/-/g, '').slice(0, 12)}`;
}

/** Splits a list into chunks so one statement never carries an unbounded payload. */
export function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
