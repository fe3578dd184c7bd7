// OpenTelemetry: with an OTLP endpoint configured, one query makes one trace from the gateway
// through the subgraph to the agency platform, received by a local OTLP/HTTP receiver.
import { createServer, request, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../config/env';
import { signToken } from '../lib/auth';
import { OFFICE, startTestSystem, type TestSystem } from './helpers/system';

interface Span {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: { stringValue?: string; intValue?: number | string } }[];
}

/** An OTLP/HTTP (JSON) receiver on loopback: keeps every span it is sent, with its service name. */
async function startReceiver() {
  const spans: (Span & { service: string })[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const payload = JSON.parse(body) as { resourceSpans: { resource: { attributes: Span['attributes'] }; scopeSpans: { spans: Span[] }[] }[] };
      for (const resource of payload.resourceSpans) {
        const service = resource.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
        for (const scope of resource.scopeSpans) for (const span of scope.spans) spans.push({ ...span, service });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, spans, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const attribute = (span: Span, key: string) => span.attributes.find((a) => a.key === key)?.value.stringValue;

const SEARCH = `query Search { searchEnterprises(filter: { riskClass: D }, first: 5) { totalCount edges { node { uscc name } } } }`;
// The caller's own trace: W3C traceparent, version 00, sampled.
const CLIENT_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const CLIENT_SPAN = '00f067aa0ba902b7';

let receiver: Awaited<ReturnType<typeof startReceiver>>;
let system: TestSystem;
let spans: (Span & { service: string })[];

beforeAll(async () => {
  receiver = await startReceiver();
  system = await startTestSystem({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'ssj-test' });
  const token = await signToken(OFFICE, system.config.jwtSecret);
  // node:http, which is not instrumented: the test's request carries only the traceparent given here.
  const body = await new Promise<string>((resolve, reject) => {
    const call = request(system.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, traceparent: `00-${CLIENT_TRACE}-${CLIENT_SPAN}-01` },
    });
    call.on('response', (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve(text));
    });
    call.on('error', reject);
    call.end(JSON.stringify({ query: SEARCH }));
  });
  expect(JSON.parse(body).errors).toBeUndefined();
  // Closing the system flushes the spans still buffered.
  await system.close();
  spans = receiver.spans;
});
afterAll(async () => {
  await receiver?.close();
});

describe('traces', () => {
  it('follow one query from the gateway through the subgraph to the platform, in the caller trace', () => {
    const platform = spans.find((s) => attribute(s, 'component') === 'platform credit' && s.name === 'GET /api/enterprises');
    expect(platform, 'a server span of the credit platform').toBeDefined();
    expect(platform!.traceId).toBe(CLIENT_TRACE);
    expect(platform!.service).toBe('ssj-test');

    // Walk up from the platform to the root: every hop is a span of the same trace.
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const chain: Span[] = [];
    for (let span: Span | undefined = platform; span; span = span.parentSpanId ? byId.get(span.parentSpanId) : undefined) chain.push(span);
    const root = chain.at(-1)!;
    expect(root.parentSpanId).toBe(CLIENT_SPAN);
    expect(chain.every((s) => s.traceId === CLIENT_TRACE)).toBe(true);

    const SERVER = 2;
    const CLIENT = 3;
    const servers = chain.filter((s) => s.kind === SERVER).map((s) => `${attribute(s, 'component')}: ${s.name}`);
    expect(servers).toEqual(['platform credit: GET /api/enterprises', 'subgraph credit: POST /graphql', 'gateway: POST /graphql']);
    // Each hop between servers is a client call carrying the traceparent.
    expect(chain.filter((s) => s.kind === CLIENT)).toHaveLength(2);
    // @apollo/gateway's own spans sit between the gateway's server span and its fetch.
    expect(chain.map((s) => s.name)).toContain('gateway.fetch');
  });
});

describe('configuration', () => {
  it('exports nothing unless an endpoint is set, and refuses an endpoint that is not an http URL', () => {
    expect(readConfig({}).tracing).toBeUndefined();
    expect(readConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).tracing?.tracesUrl).toBe('http://collector:4318/v1/traces');
    expect(readConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/x' }).tracing?.tracesUrl).toBe('http://c:4318/x');
    expect(() => readConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
  });
});
