// GET /graphql in a browser: a small query console served from this repository (no CDN, so it
// works on an intranet). It posts to /graphql with the token pasted into it.
import { readFileSync } from 'node:fs';
import type { RouteHandler } from '../../lib/graphql-http';

export function consolePage(): RouteHandler {
  const page = readFileSync(new URL('./index.html', import.meta.url));
  return (_request, response) => {
    response.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      // Only this page's own inline script and its own origin.
      'content-security-policy': "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'",
      'cache-control': 'no-cache',
    });
    response.end(page);
  };
}
