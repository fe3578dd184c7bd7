// The client each department subgraph uses to reach its platform, by platform.
import type { SystemConfig } from '../config/env';
import type { PlatformId } from '../config/units';
import { EcologyPlatformClient } from '../subgraphs/ecology/client';
import { EmergencyPlatformClient } from '../subgraphs/emergency/client';
import { FirePlatformClient } from '../subgraphs/fire/client';
import type { DepartmentPlatform } from '../subgraphs/kit/platform';
import { ProvincialPlatformClient } from '../subgraphs/provincial/client';

export const DEPARTMENT_CLIENTS: Record<PlatformId, (baseUrl: string, config: SystemConfig) => DepartmentPlatform> = {
  provincial: (baseUrl, config) => new ProvincialPlatformClient({ baseUrl, timeoutMs: config.platformTimeoutMs }),
  ecology: (baseUrl, config) => new EcologyPlatformClient({ baseUrl, timeoutMs: config.platformTimeoutMs, apiKey: config.ecologyApiKey }),
  emergency: (baseUrl, config) => new EmergencyPlatformClient({ baseUrl, timeoutMs: config.platformTimeoutMs }),
  fire: (baseUrl, config) => new FirePlatformClient({ baseUrl, timeoutMs: config.platformTimeoutMs }),
};
