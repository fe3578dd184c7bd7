// npm start: the whole system on embedded defaults, on the ports of config/services.ts.
import { readConfig } from '../config/env';
import { signToken } from '../lib/auth';
import { startSystem } from '../system';

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
console.log(`Generating the ${config.dataScale} dataset (seed ${config.dataSeed}) and starting the system...`);
const system = await startSystem({ config, fixedPorts: true });
const token = await signToken({ kind: 'office' }, config.jwtSecret, { subject: 'office-demo' });

console.log(`
Ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${system.dataset.enterprises.length} businesses, ${Object.keys(system.dataset.units).length} units.

Gateway:  ${system.gateway.url}
Cache:    ${config.redisUrl ? `Redis ${config.redisUrl}` : 'in-process LRU'}

An office token (8 h):
${token}

Sample query:
curl -s ${system.gateway.url} -H 'content-type: application/json' -H "authorization: Bearer ${token}" \\
  -d '${JSON.stringify({ query: SAMPLE_QUERY.replace(/\s+/g, ' ') })}'
`);

const stop = async () => {
  await system.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
