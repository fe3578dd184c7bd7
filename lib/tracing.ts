// OpenTelemetry traces, exported over OTLP/HTTP only when an endpoint is configured
// (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT); otherwise nothing is
// registered and `traceRequest` costs one test. One trace follows a request from the gateway
// through the subgraphs to the platforms:
// - every server here (lib/graphql-http.ts, platforms/kit/server.ts) opens a server span, in the
//   context of the caller's `traceparent`;
// - outgoing calls through fetch or undici get client spans and carry `traceparent`
//   (@opentelemetry/instrumentation-undici listens on undici's diagnostics channels, so it needs
//   no module patching and no load order);
// - @apollo/gateway's own spans (request, plan, fetch) nest in between.
// Node's http module itself is not instrumented: in ES modules that only works when loaded
// before anything imports it, which a library function cannot promise.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

export interface TracingConfig {
  /** Where spans go (OTLP/HTTP, JSON): the full traces URL, e.g. http://collector:4318/v1/traces. */
  tracesUrl: string;
  /** OTEL_SERVICE_NAME: the name this process reports. */
  serviceName: string;
}

interface Tracing {
  provider: NodeTracerProvider;
  unregister(): void;
}

const TRACER = 'shuangsuiji-federation';
let running: Tracing | undefined;

/** Starts exporting this process's spans; one exporter per process (later calls keep the first). */
export function startTracing(config: TracingConfig): void {
  if (running) return;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': config.serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: config.tracesUrl }))],
  });
  provider.register();
  const unregister = registerInstrumentations({ tracerProvider: provider, instrumentations: [new UndiciInstrumentation()] });
  running = { provider, unregister };
}

/** Sends what is buffered and stops (at the end of the process, or of a test). */
export async function stopTracing(): Promise<void> {
  const stopping = running;
  if (!stopping) return;
  running = undefined;
  stopping.unregister();
  await stopping.provider.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
}

/**
 * Serves one incoming request inside a server span, continuing the trace of the caller's
 * `traceparent`. `name` (e.g. `POST /graphql`) must be of low cardinality: a route, never an id;
 * a function is only called when traces are kept.
 */
export function traceRequest<T>(component: string, name: string | (() => string), request: IncomingMessage, response: ServerResponse, work: () => Promise<T>): Promise<T> {
  if (!running) return work();
  const parent = propagation.extract(context.active(), request.headers);
  const attributes: Attributes = { component, 'http.request.method': request.method ?? 'GET' };
  const span = trace.getTracer(TRACER).startSpan(typeof name === 'string' ? name : name(), { kind: SpanKind.SERVER, attributes }, parent);
  response.once('close', () => {
    span.setAttribute('http.response.status_code', response.statusCode);
    if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  return context.with(trace.setSpan(parent, span), work);
}
