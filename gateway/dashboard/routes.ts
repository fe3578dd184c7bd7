// The office's console, served by the gateway (plain ES modules in ./static, no build step):
//   GET  /dashboard                     the page (Chinese)
//   GET  /dashboard/<module>.js, style.css, maps/<code>.json   the page's files (a fixed list)
//   GET  /dashboard/vendor/echarts.js   Apache ECharts' ES module build, from node_modules
//   GET  /dashboard/sign-in             how the page may sign in: the OIDC provider's endpoints and
//                                       the console's client, development roles, a token field
//   GET  /dashboard/session[?role=]     development only: a token for the page (office, department:<code>)
//   POST /dashboard/graphql             {operationName, variables}: runs a persisted operation
//
// Authentication: the page keeps an access token in sessionStorage and sends it as
// `Authorization: Bearer`. It gets one
// - from the configured OpenID Connect provider (OIDC_ISSUER, OIDC_CLIENT_ID): the authorization
//   code flow with PKCE, run by the page (signin.js) against the provider's endpoints; or
// - in development, from /dashboard/session, which answers ONLY outside NODE_ENV=production and
//   while the gateway runs with the development JWT secret (config/env.ts DEV_JWT_SECRET).
// Outside production with a real secret the page also takes an issued token typed in; in
// production never. /dashboard/graphql accepts office and department tokens (a department sees
// its own unit: the graph enforces it) and runs nothing but the operations of operations.ts.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap } from '@apollo/server';
import { DEV_JWT_SECRET } from '../../config/env';
import { ErrorCode } from '../../lib/errors';
import { HttpError, sendJson, type RouteHandler } from '../../lib/graphql-http';
import { authenticate, signToken, type OidcConfig } from '../../lib/auth';
import { oidcEndpoints } from '../../lib/oidc';
import { AnswerCache, type CachedAnswer } from './answer-cache';
import { persistedOperation } from './operations';
import { formatRole, parseRole } from '../../lib/roles';
import { MEMBER_UNITS, findUnit } from '../../config/units';

export interface DashboardRouteOptions {
  jwtSecret: string;
  oidc?: OidcConfig;
  /** The gateway's own /graphql URL. */
  graphUrl: () => string;
  /**
   * The version of all views together, from the cache the subgraphs share with the gateway;
   * absent when nothing is shared (separate processes without Redis): no answer is kept.
   */
  viewsVersion?: () => Promise<string | undefined>;
  /** NODE_ENV=production: no token field in the page. */
  production?: boolean;
}

const MAX_BODY = 16 * 1024;

function asset(name: string, contentType: string, from: URL = new URL(`./static/${name}`, import.meta.url)): RouteHandler {
  const body = readFileSync(from);
  return (_request, response) => {
    response.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-cache' });
    response.end(body);
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) reject(new HttpError(413, ErrorCode.BAD_INPUT, 'Request too large'));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function fail(response: ServerResponse, error: unknown): void {
  if (!(error instanceof HttpError)) throw error;
  sendJson(response, error.status, { errors: [{ message: error.message, extensions: { code: error.code } }] });
}

function graphqlRoute(options: DashboardRouteOptions): RouteHandler {
  const answers = options.viewsVersion && new AnswerCache(options.viewsVersion);
  return async (request, response) => {
    try {
      if (request.method !== 'POST') throw new HttpError(405, ErrorCode.BAD_INPUT, 'Use POST');
      const headers = new HeaderMap();
      if (request.headers.authorization) headers.set('authorization', request.headers.authorization);
      const caller = await authenticate(headers, options.jwtSecret, options.oidc);
      if (caller.role.kind !== 'office' && caller.role.kind !== 'department') {
        throw new HttpError(401, ErrorCode.UNAUTHENTICATED, '请以联席会议办公室或成员单位身份登录');
      }
      let body: { operationName?: unknown; variables?: unknown };
      try {
        body = JSON.parse(await readBody(request)) as typeof body;
      } catch (error) {
        if (error instanceof HttpError) throw error;
        throw new HttpError(400, ErrorCode.BAD_INPUT, 'Body must be JSON {operationName, variables}');
      }
      const query = persistedOperation(body.operationName);
      if (!query) throw new HttpError(400, ErrorCode.BAD_INPUT, `Unknown operation "${String(body.operationName)}"`);
      const variables = body.variables && typeof body.variables === 'object' ? body.variables : {};
      const operationName = String(body.operationName);
      const ask = async (): Promise<CachedAnswer> => {
        const answer = await fetch(options.graphUrl(), {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: request.headers.authorization! },
          body: JSON.stringify({ query, operationName, variables }),
        }).catch((error: unknown) => {
          throw new HttpError(502, ErrorCode.SUBGRAPH_UNAVAILABLE, `The graph did not answer: ${(error as Error).message}`);
        });
        return { status: answer.status, body: Buffer.from(await answer.arrayBuffer()) };
      };
      // Answers are the same for every token of one role: one kept answer serves them all.
      const answer = answers ? await answers.answer(formatRole(caller.role), operationName, variables, ask) : await ask();
      response.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': answer.body.length, 'cache-control': 'no-store' });
      response.end(answer.body);
    } catch (error) {
      fail(response, error);
    }
  };
}

/** Development sessions: never in production, and only with the development secret. */
const developmentSessions = (options: DashboardRouteOptions): boolean => !options.production && options.jwtSecret === DEV_JWT_SECRET;

function sessionRoute(options: DashboardRouteOptions): RouteHandler {
  return async (request, response) => {
    if (!developmentSessions(options)) {
      const message = options.production ? '请通过统一身份认证登录' : '非开发环境：请通过统一身份认证登录，或输入已签发的令牌';
      return sendJson(response, 404, { errors: [{ message, extensions: { code: ErrorCode.NOT_FOUND, tokenField: !options.production } }] });
    }
    const asked = new URL(request.url ?? '/', 'http://gateway').searchParams.get('role') ?? 'office';
    const role = parseRole(asked);
    const known = role && (role.kind === 'office' || (role.kind === 'department' && findUnit(role.unitCode)));
    if (!role || !known) return sendJson(response, 400, { errors: [{ message: `未知的身份：${asked}`, extensions: { code: ErrorCode.BAD_INPUT } }] });
    const token = await signToken(role, options.jwtSecret, { subject: `dashboard-dev:${asked}`, expiresIn: '8h' });
    sendJson(response, 200, { token, role: formatRole(role), development: true, units: MEMBER_UNITS.map(({ code, name }) => ({ code, name })) });
  };
}

/**
 * How the page may sign in. `oidc`: the provider's authorization and token endpoints (from its
 * discovery document), the console's public client and scopes, the audience (RFC 8707
 * `resource`) and the role claim; null when no console client is configured.
 */
function signInRoute(options: DashboardRouteOptions): RouteHandler {
  return async (_request, response) => {
    const development = developmentSessions(options);
    const client = options.oidc?.console;
    let oidc = null;
    if (options.oidc && client) {
      try {
        const { authorizationEndpoint, tokenEndpoint } = await oidcEndpoints(options.oidc.issuer);
        oidc = { issuer: options.oidc.issuer, clientId: client.clientId, scope: client.scope, audience: options.oidc.audience, roleClaim: options.oidc.roleClaim, authorizationEndpoint, tokenEndpoint };
      } catch {
        return sendJson(response, 503, { errors: [{ message: '统一身份认证服务暂时无法访问，请稍后重试', extensions: { code: ErrorCode.IDENTITY_PROVIDER_UNAVAILABLE } }] });
      }
    }
    sendJson(response, 200, {
      oidc,
      development,
      // A token typed in: outside production only, and only where there is no other way in.
      tokenField: !options.production && !development && !oidc,
      units: development ? MEMBER_UNITS.map(({ code, name }) => ({ code, name })) : [],
    });
  };
}

const require = createRequire(import.meta.url);
/** The page's own files: a fixed list, nothing else under /dashboard is read from disk. */
const MODULES = ['app.js', 'api.js', 'signin.js', 'charts.js', 'format.js', 'lists.js', 'alerts.js', 'state.js'];
const MAPS = ['440800', '421300', '130284'];

export function dashboardRoutes(options: DashboardRouteOptions): Record<string, RouteHandler> {
  const page = asset('index.html', 'text/html; charset=utf-8');
  const echarts = new URL(`file://${require.resolve('echarts/dist/echarts.esm.min.mjs')}`);
  return {
    '/dashboard': page,
    '/dashboard/': page,
    ...Object.fromEntries(MODULES.map((name) => [`/dashboard/${name}`, asset(name, 'text/javascript; charset=utf-8')])),
    ...Object.fromEntries(MAPS.map((code) => [`/dashboard/maps/${code}.json`, asset(`maps/${code}.json`, 'application/json; charset=utf-8')])),
    '/dashboard/vendor/echarts.js': asset('echarts', 'text/javascript; charset=utf-8', echarts),
    '/dashboard/style.css': asset('style.css', 'text/css; charset=utf-8'),
    '/dashboard/sign-in': signInRoute(options),
    '/dashboard/session': sessionRoute(options),
    '/dashboard/graphql': graphqlRoute(options),
  };
}
