// The deployment files (deploy/) checked offline, since no container engine or cluster runs
// here (and neither kubeconform nor helm installs from npm or Debian): every environment
// variable they set is one the typed configuration reads, every port and URL matches
// config/services.ts, every Deployment is probed on /readyz and /healthz of its own port and
// runs as non-root, every Service and the gateway's autoscaler point at a Deployment, and the
// image is multi-stage, non-root, without dev dependencies.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { GATEWAY_PORT, PLATFORM_SERVICES, SUBGRAPH_SERVICES } from '../config/services';

const root = new URL('../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

/** Every variable the code reads as configuration: config/env.ts, the services' URLs, PORT, GATEWAY_URL and NODE_ENV (read where they are used). */
function configurationKeys(): Set<string> {
  const source = read('config/env.ts');
  const keys = new Set<string>();
  for (const match of source.matchAll(/env\.([A-Z][A-Z0-9_]*)|integer\(env, '([A-Z][A-Z0-9_]*)'/g)) keys.add(match[1] ?? match[2]);
  for (const service of [...PLATFORM_SERVICES, ...SUBGRAPH_SERVICES]) keys.add(service.urlEnv);
  for (const [file, key] of [['scripts/component.ts', 'PORT'], ['system/components.ts', 'GATEWAY_URL'], ['lib/no-egress.ts', 'APOLLO_TELEMETRY_DISABLED'], ['gateway/gateway.ts', 'NODE_ENV']] as const) {
    expect(read(file), `${file} reads ${key}`).toContain(key);
    keys.add(key);
  }
  return keys;
}

const KEYS = configurationKeys();
/** Port of each component, by the name the files use for it. */
const PORTS: Record<string, number> = { gateway: GATEWAY_PORT, ...Object.fromEntries(SUBGRAPH_SERVICES.map((s) => [s.name, s.port])) };
const URL_PORTS: Record<string, number> = {
  ...Object.fromEntries([...PLATFORM_SERVICES, ...SUBGRAPH_SERVICES].map((s) => [s.urlEnv, s.port])),
  GATEWAY_URL: GATEWAY_PORT,
};

/** Checks a set of variables: known keys, URLs on the right ports, valid values where typed. */
function checkEnvironment(where: string, env: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(env)) {
    expect(KEYS.has(key), `${where}: ${key} is not read by config/env.ts or config/services.ts`).toBe(true);
    const port = URL_PORTS[key];
    if (port !== undefined) expect(Number(new URL(String(value)).port), `${where}: ${key}=${value}`).toBe(port);
  }
}

type Doc = Record<string, any>;
const K8S_DIR = 'deploy/kubernetes/';
const manifests: { file: string; doc: Doc }[] = readdirSync(new URL(K8S_DIR, root))
  .filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml')
  .flatMap((file) =>
    parseAllDocuments(read(K8S_DIR + file)).map((document) => {
      expect(document.errors, file).toEqual([]);
      return { file, doc: document.toJS() as Doc };
    }),
  );
const ofKind = (kind: string) => manifests.filter((m) => m.doc.kind === kind).map((m) => m.doc);

describe('Kubernetes manifests', () => {
  it('list every file in the kustomization, each of a known kind and API version', () => {
    const kustomization = parseAllDocuments(read(`${K8S_DIR}kustomization.yaml`))[0].toJS() as { resources: string[] };
    expect([...kustomization.resources].sort()).toEqual([...new Set(manifests.map((m) => m.file))].sort());
    const known: Record<string, string> = { Deployment: 'apps/v1', Service: 'v1', ConfigMap: 'v1', Secret: 'v1', HorizontalPodAutoscaler: 'autoscaling/v2', PodDisruptionBudget: 'policy/v1' };
    for (const { file, doc } of manifests) {
      expect(known[doc.kind], `${file}: kind ${doc.kind}`).toBe(doc.apiVersion);
      expect(doc.metadata?.name, file).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    }
  });

  it('deploy every component: the gateway and each subgraph, none twice', () => {
    const components = ofKind('Deployment').map((d) => d.metadata.name).sort();
    expect(components).toEqual(Object.keys(PORTS).sort());
  });

  it('set only configuration keys the code reads, with URLs on the ports of config/services.ts', () => {
    const [config] = ofKind('ConfigMap');
    const [secret] = ofKind('Secret');
    checkEnvironment('ConfigMap', config.data);
    checkEnvironment('Secret', secret.stringData);
    // Every component is told where every subgraph and the gateway are.
    for (const service of SUBGRAPH_SERVICES) expect(config.data[service.urlEnv], service.urlEnv).toBeDefined();
    expect(config.data.GATEWAY_URL).toBeDefined();
    for (const deployment of ofKind('Deployment')) {
      const [container] = deployment.spec.template.spec.containers;
      const env = Object.fromEntries((container.env ?? []).map((e: { name: string; value: string }) => [e.name, e.value]));
      checkEnvironment(`Deployment ${deployment.metadata.name}`, env);
      const refs = container.envFrom.map((e: Doc) => e.configMapRef?.name ?? e.secretRef?.name);
      expect(refs.sort()).toEqual(['ssj-config', 'ssj-secrets']);
    }
  });

  it('run each component on its port, probed on /readyz and /healthz, as non-root', () => {
    for (const deployment of ofKind('Deployment')) {
      const name = deployment.metadata.name as string;
      const spec = deployment.spec.template.spec;
      const [container] = spec.containers;
      expect(container.args, name).toEqual(name === 'gateway' ? ['gateway'] : ['subgraph', name]);
      expect(container.ports[0].containerPort, name).toBe(PORTS[name]);
      expect(container.env.find((e: Doc) => e.name === 'PORT').value, name).toBe(String(PORTS[name]));
      expect(container.readinessProbe.httpGet, name).toEqual({ path: '/readyz', port: container.ports[0].name });
      expect(container.livenessProbe.httpGet, name).toEqual({ path: '/healthz', port: container.ports[0].name });
      expect(spec.securityContext.runAsNonRoot, name).toBe(true);
      expect(spec.securityContext.runAsUser, name).toBeGreaterThan(0);
      expect(container.securityContext.allowPrivilegeEscalation, name).toBe(false);
      // The selector picks the pods the template makes.
      expect(deployment.spec.template.metadata.labels).toMatchObject(deployment.spec.selector.matchLabels);
    }
  });

  it('give each component a Service on its port whose name is the host of its URL', () => {
    const [config] = ofKind('ConfigMap');
    const deployments = ofKind('Deployment');
    for (const service of ofKind('Service')) {
      const target = deployments.find((d) => Object.entries(service.spec.selector).every(([k, v]) => d.spec.template.metadata.labels[k] === v));
      expect(target, `Service ${service.metadata.name} selects a Deployment`).toBeDefined();
      const port = PORTS[target!.metadata.name];
      expect(service.spec.ports[0].port).toBe(port);
      const urlEnv = target!.metadata.name === 'gateway' ? 'GATEWAY_URL' : SUBGRAPH_SERVICES.find((s) => s.name === target!.metadata.name)!.urlEnv;
      expect(new URL(config.data[urlEnv]).hostname, urlEnv).toBe(service.metadata.name);
    }
    expect(ofKind('Service')).toHaveLength(deployments.length);
  });

  it('scale the gateway with an autoscaler (its Deployment leaves the replica count to it)', () => {
    const [hpa] = ofKind('HorizontalPodAutoscaler');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'gateway' });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
    expect(ofKind('Deployment').find((d) => d.metadata.name === 'gateway')!.spec.replicas).toBeUndefined();
    // Every other component runs at least two replicas, for availability.
    for (const deployment of ofKind('Deployment').filter((d) => d.metadata.name !== 'gateway')) expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
  });
});

describe('compose file', () => {
  const compose = parseAllDocuments(read('deploy/compose.yaml'), { merge: true })[0].toJS({ maxAliasCount: -1 }) as Doc;

  it('sets only known configuration keys, every component on its port, with shared PostgreSQL and Redis', () => {
    for (const [name, service] of Object.entries(compose.services as Record<string, Doc>)) {
      if (name === 'postgres' || name === 'redis') continue;
      checkEnvironment(`compose ${name}`, service.environment);
      expect(service.environment.DATABASE_URL, name).toMatch(/^postgres:\/\/.+@postgres:5432\//);
      expect(service.environment.REDIS_URL, name).toBe('redis://redis:6379');
      const component = name === 'gateway' ? 'gateway' : service.command[1];
      if (name === 'platforms') {
        expect(service.command).toEqual(['platforms']);
        continue;
      }
      expect(component, name).toBe(name);
      expect(service.environment.PORT, name).toBe(String(PORTS[name]));
      expect(service.healthcheck.test.join(' '), name).toContain(`:${PORTS[name]}/readyz`);
      expect(service.deploy.replicas, name).toBeGreaterThanOrEqual(2);
    }
  });
});

describe('container image', () => {
  const dockerfile = read('deploy/Dockerfile');

  it('is built in stages, installs no dev dependencies into the image it runs, and runs as non-root', () => {
    const stages = [...dockerfile.matchAll(/^FROM\s+\S+\s+AS\s+(\S+)/gim)].map((m) => m[1]);
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(runtime).toMatch(/COPY --from=deps\b.*node_modules/);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(runtime).not.toMatch(/npm (ci|install)(?![^\n]*--omit=dev)/);
    const user = [...runtime.matchAll(/^USER\s+(\S+)/gm)].at(-1)?.[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    expect(runtime).toContain('scripts/component.ts');
  });
});
