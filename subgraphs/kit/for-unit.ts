import { PlatformError } from '../../lib/platform-http';

/**
 * Runs a platform lookup for one unit; a platform failure names the unit it cost, so a
 * client reading a partial answer knows whose data is missing (extensions.unitCode).
 */
export async function forUnit<T>(unitCode: string, lookup: () => Promise<T>): Promise<T> {
  try {
    return await lookup();
  } catch (error) {
    throw error instanceof PlatformError ? error.forUnit(unitCode) : error;
  }
}

/** DataLoader.loadMany answers errors in place; a list field fails as a whole on the first. */
export function rethrowFirst<T>(values: (T | Error)[]): T[] {
  for (const value of values) if (value instanceof Error) throw value;
  return values as T[];
}
