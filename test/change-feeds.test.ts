// The change feeds of the four platform stand-ins and the credit system, through their adapters
// over HTTP: reading from the start yields the unit's whole generated directory first (one
// `directory` change per entry, in dataset order, not removed), then every generated task, result,
// follow-up and plan exactly as the dataset has them, one request per page; later writes (tasks,
// and the platform-side directory and inspector writes) follow the caught-up cursor in their new
// state, and a reader from the start sees every logged record as it is now (a removed entry of the
// generated directory as removed); a cursor of another start of the platform, of another unit, or
// forged is CURSOR_EXPIRED.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../lib/errors';
import { datasetFor } from '../platforms/data/generate';
import type { Dataset, DirectoryEntry, Publication, Task } from '../platforms/data/model';
import { createCreditPlatform } from '../platforms/credit/index';
import { createEcologyPlatform } from '../platforms/ecology/server';
import { createEmergencyPlatform } from '../platforms/emergency/server';
import { createFirePlatform } from '../platforms/fire/server';
import { startPlatform, type PlatformDefinition, type RunningPlatform } from '../platforms/kit/server';
import { createProvincialPlatform } from '../platforms/provincial/server';
import { CreditPlatformClient } from '../subgraphs/credit/client';
import { EcologyPlatformClient } from '../subgraphs/ecology/client';
import { EmergencyPlatformClient } from '../subgraphs/emergency/client';
import { FirePlatformClient } from '../subgraphs/fire/client';
import type { DepartmentPlatform, UnitChanges } from '../subgraphs/kit/platform';
import { ProvincialPlatformClient } from '../subgraphs/provincial/client';
import { platformFailure } from './helpers/platform-failure';

interface Case {
  platform: string;
  unitCode: string;
  /** Another unit on the same platform (its cursors must not work for unitCode). */
  otherUnit?: string;
  maxPage: number;
  build(dataset: Dataset): PlatformDefinition;
  client(url: string): DepartmentPlatform;
}

const CASES: Case[] = [
  {
    platform: 'provincial',
    unitCode: 'market',
    otherUnit: 'health',
    maxPage: 5000,
    build: (dataset) => createProvincialPlatform(dataset),
    client: (baseUrl) => new ProvincialPlatformClient({ baseUrl, timeoutMs: 5000 }),
  },
  { platform: 'ecology', unitCode: 'ecology', maxPage: 5000, build: (dataset) => createEcologyPlatform(dataset), client: (baseUrl) => new EcologyPlatformClient({ baseUrl, timeoutMs: 5000 }) },
  { platform: 'emergency', unitCode: 'emergency', maxPage: 2000, build: (dataset) => createEmergencyPlatform(dataset), client: (baseUrl) => new EmergencyPlatformClient({ baseUrl, timeoutMs: 5000 }) },
  { platform: 'fire', unitCode: 'fire', maxPage: 5000, build: (dataset) => createFirePlatform(dataset), client: (baseUrl) => new FirePlatformClient({ baseUrl, timeoutMs: 5000 }) },
];

const dataset = datasetFor('test');

/** Every page from `after` to the end, merged; `pages` counts the calls. */
async function readAll(client: DepartmentPlatform, unitCode: string, after: string | undefined, first: number) {
  const all: Omit<UnitChanges, 'cursor' | 'hasMore' | 'remaining'> = { tasks: [], results: [], followUps: [], plans: [], inspectors: [], directory: [] };
  const remainders: number[] = [];
  let cursor = after;
  let pages = 0;
  for (;;) {
    const page = await client.changes(unitCode, cursor, first);
    pages += 1;
    for (const key of Object.keys(all) as (keyof typeof all)[]) (all[key] as unknown[]).push(...page[key]);
    remainders.push(page.remaining);
    cursor = page.cursor;
    if (!page.hasMore) {
      expect(page.remaining).toBe(0);
      return { ...all, cursor, pages, remainders };
    }
    expect(page.remaining).toBeGreaterThan(0);
  }
}

async function adminWrite(platform: RunningPlatform, method: string, path: string, body?: unknown) {
  const response = await fetch(`${platform.url}/__admin/units/${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  expect(response.status, await response.clone().text()).toBe(200);
  return response.json();
}

describe.each(CASES)('$platform change feed', (testCase) => {
  const unit = dataset.units[testCase.unitCode];
  /** The generated log: the whole directory first, then tasks, results, follow-ups and plans. */
  const logLength = unit.directory.length + unit.tasks.length + unit.results.length + unit.followUps.length + unit.plans.length;
  /** The generated directory as the feed gives it: every entry in dataset order, in its current (generated) state. */
  const generatedDirectory = unit.directory.map((entry) => ({ entry, removed: false }));
  let platform: RunningPlatform;
  let client: DepartmentPlatform;
  let caughtUp: string;
  /** The task written below, as the feed gives it once cancelled (logged twice: created, cancelled). */
  let written: Task;

  beforeAll(async () => {
    platform = await startPlatform(testCase.build(dataset), { port: 0 });
    client = testCase.client(platform.url);
  });
  afterAll(() => platform.close());

  it('gives the whole generated directory and every generated task, result, follow-up and plan of the unit, in dataset order, one request per page', async () => {
    expect(client.maxChangesPage).toBe(testCase.maxPage);
    expect(unit.directory.length).toBeGreaterThan(30);
    expect(logLength - unit.directory.length).toBeGreaterThan(30);
    const first = Math.ceil(logLength / 3);
    platform.resetStats();
    const read = await readAll(client, testCase.unitCode, undefined, first);
    expect(read.pages).toBe(3);
    expect(platform.stats().total).toBe(3);
    expect(read.remainders).toEqual([logLength - first, logLength - 2 * first, 0]);
    expect(read.directory).toEqual(generatedDirectory);
    expect(read.tasks).toEqual(unit.tasks);
    expect(read.results).toEqual(unit.results);
    expect(read.followUps).toEqual(unit.followUps);
    expect(read.plans).toEqual(unit.plans);
    // Inspectors are snapshotted through their listing, not replayed.
    expect(read.inspectors).toEqual([]);
    caughtUp = read.cursor;
  });

  it('starts with the directory: a page of exactly its length holds all of it and nothing else, the rest follows', async () => {
    platform.resetStats();
    const head = await client.changes(testCase.unitCode, undefined, unit.directory.length);
    expect(head).toEqual({
      tasks: [],
      results: [],
      followUps: [],
      plans: [],
      inspectors: [],
      directory: generatedDirectory,
      cursor: head.cursor,
      hasMore: true,
      remaining: logLength - unit.directory.length,
    });
    const tail = await client.changes(testCase.unitCode, head.cursor, logLength - unit.directory.length);
    expect(tail).toEqual({
      tasks: unit.tasks,
      results: unit.results,
      followUps: unit.followUps,
      plans: unit.plans,
      inspectors: [],
      directory: [],
      cursor: caughtUp,
      hasMore: false,
      remaining: 0,
    });
    expect(platform.stats().total).toBe(2);
  });

  it('reads the whole catch-up in one page at the platform’s largest page', async () => {
    // The test dataset's unit fits one page of this platform, directory included.
    expect(logLength).toBeLessThanOrEqual(client.maxChangesPage);
    platform.resetStats();
    const page = await client.changes(testCase.unitCode, undefined, client.maxChangesPage);
    expect(page).toEqual({
      tasks: unit.tasks,
      results: unit.results,
      followUps: unit.followUps,
      plans: unit.plans,
      inspectors: [],
      directory: generatedDirectory,
      cursor: caughtUp,
      hasMore: false,
      remaining: 0,
    });
    expect(platform.stats().total).toBe(1);
  });

  it('answers nothing new at the last cursor, then a created and a cancelled task in their new state', async () => {
    const idle = await client.changes(testCase.unitCode, caughtUp, 100);
    expect(idle).toEqual({ tasks: [], results: [], followUps: [], plans: [], inspectors: [], directory: [], hasMore: false, remaining: 0, cursor: caughtUp });

    const [created] = await client.createTasks(testCase.unitCode, [
      {
        externalKey: `FEED/${testCase.unitCode}/1`,
        planId: 'FEED-P1',
        uscc: unit.directory[0].uscc,
        itemCodes: [unit.items[0].code],
        inspectorIds: [unit.inspectors[0].id, unit.inspectors[1].id],
        plannedOn: '2025-09-01',
      },
    ]);
    const afterCreate = await client.changes(testCase.unitCode, caughtUp, 100);
    expect(afterCreate.tasks).toEqual([created.task]);
    expect(afterCreate.tasks[0].status).toBe('pending');

    const [cancelled] = await client.cancelTasks(testCase.unitCode, [created.task.id]);
    const afterCancel = await client.changes(testCase.unitCode, afterCreate.cursor, 100);
    expect(afterCancel.tasks).toEqual([cancelled]);
    expect(afterCancel.tasks[0].status).toBe('cancelled');
    expect(afterCancel).toMatchObject({ directory: [], inspectors: [], hasMore: false, remaining: 0 });
    // Changed-since semantics: from the earlier cursor the task shows twice, both times as it is now.
    expect((await client.changes(testCase.unitCode, caughtUp, 100)).tasks).toEqual([cancelled, cancelled]);
    caughtUp = afterCancel.cursor;
    written = cancelled;
  });

  it('follows platform-side writes of the directory and of inspectors after the caught-up cursor; from the start, a removed generated entry shows removed', async () => {
    // The caught-up cursor, read after everything logged so far: the generated log and the two task writes.
    platform.resetStats();
    const everything = await client.changes(testCase.unitCode, undefined, client.maxChangesPage);
    expect(everything).toMatchObject({ hasMore: false, remaining: 0, cursor: caughtUp, directory: generatedDirectory, tasks: [...unit.tasks, written, written] });
    const caughtUpNow = everything.cursor;

    const inDirectory = new Set(unit.directory.map((entry) => entry.uscc));
    const outsider = dataset.enterprises.find((enterprise) => !inDirectory.has(enterprise.uscc))!;
    const added: DirectoryEntry = {
      unitCode: testCase.unitCode,
      uscc: outsider.uscc,
      tags: ['新增'],
      divisionCode: outsider.divisionCode,
      industryCode: outsider.industryCode,
      addedOn: '2025-10-08',
    };
    const gone = unit.directory[1];
    const inspector = unit.inspectors[0];
    await adminWrite(platform, 'PUT', `${testCase.unitCode}/directory/${added.uscc}`, added);
    await adminWrite(platform, 'DELETE', `${testCase.unitCode}/directory/${gone.uscc}`);
    await adminWrite(platform, 'PATCH', `${testCase.unitCode}/inspectors/${inspector.id}`, { phone: '13800000000', active: false });

    const changed = { ...inspector, phone: '13800000000', active: false };
    const page = await client.changes(testCase.unitCode, caughtUpNow, 100);
    expect(page).toEqual({
      tasks: [],
      results: [],
      followUps: [],
      plans: [],
      inspectors: [changed],
      directory: [
        { entry: added, removed: false },
        { entry: gone, removed: true },
      ],
      cursor: page.cursor,
      hasMore: false,
      remaining: 0,
    });
    expect(platform.stats().total).toBe(2);

    // From the start: the generated directory (with `gone` in its current, removed, state where it
    // was generated), the tasks with the written one twice as it is now, then the three writes.
    const fromStart = await readAll(client, testCase.unitCode, undefined, client.maxChangesPage);
    expect(fromStart.pages).toBe(1);
    expect(fromStart.cursor).toBe(page.cursor);
    expect(fromStart.directory).toEqual([
      ...unit.directory.map((entry) => ({ entry, removed: entry.uscc === gone.uscc })),
      { entry: added, removed: false },
      { entry: gone, removed: true },
    ]);
    expect(fromStart.directory[1]).toEqual({ entry: gone, removed: true });
    expect(fromStart.tasks).toEqual([...unit.tasks, written, written]);
    expect(fromStart.results).toEqual(unit.results);
    expect(fromStart.followUps).toEqual(unit.followUps);
    expect(fromStart.plans).toEqual(unit.plans);
    expect(fromStart.inspectors).toEqual([changed]);
    // The reads of the platform see the same.
    expect(await client.directoryEntries(testCase.unitCode, [added.uscc, gone.uscc])).toEqual([added, null]);
  });

  it('refuses a cursor of another start of the platform, of another unit, or forged, as CURSOR_EXPIRED', async () => {
    const restarted = await startPlatform(testCase.build(dataset), { port: 0 });
    try {
      const other = testCase.client(restarted.url);
      const oldCursor = (await other.changes(testCase.unitCode, undefined, 5)).cursor;
      const expired = await platformFailure(client.changes(testCase.unitCode, oldCursor, 5));
      expect(expired.code).toBe(ErrorCode.CURSOR_EXPIRED);
      expect(expired.platform).toBe(testCase.platform);
    } finally {
      await restarted.close();
    }
    const forged = Buffer.from('0123456789ab.market.1').toString('base64url');
    for (const cursor of [forged, 'not-a-cursor', `${caughtUp}x`]) {
      expect((await platformFailure(client.changes(testCase.unitCode, cursor, 5))).code).toBe(ErrorCode.CURSOR_EXPIRED);
    }
    if (testCase.otherUnit) {
      const foreign = (await client.changes(testCase.otherUnit, undefined, 1)).cursor;
      expect((await platformFailure(client.changes(testCase.unitCode, foreign, 5))).code).toBe(ErrorCode.CURSOR_EXPIRED);
    }
  });
});

describe('credit publication feed', () => {
  let platform: RunningPlatform;
  let client: CreditPlatformClient;
  const byTime = (a: Publication, b: Publication) => Date.parse(a.publishedAt) - Date.parse(b.publishedAt) || (a.id < b.id ? -1 : 1);
  const expected = [...dataset.publications].sort(byTime);

  beforeAll(async () => {
    platform = await startPlatform(createCreditPlatform(dataset), { port: 0 });
    client = new CreditPlatformClient({ baseUrl: platform.url, timeoutMs: 5000 });
  });
  afterAll(() => platform.close());

  it('gives every publication of every unit, by time, page by page; a new publication follows the last cursor', async () => {
    expect(expected.length).toBeGreaterThan(10);
    const first = Math.ceil(expected.length / 4);
    platform.resetStats();
    const publications: Publication[] = [];
    let cursor: string | undefined;
    let pages = 0;
    for (;;) {
      const page = await client.publicationChanges(cursor, first);
      pages += 1;
      publications.push(...page.publications);
      cursor = page.cursor;
      expect(page.remaining).toBe(expected.length - publications.length);
      if (!page.hasMore) break;
    }
    expect(publications).toEqual(expected);
    expect(pages).toBe(4);
    expect(platform.stats().total).toBe(4);

    const task = dataset.units.market.tasks.find((candidate) => !dataset.publications.some((p) => p.taskId === candidate.id))!;
    const { publication } = await client.publish({ uscc: task.uscc, unitCode: 'market', taskId: task.id, summary: '未发现问题', publishedAt: '2025-12-01T10:00:00+08:00' });
    const next = await client.publicationChanges(cursor, 100);
    expect(next.publications).toEqual([publication]);
    expect(next).toMatchObject({ hasMore: false, remaining: 0 });
  });

  it('refuses a cursor of another start, or forged, as CURSOR_EXPIRED', async () => {
    const restarted = await startPlatform(createCreditPlatform(dataset), { port: 0 });
    try {
      const oldCursor = (await new CreditPlatformClient({ baseUrl: restarted.url, timeoutMs: 5000 }).publicationChanges(undefined, 1)).cursor;
      expect((await platformFailure(client.publicationChanges(oldCursor, 10))).code).toBe(ErrorCode.CURSOR_EXPIRED);
    } finally {
      await restarted.close();
    }
    expect((await platformFailure(client.publicationChanges('forged', 10))).code).toBe(ErrorCode.CURSOR_EXPIRED);
  });
});
