// The GraphQL side of the date rules (date-rules.ts): the override argument and the recorded override.
import { builder } from './builder';
import type { DateOverride } from './store';

export const DateOverrideInputType = builder.inputType('DateOverrideInput', {
  description: 'Goes ahead despite a date rule (PLAN_PERIOD_ENDED, MERGE_DATE_PAST, MERGE_DATE_NOT_WORKING_DAY); recorded with the reason',
  fields: (t) => ({ reason: t.string({ required: true, description: 'Why (not blank, at most 500 characters); published with the record' }) }),
});

export const DateOverrideType = builder.objectRef<DateOverride>('DateOverride').implement({
  description: 'A date rule the office went against, and why (also in the audit log)',
  fields: (t) => ({
    codes: t.exposeStringList('codes', { description: 'The refusals lifted, e.g. PLAN_PERIOD_ENDED' }),
    reason: t.exposeString('reason'),
    on: t.exposeString('on', { description: 'The office\'s day (China) when it was given' }),
  }),
});
