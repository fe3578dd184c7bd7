-- Real dates (issue 11): a merge into a past day or a day off is refused unless the office gives
-- an override with a reason. date_override keeps what it lifted and why
-- ({codes: [MERGE_DATE_PAST | MERGE_DATE_NOT_WORKING_DAY …], reason, on}); NULL when the date
-- broke no rule. (A plan's overrides are kept in its milestones: publishOverride, dispatchOverride.)
ALTER TABLE merges ADD COLUMN date_override jsonb;
