// The one list of processes in the system. Start-up, composition, the gateway and the tests
// all derive ports and URLs from here; each URL can be overridden by its environment variable
// when components run apart (for example each department hosting its own subgraph).

export type PlatformName = 'provincial' | 'ecology' | 'emergency' | 'fire' | 'credit';

export interface ServiceEntry<Name extends string> {
  name: Name;
  port: number;
  /** Environment variable holding the service's URL when it runs elsewhere. */
  urlEnv: string;
}

export const PLATFORM_SERVICES: readonly ServiceEntry<PlatformName>[] = [
  { name: 'provincial', port: 4101, urlEnv: 'PROVINCIAL_PLATFORM_URL' },
  { name: 'ecology', port: 4102, urlEnv: 'ECOLOGY_PLATFORM_URL' },
  { name: 'emergency', port: 4103, urlEnv: 'EMERGENCY_PLATFORM_URL' },
  { name: 'fire', port: 4104, urlEnv: 'FIRE_PLATFORM_URL' },
  { name: 'credit', port: 4105, urlEnv: 'CREDIT_PLATFORM_URL' },
];

export type SubgraphName = 'credit' | 'joint-office' | 'provincial' | 'ecology' | 'emergency' | 'fire';

export const SUBGRAPH_SERVICES: readonly ServiceEntry<SubgraphName>[] = [
  { name: 'credit', port: 4201, urlEnv: 'CREDIT_SUBGRAPH_URL' },
  { name: 'joint-office', port: 4202, urlEnv: 'JOINT_OFFICE_SUBGRAPH_URL' },
  { name: 'provincial', port: 4203, urlEnv: 'PROVINCIAL_SUBGRAPH_URL' },
  { name: 'ecology', port: 4204, urlEnv: 'ECOLOGY_SUBGRAPH_URL' },
  { name: 'emergency', port: 4205, urlEnv: 'EMERGENCY_SUBGRAPH_URL' },
  { name: 'fire', port: 4206, urlEnv: 'FIRE_SUBGRAPH_URL' },
];

export const GATEWAY_PORT = 4000;

/** The URL of a service: its environment variable if set, else localhost on its port. */
export function serviceUrl(entry: ServiceEntry<string>, env: NodeJS.ProcessEnv = process.env): string {
  return env[entry.urlEnv] ?? `http://127.0.0.1:${entry.port}`;
}
