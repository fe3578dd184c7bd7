// Commit, then draw, in the graph: seal a draft, units commit and reveal, the public source's
// value is entered; the seal, the commitments and every attempt are public (jointPlanSeal), so
// anyone can follow the seed from the seal to the draw. Logic in seal-plan.ts.
import { ErrorCode, graphError } from '../../../lib/errors';
import { forbidden } from '../../../lib/roles';
import { builder, type OfficeContext } from '../builder';
import type { AttemptRecord, CommitmentRecord, SealRecord } from '../store';
import { requireComposer, visiblePlan } from './access';
import { asGraphErrors } from './errors';
import { currentChainHead } from './graph-audit';
import { runtimeOf } from './graph-plan';
import { AuditChainHeadType } from './graph-types';
import { commitSeed, enterPublicValue, normaliseSeedRule, revealSeed, sealPlan } from './seal-plan';

const SeedRuleKindEnum = builder.enumType('SeedRuleKind', {
  values: { COMMIT_REVEAL: { value: 'commit_reveal' }, PUBLIC_SOURCE: { value: 'public_source' } } as const,
});

const SeedRuleInput = builder.inputType('SeedRuleInput', {
  description: 'Where the seed will come from, fixed at the seal',
  fields: (t) => ({
    kind: t.field({ type: SeedRuleKindEnum, required: true }),
    revealBy: t.string({ required: false, description: 'COMMIT_REVEAL: deadline for reveals (ISO 8601 with offset); a unit not revealed by then counts as "-"' }),
    source: t.string({ required: false, description: 'PUBLIC_SOURCE: the source named in advance, e.g. 中国福利彩票双色球 2026-01-06 开奖号码' }),
    format: t.string({ required: false, description: 'PUBLIC_SOURCE: template of the value: N a digit, A a capital letter, anything else literal' }),
    availableAfter: t.string({ required: false, description: 'PUBLIC_SOURCE: when the value becomes known (future, ISO 8601 with offset)' }),
  }),
});

const SeedRuleType = builder.objectRef<SealRecord['seedRule']>('SeedRule').implement({
  fields: (t) => ({
    kind: t.field({ type: SeedRuleKindEnum, resolve: (r) => r.kind }),
    revealBy: t.string({ nullable: true, resolve: (r) => (r.kind === 'commit_reveal' ? r.revealBy : null) }),
    source: t.string({ nullable: true, resolve: (r) => (r.kind === 'public_source' ? r.source : null) }),
    format: t.string({ nullable: true, resolve: (r) => (r.kind === 'public_source' ? r.format : null) }),
    availableAfter: t.string({ nullable: true, resolve: (r) => (r.kind === 'public_source' ? r.availableAfter : null) }),
  }),
});

const CommitmentType = builder.objectRef<CommitmentRecord>('SeedCommitment').implement({
  description: "A unit's commitment: SHA-256 of its secret; the secret is public once revealed",
  fields: (t) => ({
    unitCode: t.exposeID('unitCode'),
    commitment: t.exposeString('commitment'),
    committedAt: t.exposeString('committedAt'),
    secret: t.exposeString('secret', { nullable: true }),
    revealedAt: t.exposeString('revealedAt', { nullable: true }),
  }),
});

const AttemptType = builder.objectRef<AttemptRecord>('PlanAttempt').implement({
  description: 'One seal or draw attempt, failed or not, numbered per plan',
  fields: (t) => ({
    seq: t.exposeInt('seq'),
    kind: t.exposeString('kind'),
    at: t.exposeString('at'),
    outcome: t.exposeString('outcome', { description: '`ok` or the error code' }),
    detail: t.string({ description: 'JSON: seed and document hash, or the failure message', resolve: (a) => JSON.stringify(a.detail) }),
  }),
});

interface SealView {
  seal: SealRecord | null;
  planId: string;
  participatingUnits: string[];
}

const SealType = builder.objectRef<SealView>('JointPlanSeal').implement({
  description: 'The public record of a plan before its draw: the seal (inputs frozen and hashed, the seed rule), the commitments and reveals, every attempt',
  fields: (t) => ({
    planId: t.id({ resolve: (v) => v.planId }),
    sealed: t.boolean({ resolve: (v) => v.seal !== null }),
    sealSha256: t.string({ nullable: true, resolve: (v) => v.seal?.sealSha256 ?? null }),
    sealedAt: t.string({ nullable: true, resolve: (v) => v.seal?.sealedAt ?? null }),
    candidateSha256: t.string({ nullable: true, resolve: (v) => v.seal?.candidatesSha256 ?? null }),
    matchingInputsSha256: t.string({ nullable: true, resolve: (v) => v.seal?.matchingInputsSha256 ?? null }),
    seedRule: t.field({ type: SeedRuleType, nullable: true, resolve: (v) => v.seal?.seedRule ?? null }),
    publicValue: t.string({ nullable: true, resolve: (v) => v.seal?.publicValue ?? null }),
    participatingUnits: t.idList({ resolve: (v) => v.participatingUnits }),
    commitments: t.field({ type: [CommitmentType], resolve: async (v, _a, ctx) => (v.seal ? runtimeOf(ctx).store.seals.commitments(v.planId) : []) }),
    attempts: t.field({ type: [AttemptType], resolve: (v, _a, ctx) => runtimeOf(ctx).store.seals.attempts(v.planId) }),
    chainHead: t.field({
      type: AuditChainHeadType,
      description: "The head of the office's hash chain as this record is read: keep it with the record (npm run verify-audit -- --head SEQ:SHA256)",
      resolve: (_v, _a, ctx) => currentChainHead(ctx),
    }),
  }),
});

async function sealView(ctx: OfficeContext, planId: string): Promise<SealView> {
  const runtime = runtimeOf(ctx);
  const plan = await runtime.store.plans.getPlan(planId);
  const seal = plan ? await runtime.store.seals.getSeal(planId) : null;
  // The seal is published: anyone may read it once it exists; before that the plan is private.
  const visible = plan && (seal ? plan : visiblePlan(ctx.role, plan, planId));
  if (!visible) throw graphError(ErrorCode.NOT_FOUND, `No joint plan ${planId}`, { planId });
  return { seal, planId, participatingUnits: plan.definition.participatingUnits };
}

/** The participating unit the caller speaks for (a unit's own token only). */
function ownUnit(ctx: OfficeContext, participating: readonly string[], what: string): string {
  const role = ctx.role;
  if (role.kind !== 'department' || !participating.includes(role.unitCode)) throw forbidden(`${what} (only a participating unit, for itself)`, role);
  return role.unitCode;
}

builder.queryFields((t) => ({
  jointPlanSeal: t.field({
    type: SealType,
    description: 'The public seal record of a plan: anyone may read it once the plan is sealed',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => asGraphErrors(() => sealView(ctx, String(args.id))),
  }),
}));

builder.mutationFields((t) => ({
  sealJointPlan: t.field({
    type: SealType,
    description: 'Freezes and hashes the candidates and the matching inputs, fixes the seed rule, and publishes the seal with its time',
    args: { id: t.arg.id({ required: true }), seedRule: t.arg({ type: SeedRuleInput, required: true }) },
    resolve: (_root, args, ctx) =>
      asGraphErrors(async () => {
        const runtime = runtimeOf(ctx);
        const id = String(args.id);
        const plan = visiblePlan(ctx.role, await runtime.store.plans.getPlan(id), id);
        requireComposer(ctx.role, plan.leadUnit, 'seal this plan');
        const actor = ctx.actor || ctx.role.kind;
        const rule = normaliseSeedRule(args.seedRule, new Date());
        try {
          await sealPlan(runtime.store, runtime.reader(ctx.actor), plan, rule, actor);
          await runtime.store.seals.recordAttempt(id, 'seal', actor, 'ok', {});
        } catch (error) {
          const code = (error as { extensions?: { code?: string } }).extensions?.code ?? (error as { code?: string }).code ?? 'ERROR';
          await runtime.store.seals.recordAttempt(id, 'seal', actor, String(code), { message: (error as Error).message });
          throw error;
        }
        return sealView(ctx, id);
      }),
  }),
  commitJointPlanSeed: t.field({
    type: SealType,
    description: "A participating unit commits SHA-256 of its secret (printf %s SECRET | sha256sum); once, before the deadline",
    args: { id: t.arg.id({ required: true }), commitment: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) =>
      asGraphErrors(async () => {
        const runtime = runtimeOf(ctx);
        const id = String(args.id);
        const plan = visiblePlan(ctx.role, await runtime.store.plans.getPlan(id), id);
        const unit = ownUnit(ctx, plan.definition.participatingUnits, 'commit a seed');
        await commitSeed(runtime.store, plan, unit, args.commitment, ctx.actor || unit);
        return sealView(ctx, id);
      }),
  }),
  revealJointPlanSeed: t.field({
    type: SealType,
    description: 'A participating unit reveals its secret once every unit has committed, before the deadline',
    args: { id: t.arg.id({ required: true }), secret: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) =>
      asGraphErrors(async () => {
        const runtime = runtimeOf(ctx);
        const id = String(args.id);
        const plan = visiblePlan(ctx.role, await runtime.store.plans.getPlan(id), id);
        const unit = ownUnit(ctx, plan.definition.participatingUnits, 'reveal a seed');
        await revealSeed(runtime.store, plan, unit, args.secret, ctx.actor || unit);
        return sealView(ctx, id);
      }),
  }),
  enterJointPlanPublicSeed: t.field({
    type: SealType,
    description: "Records the public source's value (once, after it is available); it must fit the format fixed at the seal",
    args: { id: t.arg.id({ required: true }), value: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) =>
      asGraphErrors(async () => {
        const runtime = runtimeOf(ctx);
        const id = String(args.id);
        const plan = visiblePlan(ctx.role, await runtime.store.plans.getPlan(id), id);
        requireComposer(ctx.role, plan.leadUnit, 'enter the public seed value');
        await enterPublicValue(runtime.store, plan, args.value, ctx.actor || ctx.role.kind);
        return sealView(ctx, id);
      }),
  }),
}));
