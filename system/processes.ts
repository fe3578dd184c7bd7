// The system as a deployment runs it: the platforms, each subgraph and the gateway in processes
// of their own (scripts/component.ts), talking over loopback. `npm start -- --processes` and the
// benchmarks use it. Values derived from other components' data (the office's figures, the
// dashboard's kept answers) are kept only when REDIS_URL gives the processes a shared cache.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { GATEWAY_PORT, PLATFORM_SERVICES, SUBGRAPH_SERVICES } from '../config/services';

export interface ProcessSystem {
  gatewayUrl: string;
  /** Process ids by component, e.g. `subgraph:provincial`. */
  pids: Record<string, number>;
  close(): Promise<void>;
}

export interface ProcessSystemOptions {
  /** Environment of every component (DATA_SCALE, REDIS_URL…). */
  env?: NodeJS.ProcessEnv;
  /** Ports are base+0 (gateway), base+101.. (platforms), base+201.. (subgraphs) (default 4000: config/services.ts). */
  portBase?: number;
  /** Lines the components print (progress of the views); default: this process's stdout. */
  log?(line: string): void;
  /** Longest wait for one component to listen (the platforms generate the data first). */
  startTimeoutMs?: number;
}

const COMPONENT = fileURLToPath(new URL('../scripts/component.ts', import.meta.url));

/** Every service's URL variable for a port base (the defaults of config/services.ts at 4000). */
export function addressesEnv(portBase: number): Record<string, string> {
  const shift = (port: number) => port - GATEWAY_PORT + portBase;
  return {
    ...Object.fromEntries(PLATFORM_SERVICES.map((s) => [s.urlEnv, `http://127.0.0.1:${shift(s.port)}`])),
    ...Object.fromEntries(SUBGRAPH_SERVICES.map((s) => [s.urlEnv, `http://127.0.0.1:${shift(s.port)}`])),
    GATEWAY_URL: `http://127.0.0.1:${portBase}/graphql`,
  };
}

function startComponent(args: string[], env: NodeJS.ProcessEnv, log: (line: string) => void, timeoutMs: number): Promise<ChildProcess> {
  return spawnComponent(args, env, log, timeoutMs).then(({ child }) => child);
}

export interface SpawnedComponent {
  child: ChildProcess;
  /** What it listens at, by the name it printed (e.g. `provincial`, `gateway`). */
  urls: Record<string, string>;
}

/** Starts `npm run component -- <args>` and resolves once it printed where it listens. */
export function spawnComponent(args: string[], env: NodeJS.ProcessEnv, log: (line: string) => void, timeoutMs: number, label = args.join(' ')): Promise<SpawnedComponent> {
  const child = spawn(process.execPath, ['--import', 'tsx', COMPONENT, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const name = label;
  const urls: Record<string, string> = {};
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within ${timeoutMs} ms`)), timeoutMs);
    let listening = 0;
    const expected = args[0] === 'platforms' ? PLATFORM_SERVICES.length : 1;
    const onLine = (line: string) => {
      log(`[${name}] ${line}`);
      const at = /^(?:Platform|Subgraph) (\S+) at (http:\/\/\S+)$|^(Gateway) at (http:\/\/\S+)$/.exec(line);
      if (at) {
        urls[(at[1] ?? at[3]).toLowerCase()] = at[2] ?? at[4];
        if (++listening === expected) {
          clearTimeout(timer);
          resolve({ child, urls });
        }
      }
    };
    for (const stream of [child.stdout!, child.stderr!]) {
      let buffer = '';
      stream.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        const lines = buffer.split('\n');
        buffer = lines.pop()!;
        lines.filter(Boolean).forEach(onLine);
      });
    }
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with code ${code} before it listened`));
    });
  });
}

export async function startProcesses(options: ProcessSystemOptions = {}): Promise<ProcessSystem> {
  const portBase = options.portBase ?? GATEWAY_PORT;
  const addresses = addressesEnv(portBase);
  const env = { ...process.env, ...options.env, ...addresses };
  const log = options.log ?? ((line: string) => console.log(line));
  const timeoutMs = options.startTimeoutMs ?? 180_000;
  const children: [string, ChildProcess][] = [];
  const close = async () => {
    await Promise.all(
      children.map(
        ([, child]) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
  };
  try {
    children.push(['platforms', await startComponent(['platforms'], env, log, timeoutMs)]);
    const subgraphs = await Promise.all(
      SUBGRAPH_SERVICES.map(async (s) => {
        const port = String(Number(new URL(addresses[s.urlEnv]).port));
        return [`subgraph:${s.name}`, await startComponent(['subgraph', s.name], { ...env, PORT: port }, log, timeoutMs)] as [string, ChildProcess];
      }),
    );
    children.push(...subgraphs);
    children.push(['gateway', await startComponent(['gateway'], { ...env, PORT: String(portBase) }, log, timeoutMs)]);
  } catch (error) {
    await close();
    throw error;
  }
  return { gatewayUrl: addresses.GATEWAY_URL, pids: Object.fromEntries(children.map(([name, child]) => [name, child.pid!])), close };
}
