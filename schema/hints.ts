// Composition hints we accept, each with the reason. Any other hint fails composition.

export interface ExplainedHint {
  code: string;
  /** Matches the hint's message. */
  pattern: RegExp;
  why: string;
}

export const EXPLAINED_HINTS: readonly ExplainedHint[] = [
  {
    code: 'INCONSISTENT_INTERFACE_VALUE_TYPE_FIELD',
    pattern: /^Field "Department\.(items|directory|directoryEntries|inspectors|plans|tasks|tasksOf|\w+)" of interface type "Department" is defined in some but not all subgraphs/,
    why:
      'By design the joint office knows only each unit\'s code and name; a unit\'s data fields are declared and resolved by the ' +
      'department subgraph of its platform. The query planner sends those fields to each department subgraph in parallel.',
  },
];
