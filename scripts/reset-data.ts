// npm run reset-data: removes what the platform stand-ins and the embedded office store kept
// (PLATFORM_DATA_DIR, OFFICE_DATA_DIR), so the next start begins from the generated data alone.
// Both go together: the office's plans and merges point at tasks in the platforms' stores.
import { rmSync } from 'node:fs';
import { readConfig } from '../config/env';

const config = readConfig();
for (const dir of [config.platformDataDir, config.officeDataDir]) {
  rmSync(dir, { recursive: true, force: true });
  console.log(`removed ${dir}`);
}
if (config.databaseUrl) console.log('DATABASE_URL is set: the office store there is kept; drop its tables (or the database) to reset it too.');
