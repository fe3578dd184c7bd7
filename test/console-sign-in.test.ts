// Signing in to the console in production (NODE_ENV=production): no development session and no
// token field; the page runs the authorization code flow with PKCE against a real OpenID
// Connect provider (oidc-provider on loopback, its sign-in page our own plain form) and gets the
// access token the gateway verifies. A department signed in so sees only its own unit.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync } from 'node:fs';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, launchChromium, TEST_OUTPUT } from './helpers/browser';
import { startTestSystem, type TestSystem } from './helpers/system';

const skip = browserSkipReason() !== undefined;
const AUDIENCE = 'urn:ssj:graph';
/** The provider's accounts and the role it writes into their access tokens. */
const ROLES: Record<string, string> = { office: 'office', market: 'department:market' };

let server: Server;
let system: TestSystem;
let browser: Browser;

const body = (request: IncomingMessage): Promise<URLSearchParams> =>
  new Promise((resolve) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => resolve(new URLSearchParams(text)));
  });

/** The provider, once the gateway's address (the console's redirect URI) is known. */
async function attachProvider(issuer: string, gatewayOrigin: string): Promise<void> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const provider = new Provider(issuer, {
    jwks: { keys: [{ ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'console-test' }] },
    clients: [{ client_id: 'console', token_endpoint_auth_method: 'none', grant_types: ['authorization_code'], response_types: ['code'], redirect_uris: [`${gatewayOrigin}/dashboard`] }],
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => AUDIENCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({ scope: 'graph', audience: AUDIENCE, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } }),
      },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id }) }),
    // Consent is the deployment's business, not the console's: every sign-in is granted the graph.
    loadExistingGrant: async (ctx) => {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid');
      grant.addResourceScope(AUDIENCE, 'graph');
      await grant.save();
      return grant;
    },
    extraTokenClaims: (_ctx, token) => ({ role: ROLES[token.accountId ?? ''] }),
  });
  const callback = provider.callback();
  server.on('request', async (request, response) => {
    if (!request.url?.startsWith('/interaction/')) return callback(request, response);
    if (request.method === 'GET') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return response.end('<!doctype html><form method="post"><label>账号 <input name="login"></label><button type="submit">登录</button></form>');
    }
    const login = (await body(request)).get('login') ?? '';
    await provider.interactionFinished(request, response, { login: { accountId: login } }, { mergeWithLastSubmission: false });
  });
}

beforeAll(async () => {
  if (skip) return;
  mkdirSync(TEST_OUTPUT, { recursive: true });
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  [system, browser] = await Promise.all([
    startTestSystem({ NODE_ENV: 'production', OIDC_ISSUER: issuer, OIDC_AUDIENCE: AUDIENCE, OIDC_CLIENT_ID: 'console', OIDC_SCOPE: 'openid graph' }),
    launchChromium(),
  ]);
  await attachProvider(issuer, new URL(system.gateway.url).origin);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await system?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe.skipIf(skip)('signing in to the console through the OpenID Connect provider', () => {
  it('in production there is no development session and no token field', async () => {
    const origin = new URL(system.gateway.url).origin;
    const session = await fetch(`${origin}/dashboard/session?role=office`);
    expect(session.status).toBe(404);
    const options = await (await fetch(`${origin}/dashboard/sign-in`)).json();
    expect(options).toMatchObject({ development: false, tokenField: false, units: [], oidc: { clientId: 'console', audience: AUDIENCE, scope: 'openid graph' } });
    expect(options.oidc.authorizationEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/auth$/);
  });

  it('a department signs in at the provider (code + PKCE) and sees only its own unit', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    await page.goto(`${new URL(system.gateway.url).origin}/dashboard`);
    await page.locator('#oidc-login').waitFor({ state: 'visible', timeout: 30_000 });
    expect(await page.locator('#dev-login').isHidden()).toBe(true);
    expect(await page.locator('#login-form').isHidden()).toBe(true);
    await page.screenshot({ path: new URL('console-sign-in.png', TEST_OUTPUT).pathname });
    await page.click('#oidc-sign-in');
    await page.locator('input[name="login"]').fill('market');
    await page.click('button[type="submit"]');
    await page.locator('#board[data-state="ready"]').waitFor({ timeout: 30_000 });
    expect(new URL(page.url()).search).toBe(''); // the code is gone from the address
    expect(await page.locator('#who').textContent()).toContain('market');
    expect(await page.locator('#ranking').getAttribute('data-units')).toBe('1');
    const token = await page.evaluate(() => sessionStorage.getItem('console-token'));
    expect(JSON.parse(Buffer.from(token!.split('.')[1], 'base64url').toString())).toMatchObject({ role: 'department:market', aud: AUDIENCE });
    await page.screenshot({ path: new URL('console-oidc-department.png', TEST_OUTPUT).pathname });
    await context.close();
  }, 90_000);

  it('a sign-in that comes back with a state the page did not send is refused in Chinese', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const page = await context.newPage();
    await page.goto(`${new URL(system.gateway.url).origin}/dashboard?code=forged&state=forged`);
    await page.locator('#login-message').filter({ hasText: '登录请求已失效' }).waitFor({ timeout: 30_000 });
    expect(await page.locator('#board').isHidden()).toBe(true);
    await page.screenshot({ path: new URL('console-sign-in-phone.png', TEST_OUTPUT).pathname });
    await context.close();
  }, 60_000);
});
