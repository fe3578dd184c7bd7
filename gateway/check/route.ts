// GET /check/<code>: the business's page of an inspection code (public, no token), read from
// this gateway's own graph like any client; POST /check/<code>: its rating form. GET /check
// (optionally ?code=) asks for a code.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RouteHandler } from '../../lib/graphql-http';
import { renderCheckPage, renderUnknownPage, type CheckView } from './render';

const CHECK_QUERY = `query Check($code: String!) { inspectionCheck(code: $code) {
  code state businessName plannedOn inspectorsShown ratingOpen rated
  units { unitCode unitName items { code name legalBasis } inspectors { name certificateNo } result { inspectedOn conclusion findings { itemName description } } }
  plan { id title kind periodStart periodEnd publishedOn } draw { seed documentSha256 drawnAt } } }`;
const RATE = `mutation Rate($code: String!, $score: Int!, $comment: String, $complaint: String) { rateInspection(code: $code, score: $score, comment: $comment, complaint: $complaint) }`;
const MAX_FORM_BYTES = 8192;

interface GraphAnswer<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function graph<T>(url: string, query: string, variables: Record<string, unknown>): Promise<GraphAnswer<T>> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return (await response.json()) as GraphAnswer<T>;
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_FORM_BYTES) req.destroy(new Error('form too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

const RATE_MESSAGES: Record<string, string> = {
  ALREADY_RATED: '该检查已评价过，每次检查只能评价一次。',
  RATING_NOT_OPEN: '检查结果登记后才能评价。',
  BAD_INPUT: '评价内容有误（满意度 1–5，文字不超过 500 字）。',
};

export function checkRoutes(options: { graphUrl: () => string }): Record<string, RouteHandler> {
  async function show(req: IncomingMessage, res: ServerResponse, code: string, message?: string): Promise<void> {
    const answer = await graph<{ inspectionCheck: CheckView }>(options.graphUrl(), CHECK_QUERY, { code });
    const view = answer.data?.inspectionCheck;
    if (!view) {
      const unknown = answer.errors?.[0]?.extensions?.code === 'UNKNOWN_CODE';
      return sendHtml(res, unknown ? 404 : 503, unknown ? renderUnknownPage(code) : renderUnknownPage(null).replace('<h1>检查码核验</h1>', '<h1>检查码核验</h1><p class="notice">暂时无法核验，请稍后再试。</p>'));
    }
    const link = `http://${req.headers.host ?? 'localhost'}/check/${encodeURIComponent(code)}`;
    sendHtml(res, 200, await renderCheckPage(view, link, message));
  }

  return {
    '/check': async (req, res) => {
      const code = new URL(req.url ?? '/', 'http://localhost').searchParams.get('code');
      if (code) {
        res.writeHead(303, { location: `/check/${encodeURIComponent(code.replace(/[\s-]/g, '').toUpperCase())}` });
        res.end();
        return;
      }
      sendHtml(res, 200, renderUnknownPage(null));
    },
    '/check/': async (req, res) => {
      const code = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname.slice('/check/'.length));
      if (req.method === 'POST') {
        const form = await readForm(req);
        const answer = await graph<{ rateInspection: boolean }>(options.graphUrl(), RATE, {
          code,
          score: Number(form.get('score')),
          comment: form.get('comment') || null,
          complaint: form.get('complaint') || null,
        });
        const failed = answer.errors?.[0]?.extensions?.code;
        return show(req, res, code, failed ? (RATE_MESSAGES[failed] ?? '评价未能提交，请稍后再试。') : '评价已提交，感谢您的反馈。');
      }
      return show(req, res, code);
    },
  };
}
