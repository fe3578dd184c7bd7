// What joint plans read about units and businesses, always through the federated graph (as the
// office, on behalf of the caller): item lists, directories, inspectors, tasks, and the credit
// registry. Many chunks go in one operation with aliases; any error fails the read.
import { ErrorCode, graphError } from '../../../lib/errors';
import type { Inspector, RegistrationStatus, RiskClass, TaskStatus } from '../../../platforms/data/model';
import type { GraphClient, GraphError } from '../graph-client';

export interface ItemRow {
  code: string;
  specialty: string;
}

export interface DirectoryRow {
  uscc: string;
  divisionCode: string;
  industryCode: string;
  tags: string[];
}

export interface DirectoryFilterInput {
  divisionCode?: string;
  industryPrefix?: string;
  tag?: string;
}

export interface TaskRow {
  id: string;
  uscc: string;
  plannedOn: string;
  status: TaskStatus;
  inspectorIds: string[];
}

export interface CreditRow {
  uscc: string;
  status: RegistrationStatus;
  riskClass: RiskClass | null;
}

const PAGE = 100;
const STREAMS_PER_OPERATION = 8;
const USCCS_PER_UNIT_CALL = 500;
const CALLS_PER_OPERATION = 4;
const USCCS_PER_CREDIT_CALL = 100;
const CREDIT_CALLS_PER_OPERATION = 20;

const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));

function readFailure(errors: readonly GraphError[]) {
  const first = errors[0];
  const code = first?.extensions?.code && KNOWN_CODES.has(first.extensions.code) ? (first.extensions.code as ErrorCode) : ErrorCode.SUBGRAPH_UNAVAILABLE;
  const unitCode = first?.extensions?.unitCode;
  return graphError(code, `Reading units' data through the graph failed: ${first?.message ?? 'no data'}`, unitCode ? { unitCode } : {});
}

function chunk<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

const lower = <T extends string>(value: string) => value.toLowerCase() as T;

export class UnitReader {
  constructor(
    private readonly graph: GraphClient,
    private readonly actor: string,
  ) {}

  private async run<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    const answer = await this.graph.query<T>(query, variables, this.actor);
    if (answer.errors.length > 0 || !answer.data) throw readFailure(answer.errors);
    return answer.data;
  }

  /** One operation per group of `perOperation` aliased calls; answers in call order. */
  private async aliased<T>(calls: { field: string; vars: Record<string, [string, unknown]> }[], perOperation: number): Promise<T[]> {
    const out: T[] = [];
    for (const group of chunk(calls, perOperation)) {
      const declarations: string[] = [];
      const variables: Record<string, unknown> = {};
      const fields = group.map((call, i) => {
        let field = call.field;
        for (const [name, [type, value]] of Object.entries(call.vars)) {
          const variable = `${name}${i}`;
          declarations.push(`$${variable}: ${type}`);
          variables[variable] = value;
          field = field.replaceAll(`$${name}`, `$${variable}`);
        }
        return `a${i}: ${field}`;
      });
      const data = await this.run<Record<string, T>>(`query(${declarations.join(', ')}) { ${fields.join('\n')} }`, variables);
      group.forEach((_, i) => out.push(data[`a${i}`]));
    }
    return out;
  }

  async itemsOf(unitCodes: readonly string[]): Promise<Map<string, ItemRow[]>> {
    const calls = unitCodes.map((code) => ({ field: 'department(code: $c) { items { code specialty } }', vars: { c: ['ID!', code] as [string, unknown] } }));
    const answers = await this.aliased<{ items: ItemRow[] | null } | null>(calls, 20);
    return new Map(unitCodes.map((code, i) => [code, answers[i]?.items ?? []]));
  }

  async inspectorsOf(unitCodes: readonly string[]): Promise<Map<string, Inspector[]>> {
    const fields = 'id unitCode active specialties name certificateNo certificateValidUntil conflicts';
    const calls = unitCodes.map((code) => ({ field: `department(code: $c) { inspectors { ${fields} } }`, vars: { c: ['ID!', code] as [string, unknown] } }));
    type Row = { id: string; unitCode: string; active: boolean; specialties: string[]; name: string | null; certificateNo: string | null; certificateValidUntil: string | null; conflicts: string[] | null };
    const answers = await this.aliased<{ inspectors: Row[] | null } | null>(calls, 20);
    return new Map(
      unitCodes.map((code, i) => [
        code,
        (answers[i]?.inspectors ?? []).map((row) => ({
          id: row.id,
          unitCode: row.unitCode,
          name: row.name ?? '',
          phone: '',
          certificateNo: row.certificateNo ?? '',
          certificateValidUntil: row.certificateValidUntil ?? '',
          active: row.active,
          specialties: row.specialties,
          conflicts: row.conflicts ?? [],
        })),
      ]),
    );
  }

  /** Every entry of a unit's directory matching any of the filters (pages followed to the end). */
  async directory(unitCode: string, filters: readonly DirectoryFilterInput[]): Promise<DirectoryRow[]> {
    type Page = { directory: { nodes: { enterprise: { uscc: string }; divisionCode: string; industryCode: string; tags: string[] }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } | null } | null;
    const rows: DirectoryRow[] = [];
    let streams = filters.map((filter) => ({ filter, after: null as string | null }));
    while (streams.length > 0) {
      const field = `department(code: $c) { directory(filter: $f, first: ${PAGE}, after: $a) {
        nodes { enterprise { uscc } divisionCode industryCode tags } pageInfo { hasNextPage endCursor } } }`;
      const calls = streams.map((s) => ({
        field,
        vars: { c: ['ID!', unitCode], f: ['DirectoryFilter', s.filter], a: ['String', s.after] } as Record<string, [string, unknown]>,
      }));
      const pages = await this.aliased<Page>(calls, STREAMS_PER_OPERATION);
      const next: typeof streams = [];
      pages.forEach((page, i) => {
        const connection = page?.directory;
        if (!connection) throw graphError(ErrorCode.SUBGRAPH_UNAVAILABLE, `No directory from ${unitCode}`, { unitCode });
        for (const node of connection.nodes) rows.push({ uscc: node.enterprise.uscc, divisionCode: node.divisionCode, industryCode: node.industryCode, tags: node.tags });
        if (connection.pageInfo.hasNextPage && connection.pageInfo.endCursor) next.push({ filter: streams[i].filter, after: connection.pageInfo.endCursor });
      });
      streams = next;
    }
    return rows;
  }

  /** Which of these businesses the unit's directory lists. */
  async listedIn(unitCode: string, usccs: readonly string[]): Promise<Set<string>> {
    const calls = chunk(usccs, USCCS_PER_UNIT_CALL).map((part) => ({
      field: 'department(code: $c) { directoryEntries(usccs: $u) { enterprise { uscc } } }',
      vars: { c: ['ID!', unitCode], u: ['[ID!]!', part] } as Record<string, [string, unknown]>,
    }));
    const answers = await this.aliased<{ directoryEntries: ({ enterprise: { uscc: string } } | null)[] | null } | null>(calls, CALLS_PER_OPERATION);
    const listed = new Set<string>();
    for (const answer of answers) for (const entry of answer?.directoryEntries ?? []) if (entry) listed.add(entry.enterprise.uscc);
    return listed;
  }

  /** Every task the unit holds for these businesses (all years, all states). */
  async tasksOf(unitCode: string, usccs: readonly string[]): Promise<TaskRow[]> {
    const calls = chunk(usccs, USCCS_PER_UNIT_CALL).map((part) => ({
      field: 'department(code: $c) { tasksOf(usccs: $u) { id plannedOn status inspectorIds enterprise { uscc } } }',
      vars: { c: ['ID!', unitCode], u: ['[ID!]!', part] } as Record<string, [string, unknown]>,
    }));
    type Row = { id: string; plannedOn: string; status: string; inspectorIds: string[]; enterprise: { uscc: string } };
    const answers = await this.aliased<{ tasksOf: Row[] | null } | null>(calls, CALLS_PER_OPERATION);
    return answers.flatMap((answer) =>
      (answer?.tasksOf ?? []).map((t) => ({ id: t.id, uscc: t.enterprise.uscc, plannedOn: t.plannedOn, status: lower<TaskStatus>(t.status), inspectorIds: t.inspectorIds })),
    );
  }

  /** Registration status and current risk class from the credit subgraph (absent: unknown there). */
  async credit(usccs: readonly string[]): Promise<Map<string, CreditRow>> {
    const calls = chunk(usccs, USCCS_PER_CREDIT_CALL).map((part) => ({
      field: 'enterprises(usccs: $u) { uscc status riskClass }',
      vars: { u: ['[ID!]!', part] } as Record<string, [string, unknown]>,
    }));
    const answers = await this.aliased<({ uscc: string; status: string; riskClass: RiskClass | null } | null)[]>(calls, CREDIT_CALLS_PER_OPERATION);
    const rows = new Map<string, CreditRow>();
    for (const list of answers) for (const e of list ?? []) if (e) rows.set(e.uscc, { uscc: e.uscc, status: lower<RegistrationStatus>(e.status), riskClass: e.riskClass });
    return rows;
  }
}
