// Starts the whole system on free ports with the test dataset, and sends GraphQL through the
// real gateway as a given role.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig, type SystemConfig } from '../../config/env';
import { signToken } from '../../lib/auth';
import { PinnedClock } from '../../lib/clock';
import type { Role } from '../../lib/roles';
import { startSystem, type RunningSystem, type StartSystemOptions } from '../../system';
import type { RetryOptions } from '../../subgraphs/joint-office/plans/retry-worker';
import type { OfficeStore } from '../../subgraphs/joint-office/store';
import { disposeTestStore, openTestStore } from '../../subgraphs/joint-office/store/testing';

export interface GraphResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface TestSystem extends RunningSystem {
  config: SystemConfig;
  query<T = any>(query: string, options?: { role?: Role; variables?: Record<string, unknown>; token?: string }): Promise<GraphResponse<T>>;
  resetPlatformStats(): void;
  requestCounts(): Record<string, number>;
  /** The joint office's own store: PGlite in memory, or a throwaway schema on DATABASE_URL. */
  officeStore: OfficeStore;
  /** The office's today, pinned (TEST_TODAY unless the options say otherwise); a test may move it. */
  clock: PinnedClock;
}

export interface TestSystemOptions {
  /** Dispatch retry timing of the joint office (default: fast, for tests). */
  dispatchRetry?: Partial<RetryOptions>;
  /** Wait until every view and the office's visit index are built (default true). */
  waitForViews?: boolean;
  /** Faults of platform stand-ins from their start. */
  platformFaults?: StartSystemOptions['platformFaults'];
  /** An office store to use and keep open (a restart test starts a second system on it); default: a throwaway one. */
  officeStore?: OfficeStore;
  /** The office's today (YYYY-MM-DD); default TEST_TODAY. */
  today?: string;
}

/**
 * The office's today in tests: the first working day of the sample data's year (2025), so every
 * plan period and merge date of the data and the tests is still ahead and the date rules refuse
 * nothing unless a test moves the clock (system.clock.set) to see them refuse.
 */
export const TEST_TODAY = '2025-01-02';

const TEST_DISPATCH_RETRY: RetryOptions = { intervalMs: 200, baseDelayMs: 200, maxDelayMs: 2_000 };

export async function startTestSystem(env: NodeJS.ProcessEnv = {}, options: TestSystemOptions = {}): Promise<TestSystem> {
  // Real Redis when the environment names it (CI does); otherwise the in-process cache.
  // Each test system has its own Redis namespace: systems of other test files hold other data.
  const CACHE_PREFIX = `ssj-test-${randomUUID().slice(0, 8)}:`;
  // The views read the feeds on a long interval here, so request counts measured by a test are
  // the test's own: writes through the graph show at once, other changes after syncNow().
  // The platforms keep their writes in a folder of this system's own (a restart test passes it again).
  const platformDir = env.PLATFORM_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'ssj-test-platforms-'));
  const ownsPlatformDir = env.PLATFORM_DATA_DIR === undefined;
  const config = readConfig({ DATA_SCALE: 'test', PLATFORM_TIMEOUT_MS: '800', SUBGRAPH_TIMEOUT_MS: '3000', SYNC_INTERVAL_MS: '600000', REDIS_URL: process.env.REDIS_URL, CACHE_PREFIX, ...env, PLATFORM_DATA_DIR: platformDir });
  const officeStore = options.officeStore ?? (await openTestStore(process.env.DATABASE_URL ? 'postgres' : 'pglite'));
  const ownsOfficeStore = options.officeStore === undefined;
  const clock = new PinnedClock(options.today ?? TEST_TODAY);
  let system: RunningSystem;
  try {
    const dispatchRetry = { ...TEST_DISPATCH_RETRY, ...options.dispatchRetry };
    system = await startSystem({ config, fixedPorts: false, officeStore, dispatchRetry, platformFaults: options.platformFaults, clock });
    // Every unit's view and the office's visit index are built before a test asks.
    if (options.waitForViews !== false) await system.viewsReady(60_000);
  } catch (error) {
    if (ownsOfficeStore) await disposeTestStore(officeStore);
    throw error;
  }
  const tokens = new Map<string, string>();
  return {
    ...system,
    config,
    officeStore,
    clock,
    async close() {
      try {
        await system.cache.deleteByPrefix(''); // this system's own namespace only
        await system.close();
      } finally {
        if (ownsOfficeStore) await disposeTestStore(officeStore);
        if (ownsPlatformDir) rmSync(platformDir, { recursive: true, force: true });
      }
    },
    async query(query, options = {}) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
      else if (options.role) {
        const key = JSON.stringify(options.role);
        if (!tokens.has(key)) tokens.set(key, await signToken(options.role, config.jwtSecret));
        headers.authorization = `Bearer ${tokens.get(key)}`;
      }
      const response = await fetch(system.gateway.url, { method: 'POST', headers, body: JSON.stringify({ query, variables: options.variables }) });
      return { status: response.status, ...((await response.json()) as object) };
    },
    resetPlatformStats() {
      for (const platform of Object.values(system.platforms)) platform.resetStats();
    },
    requestCounts() {
      return Object.fromEntries(Object.entries(system.platforms).map(([name, platform]) => [name, platform.stats().total]));
    },
  };
}

export const OFFICE: Role = { kind: 'office' };
export const PUBLIC: Role = { kind: 'public' };
export const department = (unitCode: string): Role => ({ kind: 'department', unitCode });
