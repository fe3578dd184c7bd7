// The system a benchmark measures, in one of the two layouts a city may run: everything in this
// process (`one`, as `npm start`), or the platforms, each subgraph and the gateway in processes
// of their own (`processes`, as a deployment; they share Redis so the office and the gateway
// hear of the units' changes). Either way the bench talks to it over HTTP only.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig, type SystemConfig } from '../config/env';
import { PLATFORM_SERVICES, SUBGRAPH_SERVICES, type PlatformName, type SubgraphName } from '../config/services';
import { signToken } from '../lib/auth';
import { startSystem } from '../system';
import { addressesEnv, startProcesses } from '../system/processes';
import { log as logger } from '../lib/log';

export type Layout = 'one' | 'processes';

export interface BenchSystem {
  layout: Layout;
  config: SystemConfig;
  origin: string;
  token: string;
  platformUrl(name: PlatformName): string;
  /** A subgraph's /graphql, for measuring it without the gateway. */
  subgraphUrl(name: SubgraphName): string;
  /** Resident memory of the system: this process, or the sum of its processes. */
  rssMb(): number;
  /** CPU milliseconds the system has used so far (user + system, all threads; this process or its processes). */
  cpuMs(): number;
  /** Milliseconds from the start call until the servers listened. */
  startedMs: number;
  close(): Promise<void>;
}

const PORT_BASE = 14000;

const TICKS_PER_SECOND = 100;
/** utime + stime of a process from /proc (clock ticks of 10 ms on Linux). */
function cpuMsOfPid(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

function rssOfPid(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

export async function startBenchSystem(layout: Layout, given: NodeJS.ProcessEnv, log: (line: string) => void): Promise<BenchSystem> {
  const started = Date.now();
  // A JSON line per request would cost the servers time and fill the report; LOG_LEVEL still wins.
  const env: NodeJS.ProcessEnv = { ...given, LOG_LEVEL: given.LOG_LEVEL || 'warn' };
  logger.level = env.LOG_LEVEL!;
  const officeDir = mkdtempSync(join(tmpdir(), 'ssj-bench-office-'));
  // The platforms' writes go to a throwaway store too: a bench never meets the stores of npm start.
  const platformDir = mkdtempSync(join(tmpdir(), 'ssj-bench-platforms-'));
  if (layout === 'one') {
    const config = readConfig({ ...env, OFFICE_DATA_DIR: officeDir, PLATFORM_DATA_DIR: platformDir });
    const system = await startSystem({ config, fixedPorts: false, log });
    const token = await signToken({ kind: 'office' }, config.jwtSecret, { subject: 'bench', expiresIn: '2h' });
    return {
      layout,
      config,
      origin: new URL(system.gateway.url).origin,
      token,
      platformUrl: (name) => system.platforms[name].url,
      subgraphUrl: (name) => `${new URL(system.subgraphs[name].url).origin}/graphql`,
      rssMb: () => process.memoryUsage().rss / 1024 / 1024,
      cpuMs: () => {
        const { user, system: kernel } = process.cpuUsage();
        return (user + kernel) / 1000;
      },
      startedMs: Date.now() - started,
      close: () => system.close(),
    };
  }
  const processEnv = { ...env, OFFICE_DATA_DIR: officeDir, PLATFORM_DATA_DIR: platformDir };
  const config = readConfig(processEnv);
  const system = await startProcesses({ env: processEnv, portBase: PORT_BASE, log });
  const token = await signToken({ kind: 'office' }, config.jwtSecret, { subject: 'bench', expiresIn: '2h' });
  const urls = addressesEnv(PORT_BASE);
  return {
    layout,
    config,
    origin: new URL(system.gatewayUrl).origin,
    token,
    platformUrl: (name) => urls[PLATFORM_SERVICES.find((s) => s.name === name)!.urlEnv],
    subgraphUrl: (name) => `${urls[SUBGRAPH_SERVICES.find((s) => s.name === name)!.urlEnv]}/graphql`,
    rssMb: () => Object.values(system.pids).reduce((sum, pid) => sum + rssOfPid(pid), 0),
    cpuMs: () => Object.values(system.pids).reduce((sum, pid) => sum + cpuMsOfPid(pid), 0),
    startedMs: Date.now() - started,
    close: () => system.close(),
  };
}

/** One GraphQL request as the office; the answer and its time. */
export async function ask<T = any>(system: BenchSystem, query: string, variables: Record<string, unknown> = {}): Promise<{ ms: number; data: T | null; errors: { message: string; extensions?: Record<string, unknown> }[] }> {
  const begin = performance.now();
  const response = await fetch(`${system.origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${system.token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  return { ms: performance.now() - begin, data: body.data ?? null, errors: body.errors ?? [] };
}

/** The dashboard's main query, as the page sends it. */
export async function dashboardReport(system: BenchSystem): Promise<{ ms: number; body: string }> {
  const begin = performance.now();
  const response = await fetch(`${system.origin}/dashboard/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${system.token}` },
    body: JSON.stringify({ operationName: 'DashboardReport', variables: { jurisdiction: '440800', year: 2025 } }),
  });
  return { ms: performance.now() - begin, body: await response.text() };
}

const SYNC = `{ departments { code sync { state applied remaining } } }`;
const OFFICE_READY = `{ duplicateReport(period: { year: 2025 }) { duplicateGroups } }`;

/** Waits until every unit's view and the office's index are built, logging progress; the time it took. */
export async function waitForViews(system: BenchSystem, log: (line: string) => void, timeoutMs = 300_000): Promise<number> {
  const begin = Date.now();
  let lastLog = 0;
  for (;;) {
    const answer = await ask<{ departments: { code: string; sync: { state: string; applied: number } | null }[] }>(system, SYNC).catch(() => undefined);
    const departments = answer?.data?.departments ?? [];
    const ready = departments.filter((d) => d.sync?.state === 'READY').length;
    const office = ready === 18 ? await ask(system, OFFICE_READY).catch(() => undefined) : undefined;
    const officeReady = office !== undefined && office.errors.length === 0;
    if (ready === 18 && officeReady) return Date.now() - begin;
    if (Date.now() - lastLog > 5000) {
      lastLog = Date.now();
      const applied = departments.reduce((sum, d) => sum + (d.sync?.applied ?? 0), 0);
      log(`  … ${((Date.now() - begin) / 1000).toFixed(0)} s: ${ready}/18 units' views ready, ${applied} changes applied; office index ${officeReady ? 'ready' : 'building'}`);
    }
    if (Date.now() - begin > timeoutMs) throw new Error(`views not built within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
