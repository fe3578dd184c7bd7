// Builds each unit's target directory (检查对象名录库) from the registry and the segment rules.
// Entries of one segment share their tags array: hundreds of thousands of entries, a few
// dozen distinct tag lists.

import { MEMBER_UNITS } from '../../config/units';
import { dayNumber, isoDay } from './dates';
import { DIRECTORY_RULES, type Segment } from './directory-rules';
import { SNAPSHOT_DAY } from './enterprises';
import { INDUSTRIES, matchesPrefix } from './industries';
import type { DirectoryEntry, Enterprise } from './model';
import { stream, type Place } from './places';
import { Rng } from './random';

/** A unit's directory plus the indexes the draws need. Arrays run parallel to `entries`. */
export interface UnitDirectory {
  unitCode: string;
  segments: Segment[];
  entries: DirectoryEntry[];
  segmentOf: number[];
  enterpriseOf: number[];
  addedDay: number[];
  /** uscc → entry index */
  indexOf: Map<string, number>;
}

interface Membership {
  directory: UnitDirectory;
  segmentIndex: number;
}

const DIRECTORIES_START = dayNumber('2019-03-01');
const SNAPSHOT = dayNumber(SNAPSHOT_DAY);

/** For every industry class, the (unit, segment) pairs whose directory may list it. */
function membershipsByIndustry(directories: UnitDirectory[]): Map<string, Membership[]> {
  const byIndustry = new Map<string, Membership[]>();
  for (const industry of INDUSTRIES) {
    const memberships: Membership[] = [];
    for (const directory of directories) {
      const segmentIndex = directory.segments.findIndex((s) => matchesPrefix(industry.code, s.prefixes));
      if (segmentIndex >= 0) memberships.push({ directory, segmentIndex });
    }
    byIndustry.set(industry.code, memberships);
  }
  return byIndustry;
}

/** Every unit's directory of one place's businesses. */
export function buildDirectories(seed: number, place: Place, enterprises: readonly Enterprise[]): Map<string, UnitDirectory> {
  const rng = new Rng(seed, stream(place, 'directories'));
  const directories = MEMBER_UNITS.map(
    (unit): UnitDirectory => ({
      unitCode: unit.code,
      segments: DIRECTORY_RULES[unit.code] ?? [],
      entries: [],
      segmentOf: [],
      enterpriseOf: [],
      addedDay: [],
      indexOf: new Map(),
    }),
  );
  const byIndustry = membershipsByIndustry(directories);
  enterprises.forEach((enterprise, enterpriseIndex) => {
    if (enterprise.status !== 'operating' && enterprise.status !== 'abnormal') return;
    // Abnormal businesses drop out of some directories once they cannot be reached.
    const keep = enterprise.status === 'abnormal' ? 0.8 : 1;
    const established = dayNumber(enterprise.establishedOn);
    for (const { directory, segmentIndex } of byIndustry.get(enterprise.industryCode) ?? []) {
      const segment = directory.segments[segmentIndex];
      if (!rng.chance(segment.probability * keep)) continue;
      const added = Math.min(SNAPSHOT, Math.max(established, DIRECTORIES_START) + rng.int(0, 60));
      directory.indexOf.set(enterprise.uscc, directory.entries.length);
      directory.entries.push({
        unitCode: directory.unitCode,
        uscc: enterprise.uscc,
        tags: segment.tags,
        divisionCode: enterprise.divisionCode,
        industryCode: enterprise.industryCode,
        addedOn: isoDay(added),
      });
      directory.segmentOf.push(segmentIndex);
      directory.enterpriseOf.push(enterpriseIndex);
      directory.addedDay.push(added);
    }
  });
  return new Map(directories.map((directory) => [directory.unitCode, directory]));
}
