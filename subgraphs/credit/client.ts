// Client of the credit information system's REST API. Speaks its wire format (national field
// names, registration-state codes) and returns the records of platforms/data/model.ts. Every
// failure of the platform becomes a PlatformError; batch calls above the platform's limit are
// split and sent in parallel.
import type { Enterprise, Publication, RegistrationStatus, RiskClass, RiskRecord } from '../../platforms/data/model';
import { PlatformHttp } from '../../lib/platform-http';
import { ErrorCode, graphError } from '../../lib/errors';
import {
  REG_STATE_CODES,
  ERRCODE, type WireEnterprise, type WireEnterpriseBatch, type WireError, type WirePublication, type WirePublicationFeed, type WirePublicationList,
  type WirePublishAnswer, type WirePublishRequest, type WireRiskBatch, type WireSearchPage,
} from '../../platforms/credit/wire';

export interface CreditPlatformClientOptions {
  baseUrl: string;
  /** Upper bound of one platform call, in milliseconds. */
  timeoutMs: number;
  /** Most codes per batch call; the platform's limit is 100. */
  maxBatch?: number;
}

/** A registry entry with its current risk class: what the registry lookup and search return. */
export type RegisteredEnterprise = Omit<Enterprise, 'riskHistory'> & {
  riskClass: RiskClass | null;
  riskClassifiedOn: string | null;
};

export interface EnterpriseSearch {
  divisionCode?: string;
  industryPrefix?: string;
  riskClass?: RiskClass;
  status?: RegistrationStatus;
  nameContains?: string;
  /** Credit code of the last entry of the previous page. */
  after?: string;
  limit: number;
}

export interface EnterprisePage {
  items: RegisteredEnterprise[];
  nextAfter: string | null;
  total: number;
}

export interface PublishInput {
  uscc: string;
  unitCode: string;
  taskId: string;
  summary: string;
  /** Defaults to the platform's clock. */
  publishedAt?: string;
}

/** The platform refused a publication (bad field, unknown business, task published elsewhere). */
export class PublicationRejected extends Error {
  constructor(readonly status: number, readonly errcode: number, message: string) {
    super(message);
  }

  toGraphQLError() {
    return graphError(this.status === 404 ? ErrorCode.NOT_FOUND : ErrorCode.BAD_INPUT, this.message, { errcode: this.errcode });
  }
}

const STATUS_BY_CODE = new Map<string, RegistrationStatus>(Object.entries(REG_STATE_CODES).map(([status, code]) => [code, status as RegistrationStatus]));

function chunks<T>(values: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < values.length; start += size) out.push(values.slice(start, start + size));
  return out;
}

/** The system's largest page of the publication feed. */
export const MAX_PUBLICATION_CHANGES = 5000;

export class CreditPlatformClient {
  readonly maxBatch: number;
  readonly maxChangesPage = MAX_PUBLICATION_CHANGES;
  private readonly http: PlatformHttp;

  constructor(options: CreditPlatformClientOptions) {
    this.maxBatch = options.maxBatch ?? 100;
    this.http = new PlatformHttp({ platform: 'credit', baseUrl: options.baseUrl, timeoutMs: options.timeoutMs });
  }

  /** Registry entries with their current risk class, aligned with `codes` (null: no such business). */
  async registry(codes: readonly string[]): Promise<(RegisteredEnterprise | null)[]> {
    const pages = await this.batched(codes, (chunk) => this.call<WireEnterpriseBatch>('POST', '/api/enterprises/batch', { codes: chunk }));
    const found = new Map<string, RegisteredEnterprise>();
    for (const page of pages) for (const item of this.list(page.items)) found.set(item.uniscid, this.decodeEnterprise(item));
    return codes.map((code) => found.get(code) ?? null);
  }

  /** Risk-class history of each business, oldest first; empty for an unknown business. */
  async riskHistories(codes: readonly string[]): Promise<RiskRecord[][]> {
    const pages = await this.batched(codes, (chunk) => this.call<WireRiskBatch>('POST', '/api/risk/batch', { codes: chunk }));
    const found = new Map<string, RiskRecord[]>();
    for (const page of pages) {
      for (const item of this.list(page.items)) {
        found.set(item.uniscid, this.list(item.records).map((record) => ({ riskClass: record.riskLevel, classifiedOn: record.classifyDate })));
      }
    }
    return codes.map((code) => found.get(code) ?? []);
  }

  /** Complete model records (registry and risk history: two calls per batch). */
  async enterprises(codes: readonly string[]): Promise<(Enterprise | null)[]> {
    const [entries, histories] = await Promise.all([this.registry(codes), this.riskHistories(codes)]);
    return entries.map((entry, index) => {
      if (!entry) return null;
      const { riskClass: _current, riskClassifiedOn: _since, ...rest } = entry;
      return { ...rest, riskHistory: histories[index] };
    });
  }

  async search(query: EnterpriseSearch): Promise<EnterprisePage> {
    const params = new URLSearchParams({ limit: String(query.limit) });
    const optional: [string, string | undefined][] = [
      ['division', query.divisionCode], ['industry', query.industryPrefix], ['riskClass', query.riskClass],
      ['status', query.status && REG_STATE_CODES[query.status]], ['name', query.nameContains], ['after', query.after],
    ];
    for (const [name, value] of optional) if (value !== undefined && value !== '') params.set(name, value);
    const page = await this.call<WireSearchPage>('GET', `/api/enterprises?${params}`);
    return { items: this.list(page.items).map((item) => this.decodeEnterprise(item)), nextAfter: page.nextAfter ?? null, total: page.total };
  }

  async publications(uscc: string): Promise<Publication[]> {
    const page = await this.call<WirePublicationList>('GET', `/api/publications?uscc=${encodeURIComponent(uscc)}`);
    return this.list(page.items).map(decodePublication);
  }

  /** Publications of each business, aligned with `codes`. */
  async publicationsOf(codes: readonly string[]): Promise<Publication[][]> {
    const pages = await this.batched(codes, (chunk) => this.call<WirePublicationList>('POST', '/api/publications/batch', { codes: chunk }));
    const found = new Map<string, Publication[]>(codes.map((code) => [code, []]));
    for (const page of pages) for (const item of this.list(page.items)) found.get(item.uniscid)?.push(decodePublication(item));
    // A code asked twice gets its own copy of the list.
    return codes.map((code) => [...(found.get(code) ?? [])]);
  }

  /** Publishes a result; a repeat for the same task returns the existing record with created false. */
  async publish(input: PublishInput): Promise<{ created: boolean; publication: Publication }> {
    const body: WirePublishRequest = { uniscid: input.uscc, deptCode: input.unitCode, taskId: input.taskId, pubContent: input.summary };
    if (input.publishedAt !== undefined) body.pubTime = input.publishedAt;
    const response = await this.http.request('POST', '/api/publications', JSON.stringify(body));
    if (response.status >= 400 && response.status < 500) {
      const error = this.parse<WireError>(response.body);
      throw new PublicationRejected(response.status, error.errcode, error.errmsg);
    }
    const answer = this.checked<WirePublishAnswer>(response.status, response.body);
    return { created: answer.created, publication: decodePublication(answer.publication) };
  }

  /** One page of the publication feed (all units); a cursor of an earlier run fails with CURSOR_EXPIRED. */
  async publicationChanges(after: string | undefined, first: number): Promise<{ publications: Publication[]; cursor: string; hasMore: boolean; remaining: number }> {
    const params = new URLSearchParams({ limit: String(Math.max(1, Math.min(first, this.maxChangesPage))) });
    if (after !== undefined) params.set('cursor', after);
    const response = await this.http.request('GET', `/api/publications/changes?${params}`);
    if (response.status === 410) {
      const error = this.parse<WireError>(response.body);
      if (error.errcode === ERRCODE.CURSOR_EXPIRED) this.http.cursorExpired(error.errmsg);
    }
    const page = this.checked<WirePublicationFeed>(response.status, response.body);
    if (typeof page.cursor !== 'string' || !Number.isInteger(page.remaining)) this.http.fail('publication feed answer lacks cursor or remaining');
    return { publications: this.list(page.items).map(decodePublication), cursor: page.cursor, hasMore: page.hasMore === true, remaining: page.remaining };
  }

  /** Each distinct code once, in calls of at most maxBatch codes sent in parallel. */
  private batched<T>(codes: readonly string[], call: (chunk: string[]) => Promise<T>): Promise<T[]> {
    return Promise.all(chunks([...new Set(codes)], this.maxBatch).map(call));
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.http.request(method, path, body === undefined ? undefined : JSON.stringify(body));
    return this.checked<T>(response.status, response.body);
  }

  private checked<T>(status: number, text: string): T {
    if (status >= 200 && status < 300) return this.parse<T>(text);
    let detail = text.slice(0, 200);
    try {
      const error = JSON.parse(text) as WireError;
      detail = `${error.errcode} ${error.errmsg}`;
    } catch {
      // not JSON: keep the raw text
    }
    return this.http.fail(`HTTP ${status}: ${detail}`);
  }

  private parse<T>(text: string): T {
    try {
      return JSON.parse(text) as T;
    } catch {
      return this.http.fail('answer is not JSON');
    }
  }

  private list<T>(value: T[] | undefined): T[] {
    return Array.isArray(value) ? value : this.http.fail('answer lacks its item list');
  }

  private decodeEnterprise(item: WireEnterprise): RegisteredEnterprise {
    const status = STATUS_BY_CODE.get(item.regState) ?? this.http.fail(`unknown regState ${item.regState} for ${item.uniscid}`);
    const closedOn = item.canDate ?? item.revDate;
    return {
      uscc: item.uniscid,
      name: item.entName,
      divisionCode: item.areaCode,
      industryCode: item.indCode,
      status,
      establishedOn: item.estDate,
      ...(closedOn ? { closedOn } : {}),
      legalRepresentative: item.lerep,
      address: item.dom,
      riskClass: item.riskLevel ?? null,
      riskClassifiedOn: item.riskDate ?? null,
    };
  }
}

function decodePublication(item: WirePublication): Publication {
  return { id: item.pubId, uscc: item.uniscid, unitCode: item.deptCode, taskId: item.taskId, publishedAt: item.pubTime, summary: item.pubContent };
}
