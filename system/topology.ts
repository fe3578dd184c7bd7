// The system replicated, on one machine: N gateways, and R replicas of the joint office, the
// credit subgraph and each department subgraph, each replica a process of its own
// (scripts/component.ts), every replicated component behind a round-robin proxy (system/proxy.ts)
// as a load balancer or a Kubernetes Service would be; the platform stand-ins in one process;
// one PostgreSQL (DATABASE_URL) and one Redis (REDIS_URL) shared by all, all on loopback.
// `npm start -- --replicas N`, the replication test and `npm run bench -- --replicas`.
import type { ChildProcess } from 'node:child_process';
import { GATEWAY_PORT, PLATFORM_SERVICES, SUBGRAPH_SERVICES, type SubgraphName } from '../config/services';
import { spawnComponent } from './processes';
import { startProxy, type RunningProxy } from './proxy';

export interface TopologyOptions {
  /** Gateway replicas (default 2). */
  gateways?: number;
  /** Replicas of each subgraph (default 2). */
  replicas?: number;
  /** Environment of every component; REDIS_URL and DATABASE_URL are required (shared state). */
  env: NodeJS.ProcessEnv;
  /** Proxies on the ports of config/services.ts (npm start) or on free ones (tests, benchmarks). */
  fixedPorts?: boolean;
  log?(line: string): void;
  startTimeoutMs?: number;
}

export interface Replica {
  /** `gateway` or a subgraph's name. */
  component: 'gateway' | SubgraphName;
  index: number;
  url: string;
  child: ChildProcess;
  /** Whether the process still runs. */
  alive(): boolean;
}

export interface Topology {
  /** The gateways' proxy (what clients use). */
  gatewayUrl: string;
  /** The platform stand-ins (one process): their base URLs. */
  platformUrls: Record<string, string>;
  /** Each replicated component's proxy, by component. */
  proxies: Record<string, RunningProxy>;
  replicas: Replica[];
  /** SIGKILL one replica (no clean-up: as a crash or a lost node). */
  kill(replica: Replica): Promise<void>;
  close(): Promise<void>;
}

/** Replicas starting at once. */
const START_CONCURRENCY = 4;

const exited = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
  });

export async function startTopology(options: TopologyOptions): Promise<Topology> {
  const { env } = options;
  if (!env.REDIS_URL || !env.DATABASE_URL) {
    throw new Error('Replicas share their state: set REDIS_URL and DATABASE_URL (the embedded PostgreSQL and the in-process cache belong to one process)');
  }
  const gateways = options.gateways ?? 2;
  const replicaCount = options.replicas ?? 2;
  const log = options.log ?? ((line: string) => console.log(line));
  const timeoutMs = options.startTimeoutMs ?? 180_000;
  const fixed = options.fixedPorts ?? false;
  const children: ChildProcess[] = [];
  const proxies: Record<string, RunningProxy> = {};
  const replicas: Replica[] = [];

  const close = async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await Promise.all(children.map(exited));
    await Promise.all(Object.values(proxies).map((proxy) => proxy.close()));
  };

  try {
    // Proxies first: their addresses are what every component is told.
    const gatewayBackends: string[] = [];
    proxies.gateway = await startProxy('gateway', gatewayBackends, fixed ? GATEWAY_PORT : 0);
    const subgraphBackends = new Map<SubgraphName, string[]>();
    for (const service of SUBGRAPH_SERVICES) {
      subgraphBackends.set(service.name, []);
      proxies[service.name] = await startProxy(service.name, subgraphBackends.get(service.name)!, fixed ? service.port : 0);
    }

    const platformEnv = Object.fromEntries(PLATFORM_SERVICES.map((s) => [s.urlEnv, `http://127.0.0.1:${fixed ? s.port : 0}`]));
    const platforms = await spawnComponent(['platforms'], { ...env, ...platformEnv }, log, timeoutMs);
    children.push(platforms.child);
    const platformUrls = platforms.urls;

    const shared: NodeJS.ProcessEnv = {
      ...env,
      ...Object.fromEntries(PLATFORM_SERVICES.map((s) => [s.urlEnv, platformUrls[s.name]])),
      // A subgraph URL variable names the server; /graphql is added where it is used.
      ...Object.fromEntries(SUBGRAPH_SERVICES.map((s) => [s.urlEnv, proxies[s.name].url])),
      GATEWAY_URL: `${proxies.gateway.url}/graphql`,
      PORT: '0',
    };
    const start = async (component: Replica['component'], index: number, args: string[], backends: string[]) => {
      const { child, urls } = await spawnComponent(args, shared, log, timeoutMs, `${component}#${index}`);
      children.push(child);
      const url = new URL(Object.values(urls)[0]).origin;
      backends.push(url);
      replicas.push({ component, index, url, child, alive: () => child.exitCode === null && child.signalCode === null });
    };
    // The subgraphs (each replica a process), a few at a time: loading the code is CPU-bound,
    // so starting all at once only makes each wait longer. Then the gateways in front of them.
    const pending = SUBGRAPH_SERVICES.flatMap((service) =>
      Array.from({ length: replicaCount }, (_, index) => () => start(service.name, index, ['subgraph', service.name], subgraphBackends.get(service.name)!)),
    );
    await Promise.all(
      Array.from({ length: Math.min(START_CONCURRENCY, pending.length) }, async () => {
        for (let next = pending.shift(); next; next = pending.shift()) await next();
      }),
    );
    for (let index = 0; index < gateways; index++) await start('gateway', index, ['gateway'], gatewayBackends);
    return {
      gatewayUrl: `${proxies.gateway.url}/graphql`,
      platformUrls,
      proxies,
      replicas,
      kill: async (replica) => {
        replica.child.kill('SIGKILL');
        await exited(replica.child);
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
