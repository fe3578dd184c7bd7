// The console's persisted operations: the only GraphQL the /dashboard/graphql route runs.
// The page sends an operation NAME and variables; the text lives here, on the server.
const FIGURE = 'key label numerator denominator value status listLabel target { label kind percent count }';
const ENTRY = 'unitCode unitName id uscc business { name } divisionCode divisionName subject plannedOn inspectedOn dueOn publishedOn workdaysLate reason';

export const DASHBOARD_OPERATIONS: Readonly<Record<string, string>> = {
  DashboardReport: `query DashboardReport($jurisdiction: ID!, $year: Int!, $asOf: String, $units: [ID!], $division: ID) {
  complianceStatistics(jurisdiction: $jurisdiction, year: $year, asOf: $asOf, units: $units, division: $division) {
    jurisdictionCode jurisdictionName document year dataJurisdiction dataYear asOf planDeadline complete
    missingUnits { unitCode name reason syncing { applied remaining } }
    total { code name complete figures { ${FIGURE} } }
    divisions { code name complete figures { ${FIGURE} } }
    units { code name available complete figures { ${FIGURE} } }
    trend { month tasksPlanned tasksCompleted resultsPublished }
    trendLastYear { month tasksPlanned tasksCompleted resultsPublished }
  }
}`,
  IndicatorList: `query IndicatorList($jurisdiction: ID!, $year: Int!, $indicator: String!, $unit: ID, $division: ID, $asOf: String, $first: Int, $offset: Int, $sortBy: WorkListSort, $descending: Boolean) {
  indicatorList(jurisdiction: $jurisdiction, year: $year, indicator: $indicator, unit: $unit, division: $division, asOf: $asOf) {
    indicator label listLabel listOf unitCode division numerator denominator complete missingUnits totalCount
    entries(first: $first, offset: $offset, sortBy: $sortBy, descending: $descending) { ${ENTRY} }
  }
}`,
  Alerts: `query Alerts($jurisdiction: ID!, $year: Int!, $asOf: String, $unit: ID) {
  complianceAlerts(jurisdiction: $jurisdiction, year: $year, asOf: $asOf, unit: $unit) {
    asOf complete missing
    alerts { kind unitCode unitName count title deadline workdaysLeft indicator entries { ${ENTRY} } }
  }
}`,
  StatisticsDownload: `query StatisticsDownload($jurisdiction: ID!, $year: Int!, $asOf: String, $format: ExportFormat!) {
  statisticsDownload(jurisdiction: $jurisdiction, year: $year, asOf: $asOf, format: $format) { url fileName expiresAt }
}`,
};

export function persistedOperation(name: unknown): string | undefined {
  return typeof name === 'string' && Object.hasOwn(DASHBOARD_OPERATIONS, name) ? DASHBOARD_OPERATIONS[name] : undefined;
}
