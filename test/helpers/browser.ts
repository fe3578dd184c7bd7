// Where the browser tests find Chromium (Debian's package; playwright-core downloads none).
// On a machine without it they are skipped with the reason printed, except under CI=true:
// .ci/run installs Chromium, so there a missing browser is a failure, not a skip.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export function browserSkipReason(): string | undefined {
  if (existsSync(CHROMIUM_PATH) || process.env.CI === 'true') return undefined;
  const reason = `Browser tests skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH; .ci/run installs it)`;
  console.warn(reason);
  return reason;
}

/** Flags for headless Chromium as root on a machine with no way out (no background networking). */
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Debian's Chromium through playwright-core (which downloads no browser). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** Where browser tests keep their screenshots and downloads. */
export const TEST_OUTPUT = new URL('../../test-output/', import.meta.url);
