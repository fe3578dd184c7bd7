// The emergency-management platform's legacy XML, read back into the model records: YYYYMMDD
// dates, Y/N booleans, repeated elements inside plural containers. A response that does not
// have the expected shape throws WireError; the client turns it into a PlatformError.
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import type {
  CertifiedOfficer,
  Conclusion,
  DirectoryEntry,
  FollowUp,
  FollowUpAction,
  Inspector,
  Item,
  ItemCategory,
  Plan,
  PlanKind,
  Result,
  Task,
  TaskStatus,
} from '../../platforms/data/model';
import { WireError } from '../../lib/platform-http';
import { emptyChanges, withOptional, type CheckIn, type NewFollowUp, type NewResult, type UnitChanges } from '../kit/platform';


export type Node = Record<string, unknown>;

/** Plural containers and the name of their repeated child (a single child must stay a list). */
const REPEATED_CHILD: Readonly<Record<string, string>> = {
  Items: 'Item',
  Targets: 'Target',
  Inspectors: 'Inspector',
  Officers: 'Officer',
  Plans: 'Plan',
  Tasks: 'Task',
  Results: 'Result',
  FollowUps: 'FollowUp',
  Tags: 'Tag',
  Specialties: 'Specialty',
  Conflicts: 'CreditCode',
  ParticipatingUnits: 'UnitCode',
  ItemCodes: 'ItemCode',
  InspectorIds: 'InspectorId',
  DivisionCodes: 'DivisionCode',
  IndustryCodes: 'IndustryCode',
  Findings: 'Finding',
  Created: 'Entry',
  Changes: 'Change',
};

function isRepeated(name: string, jPath: unknown): boolean {
  const path = String(jPath).split('.');
  return REPEATED_CHILD[path[path.length - 2]] === name;
}

/** Parses a platform document; values stay text (codes have leading zeros). */
export function parseXml(xml: string): Node {
  if (XMLValidator.validate(xml) !== true) throw new WireError('the answer is not well-formed XML');
  // A parser per document: the parser keeps path state between documents.
  const parser = new XMLParser({ parseTagValue: false, trimValues: false, isArray: (name, jPath) => isRepeated(name, jPath) });
  return parser.parse(xml) as Node;
}

export type RequestParams = Record<string, string | number | string[] | undefined>;

/** The request document `<Request><Operation/><Unit/><Params/></Request>`, its params given as elements. */
export function requestDocument(operation: string, unit: string, params: Node): string {
  const builder = new XMLBuilder({ suppressEmptyNode: false });
  return '<?xml version="1.0" encoding="UTF-8"?>' + builder.build({ Request: { Operation: operation, Unit: unit, Params: params } });
}

/** A query's request document; a string[] param becomes <Xs><X/>…</Xs>. */
export function requestXml(operation: string, unit: string, params: RequestParams, listChild: Record<string, string> = {}): string {
  const xmlParams: Node = {};
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    xmlParams[name] = Array.isArray(value) ? { [listChild[name] ?? name.replace(/s$/, '')]: value } : String(value);
  }
  return requestDocument(operation, unit, xmlParams);
}

export function child(node: unknown, name: string): Node {
  const value = (node as Node | undefined)?.[name];
  if (value === '' || value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new WireError(`<${name}> is not an element`);
  return value as Node;
}

export function text(node: Node, name: string): string {
  const value = node[name];
  if (typeof value !== 'string') throw new WireError(`<${name}> is missing or not text`);
  return value;
}

function optionalText(node: Node, name: string): string | undefined {
  return node[name] === undefined ? undefined : text(node, name);
}

/** The repeated children of a plural container, e.g. list(node, 'Tags') → the <Tag> values. */
export function list<T = string>(node: Node, container: string): T[] {
  const values = child(node, container)[REPEATED_CHILD[container]];
  if (values === undefined) return [];
  if (!Array.isArray(values)) throw new WireError(`<${container}> does not hold a list`);
  return values as T[];
}

function day(node: Node, name: string): string {
  const value = text(node, name);
  if (value === '') return '';
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (!match) throw new WireError(`<${name}> is not a date YYYYMMDD: ${value}`);
  return `${match[1]}-${match[2]}-${match[3]}`;
}

function optionalDay(node: Node, name: string): string | undefined {
  return node[name] === undefined ? undefined : day(node, name);
}

function flag(node: Node, name: string): boolean {
  const value = text(node, name);
  if (value !== 'Y' && value !== 'N') throw new WireError(`<${name}> is not Y/N: ${value}`);
  return value === 'Y';
}

function number(node: Node, name: string): number {
  const value = Number(text(node, name));
  if (!Number.isFinite(value)) throw new WireError(`<${name}> is not a number`);
  return value;
}

export function toItem(node: Node): Item {
  return {
    code: text(node, 'ItemCode'),
    unitCode: text(node, 'UnitCode'),
    name: text(node, 'ItemName'),
    category: text(node, 'Category') as ItemCategory,
    subject: text(node, 'Subject'),
    content: text(node, 'Content'),
    method: text(node, 'Method'),
    legalBasis: text(node, 'LegalBasis'),
    specialty: text(node, 'Specialty'),
    riskBased: flag(node, 'RiskBased'),
  };
}

export function toDirectoryEntry(node: Node): DirectoryEntry {
  return {
    unitCode: text(node, 'UnitCode'),
    uscc: text(node, 'CreditCode'),
    tags: list(node, 'Tags'),
    divisionCode: text(node, 'DivisionCode'),
    industryCode: text(node, 'IndustryCode'),
    addedOn: day(node, 'AddedDate'),
  };
}

export function toInspector(node: Node): Inspector {
  return {
    id: text(node, 'InspectorId'),
    unitCode: text(node, 'UnitCode'),
    name: text(node, 'Name'),
    phone: text(node, 'Phone'),
    certificateNo: text(node, 'CertificateNo'),
    certificateValidUntil: day(node, 'CertificateExpiry'),
    active: flag(node, 'Active'),
    specialties: list(node, 'Specialties'),
    conflicts: list(node, 'Conflicts'),
  };
}

export function toOfficer(node: Node): CertifiedOfficer {
  return { unitCode: text(node, 'UnitCode'), certificateNo: text(node, 'CertificateNo'), name: text(node, 'Name') };
}

export function toPlan(node: Node): Plan {
  const scope = child(node, 'Scope');
  const ratios = node.Ratios === undefined ? undefined : child(node, 'Ratios');
  const plan: Plan = {
    id: text(node, 'PlanId'),
    unitCode: text(node, 'UnitCode'),
    year: number(node, 'Year'),
    title: text(node, 'Title'),
    kind: text(node, 'Kind') as PlanKind,
    leadUnit: text(node, 'LeadUnit'),
    participatingUnits: list(node, 'ParticipatingUnits'),
    itemCodes: list(node, 'ItemCodes'),
    scope: { divisionCodes: list(scope, 'DivisionCodes'), industryCodes: list(scope, 'IndustryCodes'), tags: list(scope, 'Tags') },
    periodStart: day(node, 'PeriodStart'),
    periodEnd: day(node, 'PeriodEnd'),
  };
  return withOptional(plan, {
    ratios: ratios && { A: number(ratios, 'A'), B: number(ratios, 'B'), C: number(ratios, 'C'), D: number(ratios, 'D') },
    publishedOn: optionalDay(node, 'PublishDate'),
    drawnOn: optionalDay(node, 'DrawDate'),
  });
}

export function toTask(node: Node): Task {
  const task: Task = {
    id: text(node, 'TaskId'),
    planId: text(node, 'PlanId'),
    unitCode: text(node, 'UnitCode'),
    uscc: text(node, 'CreditCode'),
    itemCodes: list(node, 'ItemCodes'),
    inspectorIds: list(node, 'InspectorIds'),
    plannedOn: day(node, 'PlannedDate'),
    status: text(node, 'Status') as TaskStatus,
  };
  return withOptional(task, {
    jointGroupId: optionalText(node, 'JointGroupId'),
    inspectionCode: optionalText(node, 'InspectionCode'),
    checkedInOn: optionalDay(node, 'CheckedInDate'),
    checkedInBy: optionalText(node, 'CheckedInBy'),
  });
}

export function toResult(node: Node): Result {
  return {
    taskId: text(node, 'TaskId'),
    unitCode: text(node, 'UnitCode'),
    inspectedOn: day(node, 'InspectedDate'),
    conclusion: text(node, 'Conclusion') as Conclusion,
    findings: list<Node>(node, 'Findings').map((finding) => ({
      code: text(finding, 'FindingCode'),
      itemCode: text(finding, 'ItemCode'),
      description: text(finding, 'Description'),
    })),
  };
}

export function toFollowUp(node: Node): FollowUp {
  return {
    taskId: text(node, 'TaskId'),
    unitCode: text(node, 'UnitCode'),
    findingCode: text(node, 'FindingCode'),
    action: text(node, 'Action') as FollowUpAction,
    handledOn: day(node, 'HandledDate'),
    note: text(node, 'Note'),
  };
}

/** A QueryChanges <Body> → the unit's changes; each <Change> holds its record under <Kind>'s name. */
export function toChanges(body: Node): UnitChanges {
  const changes = emptyChanges(text(body, 'Cursor'), flag(body, 'HasMore'), number(body, 'Remaining'));
  for (const change of list<Node>(body, 'Changes')) {
    const kind = text(change, 'Kind');
    const record = child(change, kind);
    switch (kind) {
      case 'Task': changes.tasks.push(toTask(record)); break;
      case 'Result': changes.results.push(toResult(record)); break;
      case 'FollowUp': changes.followUps.push(toFollowUp(record)); break;
      case 'Plan': changes.plans.push(toPlan(record)); break;
      case 'Inspector': changes.inspectors.push(toInspector(record)); break;
      case 'Target': changes.directory.push({ entry: toDirectoryEntry(record), removed: flag(change, 'Deleted') }); break;
      default: throw new WireError(`unknown change <Kind> ${kind}`);
    }
  }
  return changes;
}
