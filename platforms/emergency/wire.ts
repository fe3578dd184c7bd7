// The emergency-management platform's legacy XML vocabulary: model records → XML element
// trees (for XMLBuilder), dates as YYYYMMDD, booleans as Y/N, lists as repeated elements
// inside a plural container, element names upper-camel-case.
import { XMLBuilder } from 'fast-xml-parser';
import type { CertifiedOfficer, DirectoryEntry, FollowUp, Inspector, Item, Plan, Result, Task } from '../data/model';

export type XmlNode = { [element: string]: XmlValue };
export type XmlValue = string | number | XmlNode | XmlValue[] | undefined;

const builder = new XMLBuilder({ suppressEmptyNode: false });

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

export function buildXml(root: XmlNode): string {
  return XML_DECLARATION + builder.build(root);
}

/** `2025-03-05` → `20250305`; an empty value stays empty. */
export function legacyDate(isoDay: string | undefined): string | undefined {
  return isoDay === undefined ? undefined : isoDay.replaceAll('-', '');
}

/** `20250305` → `2025-03-05`, or undefined when the text is not a legacy date. */
export function isoFromLegacyDate(text: string): string | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  return match ? `${match[1]}-${match[2]}-${match[3]}` : undefined;
}

export const yesNo = (value: boolean) => (value ? 'Y' : 'N');

/** A plural container of repeated child elements, e.g. <Tags><Tag>a</Tag><Tag>b</Tag></Tags>. */
const list = (child: string, values: readonly XmlValue[]): XmlNode => ({ [child]: [...values] });

export function itemXml(item: Item): XmlNode {
  return {
    ItemCode: item.code,
    UnitCode: item.unitCode,
    ItemName: item.name,
    Category: item.category,
    Subject: item.subject,
    Content: item.content,
    Method: item.method,
    LegalBasis: item.legalBasis,
    Specialty: item.specialty,
    RiskBased: yesNo(item.riskBased),
  };
}

export function targetXml(entry: DirectoryEntry): XmlNode {
  return {
    CreditCode: entry.uscc,
    UnitCode: entry.unitCode,
    Tags: list('Tag', entry.tags),
    DivisionCode: entry.divisionCode,
    IndustryCode: entry.industryCode,
    AddedDate: legacyDate(entry.addedOn),
  };
}

export function inspectorXml(inspector: Inspector): XmlNode {
  return {
    InspectorId: inspector.id,
    UnitCode: inspector.unitCode,
    Name: inspector.name,
    Phone: inspector.phone,
    CertificateNo: inspector.certificateNo,
    CertificateExpiry: legacyDate(inspector.certificateValidUntil),
    Active: yesNo(inspector.active),
    Specialties: list('Specialty', inspector.specialties),
    Conflicts: list('CreditCode', inspector.conflicts),
  };
}

export function officerXml(officer: CertifiedOfficer): XmlNode {
  return { UnitCode: officer.unitCode, CertificateNo: officer.certificateNo, Name: officer.name };
}

export function planXml(plan: Plan): XmlNode {
  return {
    PlanId: plan.id,
    UnitCode: plan.unitCode,
    Year: String(plan.year),
    Title: plan.title,
    Kind: plan.kind,
    LeadUnit: plan.leadUnit,
    ParticipatingUnits: list('UnitCode', plan.participatingUnits),
    ItemCodes: list('ItemCode', plan.itemCodes),
    Scope: {
      DivisionCodes: list('DivisionCode', plan.scope.divisionCodes),
      IndustryCodes: list('IndustryCode', plan.scope.industryCodes),
      Tags: list('Tag', plan.scope.tags),
    },
    Ratios: plan.ratios && { A: String(plan.ratios.A), B: String(plan.ratios.B), C: String(plan.ratios.C), D: String(plan.ratios.D) },
    PeriodStart: legacyDate(plan.periodStart),
    PeriodEnd: legacyDate(plan.periodEnd),
    PublishDate: legacyDate(plan.publishedOn),
    DrawDate: legacyDate(plan.drawnOn),
  };
}

export function taskXml(task: Task): XmlNode {
  return {
    TaskId: task.id,
    PlanId: task.planId,
    UnitCode: task.unitCode,
    CreditCode: task.uscc,
    ItemCodes: list('ItemCode', task.itemCodes),
    InspectorIds: list('InspectorId', task.inspectorIds),
    PlannedDate: legacyDate(task.plannedOn),
    Status: task.status,
    JointGroupId: task.jointGroupId,
    InspectionCode: task.inspectionCode,
    CheckedInDate: legacyDate(task.checkedInOn),
    CheckedInBy: task.checkedInBy,
  };
}

export function resultXml(result: Result): XmlNode {
  return {
    TaskId: result.taskId,
    UnitCode: result.unitCode,
    InspectedDate: legacyDate(result.inspectedOn),
    Conclusion: result.conclusion,
    Findings: list(
      'Finding',
      result.findings.map((finding) => ({ FindingCode: finding.code, ItemCode: finding.itemCode, Description: finding.description })),
    ),
  };
}

export function followUpXml(followUp: FollowUp): XmlNode {
  return {
    TaskId: followUp.taskId,
    UnitCode: followUp.unitCode,
    FindingCode: followUp.findingCode,
    Action: followUp.action,
    HandledDate: legacyDate(followUp.handledOn),
    Note: followUp.note,
  };
}
