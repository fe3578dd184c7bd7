// Where the browser tests find Chromium (Debian's package; playwright-core downloads none).
// On a machine without it they are skipped with the reason printed, except under CI=true:
// .ci/run installs Chromium, so there a missing browser is a failure, not a skip.
import { existsSync } from 'node:fs';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export function browserSkipReason(): string | undefined {
  if (existsSync(CHROMIUM_PATH) || process.env.CI === 'true') return undefined;
  const reason = `Browser tests skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH; .ci/run installs it)`;
  console.warn(reason);
  return reason;
}
