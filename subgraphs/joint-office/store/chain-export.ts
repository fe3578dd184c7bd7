// The chain as a file, for a verifier without access to the database: JSON lines, a header,
// then every stored draw document, every row in chain order (ChainRow), every task's dispatch
// state. `npm run verify-audit -- --export FILE` writes it; `npm run verify-audit -- FILE` checks it.
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { CHAIN_CONTENT, CHAIN_TABLES, type ChainRow, type ChainSource, type ChainTable, type StoredDocument, type TaskState } from './chain';

export const EXPORT_FORMAT = 'joint-office-audit-chain';
export const EXPORT_VERSION = 1;

export interface ExportCounts {
  documents: number;
  rows: number;
  tasks: number;
}

export async function writeChainExport(source: ChainSource, path: string): Promise<ExportCounts> {
  const out = createWriteStream(path, 'utf8');
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  const write = async (record: object) => {
    if (!out.write(`${JSON.stringify(record)}\n`)) await Promise.race([once(out, 'drain'), failed]);
  };
  const counts: ExportCounts = { documents: 0, rows: 0, tasks: 0 };
  await write({ kind: 'header', format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: new Date().toISOString() });
  for await (const document of source.documents()) counts.documents += (await write({ kind: 'document', ...document }), 1);
  for await (const row of source.rows()) counts.rows += (await write({ kind: 'row', ...row }), 1);
  for await (const task of source.tasks()) counts.tasks += (await write({ kind: 'task', ...task }), 1);
  out.end();
  await Promise.race([once(out, 'finish'), failed]);
  return counts;
}

/** An export file that cannot be read as one (the message says which line and why). */
export class ExportFormatError extends Error {
  override name = 'ExportFormatError';
}

const isText = (v: unknown): v is string => typeof v === 'string';
const isTextOrNull = (v: unknown) => v === null || isText(v);

function checkRecord(kind: string, record: Record<string, unknown>): boolean {
  if (kind === 'document') return isText(record.planId) && isText(record.text);
  if (kind === 'task') return isText(record.taskKey) && isText(record.dispatchState) && isTextOrNull(record.platformTaskId) && Number.isSafeInteger(record.attempts);
  const table = record.table as ChainTable;
  return (
    (record.seq === null || Number.isSafeInteger(record.seq)) &&
    CHAIN_TABLES.includes(table) &&
    isText(record.key) &&
    [record.at, record.prev, record.hash].every(isTextOrNull) &&
    Array.isArray(record.fields) &&
    record.fields.length === CHAIN_CONTENT[table].fields.length &&
    record.fields.every(isTextOrNull)
  );
}

/** The records of one kind, in file order; ExportFormatError for a file that is not an export. */
async function* recordsOf<T>(path: string, kind: 'document' | 'row' | 'task'): AsyncGenerator<T> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let number = 0;
  for await (const line of lines) {
    number++;
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new ExportFormatError(`line ${number} is not JSON`);
    }
    if (number === 1) {
      if (record?.kind !== 'header' || record.format !== EXPORT_FORMAT || record.version !== EXPORT_VERSION) {
        throw new ExportFormatError(`line 1 is not the header of a ${EXPORT_FORMAT} export, version ${EXPORT_VERSION}`);
      }
      continue;
    }
    if (record?.kind !== kind) continue;
    if (!checkRecord(kind, record)) throw new ExportFormatError(`line ${number}: a ${kind} record with missing or mistyped fields`);
    const { kind: _kind, ...rest } = record;
    yield rest as T;
  }
  if (number === 0) throw new ExportFormatError('the file is empty');
}

export function fileChainSource(path: string): ChainSource {
  return {
    documents: () => recordsOf<StoredDocument>(path, 'document'),
    rows: () => recordsOf<ChainRow>(path, 'row'),
    tasks: () => recordsOf<TaskState>(path, 'task'),
  };
}
