// Child process of the side-by-side benchmark: the platform stand-ins and every subgraph in one
// process (the system's own in-process gateway too, which the joint office reads through; the
// measured gateways run in processes of their own). Sends the subgraphs' URLs to the parent
// over IPC once every view is built, then serves until the parent kills it.
import { readConfig } from '../../config/env';
import { log } from '../../lib/log';
import { startSystem } from '../../system';

log.level = process.env.LOG_LEVEL || 'warn';

const config = readConfig();
const system = await startSystem({ config, fixedPorts: false });
await system.viewsReady(300_000);
const subgraphs = Object.fromEntries(Object.entries(system.subgraphs).map(([name, s]) => [name, s.url]));
process.send?.({ subgraphs, businesses: system.dataset.enterprises.length });
process.once('SIGTERM', () => void system.close().finally(() => process.exit(0)));
