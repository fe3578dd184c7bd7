// The dashboard's persisted operations: the only GraphQL the /dashboard/graphql route runs.
// The page sends an operation NAME and variables; the text lives here, on the server.
const FIGURE = 'key label numerator denominator value status listLabel target { label kind percent count }';

export const DASHBOARD_OPERATIONS: Readonly<Record<string, string>> = {
  DashboardReport: `query DashboardReport($jurisdiction: ID!, $year: Int!, $asOf: String) {
  complianceStatistics(jurisdiction: $jurisdiction, year: $year, asOf: $asOf) {
    jurisdictionCode jurisdictionName document year dataYear asOf complete
    missingUnits { unitCode name reason syncing { applied remaining } }
    total { code name complete figures { ${FIGURE} } }
    units { code name available complete figures { ${FIGURE} } }
    trend { month tasksPlanned tasksCompleted resultsPublished }
  }
}`,
  IndicatorList: `query IndicatorList($jurisdiction: ID!, $year: Int!, $indicator: String!, $unit: ID, $asOf: String, $first: Int) {
  indicatorList(jurisdiction: $jurisdiction, year: $year, indicator: $indicator, unit: $unit, asOf: $asOf) {
    indicator label listLabel listOf unitCode numerator denominator complete missingUnits totalCount
    entries(first: $first) { unitCode unitName id }
  }
}`,
  StatisticsDownload: `query StatisticsDownload($jurisdiction: ID!, $year: Int!, $asOf: String, $format: ExportFormat!) {
  statisticsDownload(jurisdiction: $jurisdiction, year: $year, asOf: $asOf, format: $format) { url fileName expiresAt }
}`,
};

export function persistedOperation(name: unknown): string | undefined {
  return typeof name === 'string' && Object.hasOwn(DASHBOARD_OPERATIONS, name) ? DASHBOARD_OPERATIONS[name] : undefined;
}
