// What the console shows: the jurisdiction and year, the as-of day, the chosen indicator and
// the filters (a unit, a county-level division). A department's unit is fixed.

export function createState(role) {
  const department = /^department:(.+)$/.exec(role)?.[1] ?? null;
  return { role, department, unit: department, division: null, indicator: 'publishedOnTime', jurisdiction: '440800', year: 2025, asOf: null };
}

/** The variables of the main report: the filters as the graph takes them. */
export function reportVariables(state, { withDivision = true } = {}) {
  return {
    jurisdiction: state.jurisdiction,
    year: state.year,
    asOf: state.asOf,
    units: state.unit ? [state.unit] : null,
    division: withDivision ? state.division : null,
  };
}

/** Clicking a unit filters by it (again: clears it); a department stays on its own. */
export function toggleUnit(state, code) {
  if (state.department) return state;
  return { ...state, unit: state.unit === code ? null : code };
}

export function toggleDivision(state, code) {
  return { ...state, division: state.division === code ? null : code };
}
