// What the four department platform tests share (a stand-in and its adapter, end to end over
// HTTP): the stand-in on an ephemeral port with the adapter in front, walking a list page by
// page, and the answers the dataset says each read must give, computed by plain scans.
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { datasetFor } from '../../platforms/data/generate';
import type { Dataset, DirectoryEntry, UnitData } from '../../platforms/data/model';
import { NO_FAULTS, startPlatform, type PlatformDefinition, type RunningPlatform } from '../../platforms/kit/server';
import type { DepartmentPlatform, DirectoryQuery, PlatformPage } from '../../subgraphs/kit/platform';
import { emergencyFireDataset } from '../fixtures/emergency-fire-dataset';

/** The generated test dataset, and hand-built records that plant the shapes wire formats break on. */
export const DATASET_SOURCES: [string, () => Dataset][] = [
  ['generated test dataset', () => datasetFor('test')],
  ['hand-built edge cases', emergencyFireDataset],
];

export interface AdapterRig<Client> {
  dataset: Dataset;
  platform: RunningPlatform;
  client: Client;
}

/**
 * For the suite it is called in: the stand-in `create` makes of `load()`, started on a free port
 * before the first test with `connect(url)`'s adapter in front, closed after the last. Each test
 * starts with no faults and zeroed request counters. The rig's fields are set in beforeAll.
 */
export function adapterRig<Client>(load: () => Dataset, create: (dataset: Dataset) => PlatformDefinition, connect: (url: string) => Client): AdapterRig<Client> {
  const rig = {} as AdapterRig<Client>;
  beforeAll(async () => {
    rig.dataset = load();
    rig.platform = await startPlatform(create(rig.dataset), { port: 0 });
    rig.client = connect(rig.platform.url);
  });
  afterAll(() => rig.platform?.close());
  afterEach(() => {
    rig.platform.setFaults(NO_FAULTS);
    rig.platform.resetStats();
  });
  return rig;
}

/** Every page of a list from the first, following `next` (at most 1000 pages); each page's totalCount. */
export async function walk<T>(fetchPage: (after: string | undefined) => Promise<PlatformPage<T>>): Promise<{ nodes: T[]; pages: number; totals: number[] }> {
  const nodes: T[] = [];
  const totals: number[] = [];
  let after: string | undefined;
  let pages = 0;
  do {
    const page = await fetchPage(after);
    nodes.push(...page.nodes);
    totals.push(page.totalCount);
    pages += 1;
    after = page.next ?? undefined;
  } while (after !== undefined && pages < 1000);
  return { nodes, pages, totals };
}

/** The adapter's items, inspectors, certified officers and plans (all, and of `year`) equal the unit's data. */
export async function expectReferenceLists(client: DepartmentPlatform, unitCode: string, data: UnitData, year: number): Promise<void> {
  expect(await client.items(unitCode)).toStrictEqual(data.items);
  expect(await client.inspectors(unitCode)).toStrictEqual(data.inspectors);
  expect(await client.certifiedOfficers(unitCode)).toStrictEqual(data.certifiedOfficers);
  expect(await client.plans(unitCode)).toStrictEqual(data.plans);
  expect(await client.plans(unitCode, year)).toStrictEqual(data.plans.filter((plan) => plan.year === year));
}

type DirectoryFilter = Pick<DirectoryQuery, 'divisionCode' | 'industryPrefix' | 'tag'>;

/** One filter on each of the sample's division, industry major group (two digits) and first tag. */
export function singleFilters(sample: DirectoryEntry): DirectoryFilter[] {
  return [{ divisionCode: sample.divisionCode }, { industryPrefix: sample.industryCode.slice(0, 2) }, { tag: sample.tags[0] }];
}

/**
 * Walks each filtered directory in pages of `first`: it is not empty, equals the unit's entries
 * matching every given filter, in row order, and every page counts all of them.
 */
export async function expectFilteredDirectory(client: DepartmentPlatform, unitCode: string, directory: readonly DirectoryEntry[], filters: DirectoryFilter[], first: number): Promise<void> {
  for (const filter of filters) {
    const expected = directory.filter(
      (entry) =>
        (filter.divisionCode === undefined || entry.divisionCode === filter.divisionCode) &&
        (filter.industryPrefix === undefined || entry.industryCode.startsWith(filter.industryPrefix)) &&
        (filter.tag === undefined || entry.tags.includes(filter.tag)),
    );
    const walked = await walk((after) => client.directory(unitCode, { ...filter, first, after }));
    expect(expected.length).toBeGreaterThan(0);
    expect(walked.nodes).toStrictEqual(expected);
    expect(new Set(walked.totals)).toEqual(new Set([expected.length]));
  }
}

/** What each batch read must answer for the keys asked, from the unit's data. */
export function batchAnswers(data: UnitData) {
  return {
    directoryEntries: (usccs: readonly string[]) => usccs.map((uscc) => data.directory.find((entry) => entry.uscc === uscc) ?? null),
    tasksOfBusinesses: (usccs: readonly string[]) => usccs.map((uscc) => data.tasks.filter((task) => task.uscc === uscc)),
    results: (taskIds: readonly string[]) => taskIds.map((id) => data.results.find((result) => result.taskId === id) ?? null),
    followUps: (taskIds: readonly string[]) => taskIds.map((id) => data.followUps.filter((followUp) => followUp.taskId === id)),
  };
}
