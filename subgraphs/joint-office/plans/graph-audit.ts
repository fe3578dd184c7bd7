// The tamper-evident record in the graph: the chain's head for anyone to note down (here, in
// jointPlanSeal and in each draw document), and verifyAudit — the check of npm run verify-audit —
// for the office only.
import { ErrorCode, graphError } from '../../../lib/errors';
import { builder, type OfficeContext } from '../builder';
import { readChainHead, withChainSnapshot } from '../store';
import { requireOffice } from './access';
import { asGraphErrors } from './errors';
import { runtimeOf } from './graph-plan';
import { AuditChainHeadType, type ChainHeadView } from './graph-types';
import { verifyAuditChain, type AuditBreak, type AuditVerification } from './verify-audit';

const AuditChainHeadInput = builder.inputType('AuditChainHeadInput', {
  fields: (t) => ({ seq: t.int({ required: true }), sha256: t.string({ required: true }) }),
});

const AuditBreakType = builder.objectRef<AuditBreak>('AuditBreak').implement({
  description: 'One place where the record does not hold',
  fields: (t) => ({
    seq: t.int({ nullable: true, description: 'The row\'s chain number', resolve: (b) => b.seq }),
    table: t.string({ nullable: true, description: 'audit_log, draws or plan_tasks', resolve: (b) => b.table }),
    key: t.string({ nullable: true, description: 'The row: audit id, plan id or task key', resolve: (b) => b.key }),
    problem: t.exposeString('problem'),
    expected: t.string({ nullable: true, resolve: (b) => b.expected }),
    actual: t.string({ nullable: true, resolve: (b) => b.actual }),
  }),
});

const AuditVerificationType = builder.objectRef<AuditVerification>('AuditVerification').implement({
  fields: (t) => ({
    ok: t.exposeBoolean('ok'),
    rows: t.exposeInt('rows'),
    documents: t.exposeInt('documents', { description: 'Stored draw documents checked' }),
    anchors: t.exposeInt('anchors', { description: 'Chain heads checked (in documents, and given)' }),
    head: t.field({ type: AuditChainHeadType, nullable: true, resolve: (v) => v.head }),
    breaks: t.field({ type: [AuditBreakType], resolve: (v) => v.breaks }),
    unlisted: t.exposeInt('unlisted', { description: 'Breaks beyond those listed' }),
  }),
});

/** The head now; the empty chain (before migration 012 ran) is seq 0. */
export async function currentChainHead(ctx: OfficeContext): Promise<ChainHeadView> {
  return (await readChainHead(runtimeOf(ctx).store.db)) ?? { seq: 0, sha256: '0'.repeat(64), at: null };
}

const MAX_DOCUMENTS = 20;
const MAX_HEADS = 100;

builder.queryFields((t) => ({
  auditChainHead: t.field({
    type: AuditChainHeadType,
    description: 'The head of the office\'s hash chain now (anyone may read and keep it)',
    resolve: (_root, _args, ctx) => asGraphErrors(() => currentChainHead(ctx)),
  }),
  verifyAudit: t.field({
    type: AuditVerificationType,
    description: 'Re-checks the whole hash chain, every stored draw document against it, and the published documents and heads given (office only; the same check as npm run verify-audit)',
    args: {
      documents: t.arg.stringList({ required: false, description: 'Draw documents as published (exact text)' }),
      heads: t.arg({ type: [AuditChainHeadInput], required: false, description: 'Chain heads noted earlier' }),
    },
    resolve: (_root, args, ctx) =>
      asGraphErrors(async () => {
        requireOffice(ctx.role, 'verify the audit chain');
        const documents = args.documents ?? [];
        const heads = args.heads ?? [];
        if (documents.length > MAX_DOCUMENTS || heads.length > MAX_HEADS) {
          throw graphError(ErrorCode.BAD_INPUT, `at most ${MAX_DOCUMENTS} documents and ${MAX_HEADS} heads`, { maxDocuments: MAX_DOCUMENTS, maxHeads: MAX_HEADS });
        }
        const tooLarge = documents.findIndex((text) => Buffer.byteLength(text) > ctx.drawVerifier.maxBytes);
        if (tooLarge >= 0) throw graphError(ErrorCode.BAD_INPUT, `documents[${tooLarge}] is over ${ctx.drawVerifier.maxBytes} bytes: check it with npm run verify-audit -- --document FILE`, { maxBytes: ctx.drawVerifier.maxBytes });
        const badHead = heads.findIndex((h) => h.seq < 0 || !/^[0-9a-f]{64}$/.test(h.sha256));
        if (badHead >= 0) throw graphError(ErrorCode.BAD_INPUT, `heads[${badHead}]: seq ≥ 0 and sha256 of 64 lower-case hex digits`);
        const published = documents.map((text, i) => ({ name: `documents[${i}]`, text }));
        return withChainSnapshot(runtimeOf(ctx).store.db, (source) => verifyAuditChain(source, { heads, published }));
      }),
  }),
}));
