// The platform-side writes of directory entries and inspectors, through the harness's side door
// (`/__admin/units/{unit}/…`), so a change made in a platform shows in its change feed as it
// would when a clerk edits the unit's directory or an inspector's record there.
import type { DirectoryEntry, Inspector } from '../data/model';
import type { ChangeLog } from './change-log';
import type { PlatformRequest, PlatformResponse } from './server';

/** What a unit's store offers the side door: its change log and the writes that append to it. */
export interface FeedUnit {
  changes: ChangeLog;
  /** Adds or replaces the entry of `entry.uscc`. */
  putDirectoryEntry(entry: DirectoryEntry): void;
  /** False when the business is not in the directory. */
  removeDirectoryEntry(uscc: string): boolean;
  /** The changed inspector, or undefined when there is none with this id. */
  changeInspector(id: string, change: Partial<Omit<Inspector, 'id' | 'unitCode'>>): Inspector | undefined;
}

const ROUTE = /^\/__admin\/units\/([^/]+)\/(directory|inspectors)\/([^/]+)$/;

function json(status: number, value: unknown): PlatformResponse {
  return { status, contentType: 'application/json; charset=utf-8', body: JSON.stringify(value) };
}

/** Answers the side-door writes of these units; undefined for a path that is not one of them. */
export function feedAdmin(units: ReadonlyMap<string, FeedUnit>): (request: PlatformRequest) => PlatformResponse | undefined {
  return (request) => {
    const match = ROUTE.exec(request.path);
    if (!match) return undefined;
    const [, unitCode, resource, key] = match.map(decodeURIComponent);
    const unit = units.get(unitCode);
    if (!unit) return json(404, { error: `unit ${unitCode} is not on this platform` });
    const body = () => JSON.parse(request.body || '{}') as Record<string, unknown>;
    if (resource === 'directory' && request.method === 'PUT') {
      const entry = { ...body(), unitCode, uscc: key } as DirectoryEntry;
      unit.putDirectoryEntry(entry);
      return json(200, entry);
    }
    if (resource === 'directory' && request.method === 'DELETE') {
      return unit.removeDirectoryEntry(key) ? json(200, { removed: key }) : json(404, { error: `${key} is not in the directory` });
    }
    if (resource === 'inspectors' && request.method === 'PATCH') {
      const { id: _id, unitCode: _unit, ...change } = body();
      const inspector = unit.changeInspector(key, change);
      return inspector ? json(200, inspector) : json(404, { error: `no inspector ${key}` });
    }
    return json(405, { error: `${request.method} is not allowed on ${request.path}` });
  };
}
