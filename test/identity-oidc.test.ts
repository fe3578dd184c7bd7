// Identity: access tokens of a real OpenID Connect provider (oidc-provider, on loopback) work end
// to end through the gateway and at a subgraph reached directly; tokens of another issuer, for
// another audience, expired or without `exp` are refused; a download link's token opens /exports
// only.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../config/env';
import { signToken, verifyToken } from '../lib/auth';
import { OFFICE, startTestSystem, type TestSystem } from './helpers/system';

const AUDIENCE = 'urn:ssj:graph';
const SECRET = 'client-secret-for-tests-only-0123456789';

// Each client stands for a kind of caller; the provider writes its role into the token.
const CLIENT_ROLES: Record<string, string> = { 'office-app': 'office', 'market-app': 'department:market', 'short-lived-app': 'office' };

interface RunningProvider {
  issuer: string;
  /** The private signing key (RS256), to forge what the provider itself would never issue. */
  rsaKey: JWK;
  close(): Promise<void>;
}

async function signingKey(alg: 'RS256' | 'ES256'): Promise<JWK> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  return { ...(await exportJWK(privateKey)), alg, use: 'sig', kid: `${alg.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}` };
}

/** A real OIDC provider on 127.0.0.1 with client_credentials clients issuing JWT access tokens. */
async function startProvider(): Promise<RunningProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const rsaKey = await signingKey('RS256');
  const provider = new Provider(issuer, {
    jwks: { keys: [rsaKey, await signingKey('ES256')] },
    clients: Object.keys(CLIENT_ROLES).map((client_id) => ({
      client_id,
      client_secret: SECRET,
      grant_types: ['client_credentials'],
      redirect_uris: [],
      response_types: [],
    })),
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => AUDIENCE,
        // Any resource asked for is a JWT audience (a test for the wrong audience asks another);
        // the department's tokens are signed ES256, the others RS256.
        getResourceServerInfo: (_ctx: unknown, resource: string, client: { clientId: string }) => ({
          scope: 'graph',
          audience: resource,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: client.clientId === 'market-app' ? 'ES256' : 'RS256' } },
        }),
      },
    },
    ttl: { ClientCredentials: (_ctx, _token, client) => (client.clientId === 'short-lived-app' ? 1 : 300) },
    extraTokenClaims: (_ctx, token) => ({ role: CLIENT_ROLES[token.clientId] }),
  });
  server.on('request', provider.callback());
  return { issuer, rsaKey, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** An access token from the provider's token endpoint (client_credentials grant). */
async function accessToken(provider: RunningProvider, clientId: string, resource = AUDIENCE): Promise<string> {
  const response = await fetch(`${provider.issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${SECRET}`).toString('base64')}` },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'graph', resource }),
  });
  const body = (await response.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`No access token for ${clientId}: ${JSON.stringify(body)}`);
  return body.access_token;
}

const INSPECTORS = `query($code: ID!) { department(code: $code) { inspectors { id name phone } } }`;

let provider: RunningProvider;
let other: RunningProvider;
let system: TestSystem;

beforeAll(async () => {
  [provider, other] = await Promise.all([startProvider(), startProvider()]);
  // Discovery finds the JWKS: no OIDC_JWKS_URI.
  system = await startTestSystem({ OIDC_ISSUER: provider.issuer, OIDC_AUDIENCE: AUDIENCE });
});
afterAll(async () => {
  await system?.close();
  await Promise.all([provider?.close(), other?.close()]);
});

describe('tokens of an OpenID Connect provider', () => {
  it('an office token (RS256) reads office-only data through the gateway and at a subgraph directly', async () => {
    const token = await accessToken(provider, 'office-app');
    expect(decodeProtectedHeader(token).alg).toBe('RS256');
    expect(decodeJwt(token)).toMatchObject({ iss: provider.issuer, aud: AUDIENCE, role: 'office' });
    const answer: any = await system.query(INSPECTORS, { token, variables: { code: 'fire' } });
    expect(answer.status).toBe(200);
    expect(answer.errors).toBeUndefined();
    expect(answer.data.department.inspectors.map((i: any) => i.name)).toEqual(system.dataset.units.fire.inspectors.map((i) => i.name));

    const direct = await fetch(system.subgraphs.fire.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: `{ fireDepartment(code: "fire") { inspectors { id name } } }` }),
    });
    const body: any = await direct.json();
    expect(body.errors).toBeUndefined();
    expect(body.data.fireDepartment.inspectors[0].name).toBe(system.dataset.units.fire.inspectors[0].name);
  });

  it('a department token (ES256) sees its own unit\'s personal data only', async () => {
    const token = await accessToken(provider, 'market-app');
    expect(decodeProtectedHeader(token).alg).toBe('ES256');
    const own: any = await system.query(INSPECTORS, { token, variables: { code: 'market' } });
    expect(own.errors).toBeUndefined();
    expect(own.data.department.inspectors[0].phone).toBe(system.dataset.units.market.inspectors[0].phone);

    const foreign: any = await system.query(INSPECTORS, { token, variables: { code: 'health' } });
    expect(foreign.data.department.inspectors.every((i: any) => i.name === null && i.phone === null)).toBe(true);
    expect(new Set(foreign.errors.map((e: any) => e.extensions.code))).toEqual(new Set(['FORBIDDEN']));
  });

  it('refuses tokens of another issuer, for another audience, expired, or without exp (HTTP 401)', async () => {
    const foreignIssuer = await accessToken(other, 'office-app');
    const wrongAudience = await accessToken(provider, 'office-app', 'urn:ssj:another-api');
    const expiring = await accessToken(provider, 'short-lived-app');
    // Signed with the provider's own key, issuer and audience right, but no exp: never expires.
    const forever = await new SignJWT({ role: 'office' })
      .setProtectedHeader({ alg: 'RS256', kid: provider.rsaKey.kid })
      .setIssuer(provider.issuer)
      .setAudience(AUDIENCE)
      .setSubject('forever')
      .setIssuedAt()
      .sign(await importJWK(provider.rsaKey, 'RS256'));
    // The provider's key, but another issuer named: the issuer is checked, not only the key.
    const otherIssuerClaim = await new SignJWT({ role: 'office' })
      .setProtectedHeader({ alg: 'RS256', kid: provider.rsaKey.kid })
      .setIssuer(other.issuer)
      .setAudience(AUDIENCE)
      .setExpirationTime('1m')
      .sign(await importJWK(provider.rsaKey, 'RS256'));
    const hs256Forever = await new SignJWT({ role: 'office' }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().sign(new TextEncoder().encode(system.config.jwtSecret));
    await new Promise((resolve) => setTimeout(resolve, 2100)); // the short-lived token (1 s) expires

    const refused: Record<string, string> = { foreignIssuer, otherIssuerClaim, wrongAudience, expiring, forever, hs256Forever };
    for (const [name, token] of Object.entries(refused)) {
      const answer = await system.query(`{ memberUnits { code } }`, { token });
      expect({ name, status: answer.status }).toEqual({ name, status: 401 });
      expect(answer.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    }
    // The same forged token with an expiry is accepted: `exp` alone made the difference.
    const withExp = await new SignJWT({ role: 'office' })
      .setProtectedHeader({ alg: 'RS256', kid: provider.rsaKey.kid })
      .setIssuer(provider.issuer)
      .setAudience(AUDIENCE)
      .setExpirationTime('1m')
      .sign(await importJWK(provider.rsaKey, 'RS256'));
    expect((await system.query(`{ memberUnits { code } }`, { token: withExp })).status).toBe(200);
  });
});

describe('download links', () => {
  const LINK = `{ statisticsDownload(jurisdiction: "440800", year: 2025, asOf: "2025-12-31", format: CSV) { url } }`;
  const root = () => new URL(system.gateway.url).origin;

  it('a link token opens /exports only: 401 on /graphql and /dashboard/graphql', async () => {
    const officeToken = await accessToken(provider, 'office-app');
    const link: any = await system.query(LINK, { token: officeToken });
    expect(link.errors).toBeUndefined();
    const url: string = link.data.statisticsDownload.url;
    const linkToken = new URL(url, root()).searchParams.get('token')!;

    const graph = await system.query(`{ memberUnits { code } }`, { token: linkToken });
    expect(graph.status).toBe(401);
    expect(graph.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    const dashboard = await fetch(`${root()}/dashboard/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${linkToken}` },
      body: JSON.stringify({ operationName: 'IndicatorList', variables: {} }),
    });
    expect(dashboard.status).toBe(401);
    // A subgraph reached directly refuses it as well.
    const direct = await fetch(system.subgraphs['joint-office'].url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${linkToken}` },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(direct.status).toBe(401);

    const download = await fetch(root() + url);
    expect(download.status).toBe(200);
    // The form's header block comes first, then the headings.
    expect((await download.text()).replace(/^\uFEFF/, '').split('\r\n')).toContainEqual(expect.stringMatching(/^序号,成员单位,/));
  });

  it('an HS256 office token still works (development key, with exp)', async () => {
    const answer = await system.query(`{ memberUnits { code } }`, { token: await signToken(OFFICE, system.config.jwtSecret) });
    expect(answer.status).toBe(200);
  });
});

describe('configuration and provider outages', () => {
  it('OIDC_ISSUER without OIDC_AUDIENCE is refused at start-up', () => {
    expect(() => readConfig({ OIDC_ISSUER: provider.issuer })).toThrow(/OIDC_AUDIENCE/);
    expect(readConfig({ OIDC_ISSUER: provider.issuer, OIDC_AUDIENCE: AUDIENCE }).oidc).toEqual({ issuer: provider.issuer, audience: AUDIENCE, jwksUri: undefined, roleClaim: 'role' });
  });

  it('a provider that cannot be reached answers 503, not 401 (the caller is not at fault)', async () => {
    const token = await accessToken(provider, 'office-app');
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const issuer = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    const oidc = { issuer, audience: AUDIENCE, roleClaim: 'role' };
    await expect(verifyToken(token, system.config.jwtSecret, oidc)).rejects.toMatchObject({ status: 503, code: 'IDENTITY_PROVIDER_UNAVAILABLE' });
    await expect(verifyToken(token, system.config.jwtSecret, { ...oidc, jwksUri: `${issuer}/jwks` })).rejects.toMatchObject({ status: 503 });
    // With the right provider configured the same token is good.
    await expect(verifyToken(token, system.config.jwtSecret, { issuer: provider.issuer, audience: AUDIENCE, roleClaim: 'role' })).resolves.toMatchObject({ role: { kind: 'office' } });
  });
});
