// Download routes of the statistics table (推进“双随机、一公开”统计表):
//   GET /exports/statistics.csv?jurisdiction=440800&year=2025[&asOf=YYYY-MM-DD]
//   GET /exports/statistics.xlsx?...
// Office callers only: an `Authorization: Bearer <office JWT>` header, or the short-lived
// signed `token` parameter of a link from the graph's statisticsDownload field. The table is
// read through the graph itself (complianceStatistics.table), as the caller.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap } from '@apollo/server';
import { ErrorCode } from '../lib/errors';
import { HttpError, sendJson, type RouteHandler } from '../lib/graphql-http';
import type { Cell, StatisticsTable } from '../subgraphs/joint-office/statistics/export';
import { tableToCsv, tableToXlsx } from '../subgraphs/joint-office/statistics/export';
import { authenticate, signToken, type OidcConfig } from '../lib/auth';
import { verifyDownloadToken, type ExportFormat } from './download-token';

export interface ExportRouteOptions {
  jwtSecret: string;
  oidc?: OidcConfig;
  /** The gateway's own /graphql URL. */
  graphUrl: () => string;
}

export const EXPORT_TABLE_QUERY = `query ExportStatisticsTable($jurisdiction: ID!, $year: Int!, $asOf: String) {
  complianceStatistics(jurisdiction: $jurisdiction, year: $year, asOf: $asOf) { table { title fileName headings rows { cells } } }
}`;

interface WireTable {
  title: string;
  fileName: string;
  headings: string[];
  rows: { cells: (string | null)[] }[];
}

const NUMBER = /^-?\d+(\.\d+)?$/;

/** Cells back to numbers where they are numbers, so the spreadsheet can sum them. */
function toTable(wire: WireTable): StatisticsTable {
  const rows = wire.rows.map((row) => row.cells.map((cell): Cell => (cell !== null && NUMBER.test(cell) ? Number(cell) : cell)));
  return { title: wire.title, headings: wire.headings, rows };
}

function headersOf(request: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

/** The bearer token to read the table with: the caller's own, or one issued for a valid link. */
async function callerToken(request: IncomingMessage, query: URLSearchParams, options: ExportRouteOptions): Promise<string> {
  const secret = options.jwtSecret;
  const linkToken = query.get('token');
  if (linkToken) {
    const claims = await verifyDownloadToken(secret, linkToken);
    const same = claims && claims.jurisdiction === query.get('jurisdiction') && String(claims.year) === query.get('year') && (claims.asOf ?? null) === (query.get('asOf') ?? null);
    if (!same) throw new HttpError(401, ErrorCode.UNAUTHENTICATED, 'The download link is invalid, expired or for another table');
    return signToken({ kind: 'office' }, secret, { subject: claims.subject || 'office', expiresIn: '5m' });
  }
  const caller = await authenticate(headersOf(request), secret, options.oidc);
  if (caller.role.kind !== 'office') {
    const status = request.headers.authorization ? 403 : 401;
    throw new HttpError(status, status === 401 ? ErrorCode.UNAUTHENTICATED : ErrorCode.FORBIDDEN, 'The statistics table is for the joint-meeting office (office token)');
  }
  return /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')![1];
}

async function readTable(options: ExportRouteOptions, token: string, query: URLSearchParams): Promise<StatisticsTable> {
  const year = Number(query.get('year'));
  if (!query.get('jurisdiction') || !Number.isInteger(year)) throw new HttpError(400, ErrorCode.BAD_INPUT, 'jurisdiction and year (a whole number) are required');
  const response = await fetch(options.graphUrl(), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: EXPORT_TABLE_QUERY, variables: { jurisdiction: query.get('jurisdiction'), year, asOf: query.get('asOf') } }),
  });
  const body = (await response.json()) as { data?: { complianceStatistics: { table: WireTable } } | null; errors?: { message: string; extensions?: { code?: string } }[] };
  const table = body.data?.complianceStatistics?.table;
  if (!table) {
    const error = body.errors?.[0];
    const code = error?.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
    const status = ['UNKNOWN_JURISDICTION', 'NO_DATA_FOR_YEAR', 'UNKNOWN_UNIT', 'BAD_INPUT'].includes(code) ? 400 : 502;
    throw new HttpError(status, code, error?.message ?? 'No table');
  }
  return toTable(table);
}

function attachment(fileName: string): string {
  return `attachment; filename="statistics.${fileName.split('.').pop()}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

function exportRoute(format: ExportFormat, options: ExportRouteOptions): RouteHandler {
  return async (request: IncomingMessage, response: ServerResponse) => {
    const query = new URL(request.url ?? '/', 'http://gateway').searchParams;
    try {
      if (request.method !== 'GET') throw new HttpError(405, ErrorCode.BAD_INPUT, 'Use GET');
      const token = await callerToken(request, query, options);
      const table = await readTable(options, token, query);
      const fileName = `${table.title.replace(/[“”"、,]/g, '')}.${format}`;
      const body = format === 'csv' ? Buffer.from(tableToCsv(table), 'utf8') : await tableToXlsx(table);
      response.writeHead(200, {
        'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': attachment(fileName),
        'cache-control': 'no-store',
      });
      response.end(body);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      sendJson(response, error.status, { errors: [{ message: error.message, extensions: { code: error.code } }] });
    }
  };
}

export function exportRoutes(options: ExportRouteOptions): Record<string, RouteHandler> {
  return { '/exports/statistics.csv': exportRoute('csv', options), '/exports/statistics.xlsx': exportRoute('xlsx', options) };
}
