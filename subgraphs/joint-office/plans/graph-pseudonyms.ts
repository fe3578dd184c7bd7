// Resolving the pseudonyms of a published matching to officer ids (draw/README.md §7): the office
// for every unit, a participating unit for its own officers; the public and other units get
// FORBIDDEN (access.ts). The mapping was stored with the draw (store/pseudonyms-repo.ts).
import { ErrorCode, graphError } from '../../../lib/errors';
import { builder } from '../builder';
import { PSEUDONYM } from '../draw';
import type { OfficerPseudonym } from '../store';
import { requirePseudonymUnits } from './access';
import { asGraphErrors } from './errors';
import { JointPlanType, runtimeOf } from './graph-plan';

const OfficerPseudonymType = builder.objectRef<OfficerPseudonym>('OfficerPseudonym').implement({
  description: "An officer of the plan's published matching: pseudonym (per plan, unlinkable across plans) and real id",
  fields: (t) => ({
    unitCode: t.exposeID('unitCode'),
    pseudonym: t.exposeString('pseudonym', { description: 'As in the draw document: matching.units[].officers' }),
    officerId: t.exposeID('officerId'),
  }),
});

builder.objectField(JointPlanType, 'officerPseudonyms', (t) =>
  t.field({
    type: [OfficerPseudonymType],
    nullable: true,
    description: 'Who is behind the pseudonyms of the draw document (office: every unit; a participating unit: its own officers; anyone else FORBIDDEN). Empty before the draw',
    args: {
      unitCode: t.arg.id({ required: false }),
      pseudonyms: t.arg.stringList({ required: false, description: 'Only these (16 hex digits each); all when absent' }),
    },
    resolve: (plan, args, ctx) =>
      asGraphErrors(async () => {
        const units = requirePseudonymUnits(ctx.role, plan, args.unitCode ? String(args.unitCode) : null);
        const wanted = args.pseudonyms ?? undefined;
        const bad = wanted?.find((p) => !PSEUDONYM.test(p));
        if (bad !== undefined) throw graphError(ErrorCode.BAD_INPUT, `Not a pseudonym: ${JSON.stringify(bad.slice(0, 40))} (16 lower-case hex digits)`, { field: 'pseudonyms' });
        if (units.length === 0) return [];
        return runtimeOf(ctx).store.pseudonyms.officers(plan.id, units, wanted);
      }),
  }),
);
