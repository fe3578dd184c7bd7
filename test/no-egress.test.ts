// Nothing leaves the machine: the guard every test file runs with (test/setup/no-egress.ts)
// refuses traffic outside loopback, the gateway starts with vendor telemetry off, and the
// browser landing page of /graphql is served locally, never from a CDN.
import dns from 'node:dns';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainEgressAttempts, isLoopback } from './helpers/egress-guard';
import { startTestSystem, type TestSystem } from './helpers/system';

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system?.close());

describe('the egress guard', () => {
  it('tells loopback from everything else', () => {
    for (const host of ['127.0.0.1', '127.9.9.9', 'localhost', '::1', '::ffff:127.0.0.1']) expect(isLoopback(host)).toBe(true);
    for (const host of ['10.0.0.1', '169.254.169.254', '192.0.2.1', 'metadata.google.internal', '::ffff:10.0.0.1']) expect(isLoopback(host)).toBe(false);
  });

  it('refuses a socket to a non-loopback address before connecting, and records it', async () => {
    // 192.0.2.1 is TEST-NET-1 (RFC 5737): never routed; the guard refuses it before any packet.
    const error = await new Promise<NodeJS.ErrnoException>((resolve) => {
      const socket = net.connect({ host: '192.0.2.1', port: 80 });
      socket.on('error', resolve);
      socket.on('connect', () => resolve(Object.assign(new Error('connected'), { code: 'CONNECTED' })));
    });
    expect(error.code).toBe('EGRESS_BLOCKED');
    const lookup = await new Promise<NodeJS.ErrnoException | null>((resolve) => dns.lookup('example.invalid', (e) => resolve(e)));
    expect(lookup?.code).toBe('EGRESS_BLOCKED');
    expect(drainEgressAttempts().map((attempt) => `${attempt.kind} ${attempt.target}`)).toEqual(['connect 192.0.2.1:80', 'lookup example.invalid']);
  });
});

describe('the gateway', () => {
  it('runs with vendor telemetry off', () => {
    expect(process.env.APOLLO_TELEMETRY_DISABLED).toBe('true');
  });

  it('serves its own query console at GET /graphql, with no address outside this origin', async () => {
    const response = await fetch(system.gateway.url, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("connect-src 'self'");
    const page = await response.text();
    expect(page).toContain('GraphQL 查询控制台');
    expect(page).not.toMatch(/https?:\/\//);
  });

  it('still answers GraphQL over GET and POST', async () => {
    const answer = await system.query('{ departments { code } }');
    expect(answer.status).toBe(200);
    expect((answer.data as { departments: unknown[] }).departments).toHaveLength(18);
  });
});
