// The office dashboard, served by the gateway (plain HTML/CSS/JS, no build step):
//   GET  /dashboard               the page (Chinese)
//   GET  /dashboard/app.js, /dashboard/style.css
//   GET  /dashboard/session       development only: an office token for the page
//   POST /dashboard/graphql       {operationName, variables}: runs a persisted operation
//
// Authentication: the page keeps an office JWT in sessionStorage and sends it as
// `Authorization: Bearer`. It gets one from /dashboard/session, which answers ONLY while the
// gateway runs with the development JWT secret (config/env.ts DEV_JWT_SECRET); with a real
// secret that route answers 404 and the page shows a login form where staff paste the office
// JWT they were issued (e.g. `npm run token -- office`). /dashboard/graphql accepts office
// tokens only and runs nothing but the operations of operations.ts.
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap } from '@apollo/server';
import { DEV_JWT_SECRET } from '../../config/env';
import { ErrorCode } from '../../lib/errors';
import { HttpError, sendJson, type RouteHandler } from '../../lib/graphql-http';
import { authenticate, signToken, type OidcConfig } from '../../lib/auth';
import { AnswerCache, type CachedAnswer } from './answer-cache';
import { persistedOperation } from './operations';

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
}

const MAX_BODY = 16 * 1024;

function asset(name: string, contentType: string): RouteHandler {
  const body = readFileSync(new URL(`./static/${name}`, import.meta.url));
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
      if (caller.role.kind !== 'office') throw new HttpError(401, ErrorCode.UNAUTHENTICATED, '请使用联席办（office）令牌登录');
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
        return { status: answer.status, body: await answer.text() };
      };
      // Office answers are the same for every office token: one kept answer serves them all.
      const answer = answers ? await answers.answer(operationName, variables, ask) : await ask();
      response.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      response.end(answer.body);
    } catch (error) {
      fail(response, error);
    }
  };
}

function sessionRoute(options: DashboardRouteOptions): RouteHandler {
  return async (_request, response) => {
    if (options.jwtSecret !== DEV_JWT_SECRET) {
      return sendJson(response, 404, { errors: [{ message: 'No development token: sign in with an office token', extensions: { code: ErrorCode.NOT_FOUND } }] });
    }
    const token = await signToken({ kind: 'office' }, options.jwtSecret, { subject: 'dashboard-dev', expiresIn: '8h' });
    sendJson(response, 200, { token, development: true });
  };
}

export function dashboardRoutes(options: DashboardRouteOptions): Record<string, RouteHandler> {
  const page = asset('index.html', 'text/html; charset=utf-8');
  return {
    '/dashboard': page,
    '/dashboard/': page,
    '/dashboard/app.js': asset('app.js', 'text/javascript; charset=utf-8'),
    '/dashboard/chart.js': asset('chart.js', 'text/javascript; charset=utf-8'),
    '/dashboard/style.css': asset('style.css', 'text/css; charset=utf-8'),
    '/dashboard/session': sessionRoute(options),
    '/dashboard/graphql': graphqlRoute(options),
  };
}
