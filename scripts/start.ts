// npm start: the whole system on embedded defaults, on the ports of config/services.ts.
//   npm start                    everything in this process
//   npm start -- --processes     the platforms, each subgraph and the gateway in processes of their own
//   npm start -- --replicas N    N gateways and 2 replicas of every subgraph, each a process, behind
//                                round-robin proxies on the usual ports (needs REDIS_URL and DATABASE_URL)
// The units' views and the office's visit index are built in the background after start-up;
// until a unit's view is ready, the statistics say SYNCING for it (with progress).
import { readConfig } from '../config/env';
import { signToken } from '../lib/auth';
import { exitOnStartFailure } from '../lib/listen';
import { startSystem } from '../system';
import { startProcesses } from '../system/processes';
import { startTopology } from '../system/topology';

const SAMPLE_QUERY = `{
  departments {
    code
    name
    items { code name category }
    tasks(filter: { year: 2025 }, first: 3) { totalCount nodes { id plannedOn status enterprise { name riskClass } } }
  }
}`;

const started = Date.now();
const config = readConfig();
const separate = process.argv.includes('--processes');
const replicasAt = process.argv.indexOf('--replicas');
const gateways = replicasAt >= 0 ? Number(process.argv[replicasAt + 1] ?? 2) : 0;
if (replicasAt >= 0 && !(Number.isInteger(gateways) && gateways >= 1)) {
  console.error('--replicas takes the number of gateways, e.g. --replicas 2');
  process.exit(2);
}
const stamp = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const log = (message: string) => console.log(`[${stamp()}] ${message}`);
console.log(`Generating the ${config.dataScale} dataset (seed ${config.dataSeed}) and starting the system${gateways > 0 ? ` replicated (${gateways} gateways, 2 of every subgraph)` : separate ? ' in separate processes' : ''}...`);
const system = await (gateways > 0
  ? startTopology({ gateways, env: process.env, fixedPorts: true, log })
  : separate
    ? startProcesses({ log })
    : startSystem({ config, fixedPorts: true, log })
).catch(exitOnStartFailure);
const gatewayUrl = 'gatewayUrl' in system ? system.gatewayUrl : system.gateway.url;
const token = await signToken({ kind: 'office' }, config.jwtSecret, { subject: 'office-demo' });

console.log(`
Ready in ${stamp()}${'dataset' in system ? `: ${system.dataset.enterprises.length} businesses, ${Object.keys(system.dataset.units).length} units` : ''}.
The units' views are being built from the platforms' change feeds (progress above; the dashboard shows it).

Gateway:   ${gatewayUrl}
Dashboard: ${new URL('/dashboard', gatewayUrl)}
Cache:     ${config.redisUrl ? `Redis ${config.redisUrl}` : 'in-process LRU'}

An office token (8 h):
${token}

Sample query:
curl -s ${gatewayUrl} -H 'content-type: application/json' -H "authorization: Bearer ${token}" \\
  -d '${JSON.stringify({ query: SAMPLE_QUERY.replace(/\s+/g, ' ') })}'
`);

const stop = async () => {
  await system.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
