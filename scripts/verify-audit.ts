// Re-checks the joint office's tamper-evident record (hash chain of the audit log, draws and task
// assignments) with nothing but a database URL (a read-only session) or an export file:
//   npm run verify-audit                                   (DATABASE_URL)
//   npm run verify-audit -- postgres://…/db [--schema S]
//   npm run verify-audit -- record.ndjson                  (an export, no database needed)
//   npm run verify-audit -- postgres://…/db --export record.ndjson   (writes the export)
// Anchors published outside the office, any number:
//   --document FILE       a draw document as published (exact text): its chain head and its hash
//   --head SEQ:SHA256     a chain head noted earlier (jointPlanSeal { chainHead }, auditChainHead)
// Prints OK, or BROKEN and each break (seq, table, key, problem, expected, actual).
// Exit codes: 0 OK, 1 broken, 2 unusable input (no database, unreadable file, bad argument).
import { accessSync, constants, readFileSync } from 'node:fs';
import pg from 'pg';
import { verifyAuditChain, type PublishedDocument } from '../subgraphs/joint-office/plans/verify-audit';
import { databaseChainSource, ExportFormatError, SNAPSHOT, fileChainSource, writeChainExport, type ChainSource, type Queryable } from '../subgraphs/joint-office/store';
import type { DocumentChainHead } from '../subgraphs/joint-office/draw';

const USAGE = 'usage: npm run verify-audit -- [DATABASE_URL | EXPORT_FILE] [--schema NAME] [--document FILE]... [--head SEQ:SHA256]... [--export FILE]';

function unusable(message: string): never {
  console.error(`UNUSABLE: ${message}`);
  console.error(USAGE);
  process.exit(2);
}

interface Args {
  target?: string;
  schema: string;
  documents: string[];
  heads: DocumentChainHead[];
  exportTo?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { schema: 'public', documents: [], heads: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => argv[++i] ?? unusable(`${arg} needs a value`);
    if (arg === '--') continue;
    else if (arg === '--schema') args.schema = value();
    else if (arg === '--document') args.documents.push(value());
    else if (arg === '--export') args.exportTo = value();
    else if (arg === '--head') {
      const match = /^(\d+):([0-9a-f]{64})$/.exec(value());
      if (!match) unusable(`--head takes SEQ:SHA256 (64 lower-case hex digits), not ${argv[i]}`);
      args.heads.push({ seq: Number(match[1]), sha256: match[2] });
    } else if (arg.startsWith('--')) unusable(`unknown option ${arg}`);
    else if (args.target) unusable(`one database URL or export file, not also ${arg}`);
    else args.target = arg;
  }
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(args.schema)) unusable(`--schema ${args.schema}: not a schema name`);
  return args;
}

/** A read-only session on the office's database: verifying never writes. */
async function openReadOnly(url: string, schema: string): Promise<{ db: Queryable; close(): Promise<void> }> {
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema} -c default_transaction_read_only=on` });
  try {
    await client.connect();
    const [{ tables }] = (await client.query<{ tables: number }>(
      `SELECT count(*)::integer AS tables FROM information_schema.tables WHERE table_schema = $1 AND table_name IN ('audit_log', 'draws', 'plan_tasks')`,
      [schema],
    )).rows;
    if (tables !== 3) throw new Error(`schema ${schema} holds no joint-office store (audit_log, draws, plan_tasks)`);
  } catch (error) {
    await client.end().catch(() => undefined);
    unusable(`cannot read the database: ${(error as Error).message}`);
  }
  // One snapshot for the whole read: rows the office commits meanwhile are not half seen.
  await client.query(`BEGIN; ${SNAPSHOT}`);
  return { db: { query: async (sql, params) => (await client.query(sql, params as unknown[])).rows }, close: () => client.end() };
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    unusable(`cannot read ${file}: ${(error as Error).message}`);
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const target = args.target || process.env.DATABASE_URL || unusable('no database URL (argument or DATABASE_URL) and no export file');
  const published: PublishedDocument[] = args.documents.map((name) => ({ name, text: readText(name) }));
  let source: ChainSource;
  let close = async () => undefined as void;
  if (/^postgres(ql)?:\/\//.test(target)) {
    const session = await openReadOnly(target, args.schema);
    source = databaseChainSource(session.db);
    close = session.close;
  } else {
    if (args.exportTo) unusable('--export reads a database, not a file');
    try {
      accessSync(target, constants.R_OK);
    } catch (error) {
      unusable(`cannot read ${target}: ${(error as Error).message}`);
    }
    source = fileChainSource(target);
  }
  try {
    if (args.exportTo) {
      const counts = await writeChainExport(source, args.exportTo);
      console.log(`EXPORTED: ${counts.rows} rows, ${counts.documents} documents, ${counts.tasks} tasks to ${args.exportTo}`);
      return;
    }
    const result = await verifyAuditChain(source, { heads: args.heads, published });
    const head = result.head ? `head seq ${result.head.seq} ${result.head.sha256} at ${result.head.at}` : 'empty chain';
    const checked = `${result.rows} rows, ${result.documents} stored documents, ${result.anchors} chain heads checked`;
    if (result.ok) {
      console.log(`OK: ${checked}; ${head}`);
      return;
    }
    console.log(`BROKEN: ${result.breaks.length + result.unlisted} break(s); ${checked}; ${head}`);
    for (const b of result.breaks) {
      const where = [b.seq === null ? null : `seq ${b.seq}`, b.table, b.key].filter(Boolean).join(' ') || '(record)';
      console.log(`  ${where}: ${b.problem}: expected ${b.expected ?? '-'}, actual ${b.actual ?? '-'}`);
    }
    if (result.unlisted > 0) console.log(`  … and ${result.unlisted} more not listed`);
    process.exitCode = 1;
  } catch (error) {
    if (error instanceof ExportFormatError) unusable(`${target}: ${error.message}`);
    throw error;
  } finally {
    await close();
  }
}

await main();
