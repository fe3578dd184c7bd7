// The agency-platform stand-ins by name: how each is built from the shared synthetic dataset.
import type { SystemConfig } from '../config/env';
import type { PlatformName } from '../config/services';
import type { Dataset } from '../platforms/data/model';
import { createCreditPlatform } from '../platforms/credit';
import { createEcologyPlatform } from '../platforms/ecology/server';
import { createEmergencyPlatform } from '../platforms/emergency/server';
import { createFirePlatform } from '../platforms/fire/server';
import type { PlatformDefinition } from '../platforms/kit/server';
import { openJournal } from '../platforms/kit/journal';
import { createProvincialPlatform } from '../platforms/provincial/server';

/** The platform's journal in PLATFORM_DATA_DIR: its writes of earlier runs, refused when made on another dataset. */
const journalOf = (platform: PlatformName, dataset: Dataset, config: SystemConfig) =>
  openJournal(config.platformDataDir, { platform, scale: dataset.scale, seed: dataset.seed });

export const PLATFORM_BUILDERS: Record<PlatformName, (dataset: Dataset, config: SystemConfig) => PlatformDefinition> = {
  provincial: (dataset, config) => createProvincialPlatform(dataset, { journal: journalOf('provincial', dataset, config) }),
  ecology: (dataset, config) => createEcologyPlatform(dataset, { apiKey: config.ecologyApiKey, journal: journalOf('ecology', dataset, config) }),
  emergency: (dataset, config) => createEmergencyPlatform(dataset, { journal: journalOf('emergency', dataset, config) }),
  fire: (dataset, config) => createFirePlatform(dataset, { journal: journalOf('fire', dataset, config) }),
  credit: (dataset, config) => createCreditPlatform(dataset, { journal: journalOf('credit', dataset, config) }),
};
