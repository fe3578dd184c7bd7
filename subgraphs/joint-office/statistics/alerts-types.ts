// GraphQL of the office's "待办" (alerts.ts).
import { findUnit } from '../../../config/units';
import { builder } from '../builder';
import type { Alert, AlertsResult } from './alerts';
import { IndicatorListEntryType } from './list-types';

const AlertKindEnum = builder.enumType('AlertKind', {
  values: {
    PUBLICATION_DUE: { description: '检查结果即将超过公示时限' },
    FINDINGS_OPEN: { description: '发现问题尚无后续处置' },
    PLAN_NOT_PUBLISHED: { description: '年度抽查计划未按期公示' },
    VISIT_CAP_AHEAD: { description: '按计划将超过入企检查频次上限的企业' },
    MERGEABLE_DUPLICATES: { description: '仍可合并的重复检查' },
  } as const,
});

const AlertType = builder.objectRef<Alert>('ComplianceAlert').implement({
  fields: (t) => ({
    kind: t.field({ type: AlertKindEnum, resolve: (alert) => alert.kind }),
    unitCode: t.exposeID('unitCode'),
    unitName: t.string({ resolve: (alert) => findUnit(alert.unitCode)?.name ?? alert.unitCode }),
    count: t.exposeInt('count'),
    title: t.exposeString('title', { description: 'Plain Chinese' }),
    deadline: t.exposeString('deadline', { nullable: true, description: 'Last day to act' }),
    workdaysLeft: t.exposeInt('workdaysLeft', { nullable: true, description: 'Working days from asOf to the deadline; negative: overdue' }),
    indicator: t.exposeString('indicator', { nullable: true, description: 'The figure whose list (indicatorList) holds the cases' }),
    entries: t.field({ type: [IndicatorListEntryType], description: 'The cases, when they are not a figure\'s list', resolve: (alert) => alert.rows }),
  }),
});

export const AlertsType = builder.objectRef<AlertsResult & { asOf: string }>('ComplianceAlerts').implement({
  fields: (t) => ({
    asOf: t.exposeString('asOf'),
    complete: t.boolean({ description: 'false when some part could not be read (see missing)', resolve: (r) => r.missing.length === 0 }),
    missing: t.exposeStringList('missing', { description: 'What could not be read (Chinese)' }),
    alerts: t.field({ type: [AlertType], resolve: (r) => r.alerts }),
  }),
});
