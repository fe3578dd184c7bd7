// The agency-platform stand-ins by name: how each is built from the shared synthetic dataset.
import type { SystemConfig } from '../config/env';
import type { PlatformName } from '../config/services';
import type { Dataset } from '../platforms/data/model';
import { createCreditPlatform } from '../platforms/credit';
import { createEcologyPlatform } from '../platforms/ecology/server';
import { createEmergencyPlatform } from '../platforms/emergency/server';
import { createFirePlatform } from '../platforms/fire/server';
import type { PlatformDefinition } from '../platforms/kit/server';
import { createProvincialPlatform } from '../platforms/provincial/server';

export const PLATFORM_BUILDERS: Record<PlatformName, (dataset: Dataset, config: SystemConfig) => PlatformDefinition> = {
  provincial: (dataset) => createProvincialPlatform(dataset),
  ecology: (dataset, config) => createEcologyPlatform(dataset, { apiKey: config.ecologyApiKey }),
  emergency: (dataset) => createEmergencyPlatform(dataset),
  fire: (dataset) => createFirePlatform(dataset),
  credit: (dataset) => createCreditPlatform(dataset),
};
