// The wire format of the credit information system stand-in, in the style of the national
// enterprise credit publicity system (国家企业信用信息公示系统): its field names, its
// registration-state codes, errors as {errcode, errmsg}. This is the platform's published API;
// the subgraph client decodes it back into the records of platforms/data/model.ts.
import type { Enterprise, Publication, RegistrationStatus, RiskClass, RiskRecord } from '../data/model';
import { dataCityName, dataCityOf, divisionName } from '../../config/divisions';

/** 登记状态代码: 1 存续, 2 注销, 3 吊销, 4 异常 (列入经营异常名录). */
export type RegStateCode = '1' | '2' | '3' | '4';

export const REG_STATE_CODES: Record<RegistrationStatus, RegStateCode> = {
  operating: '1',
  deregistered: '2',
  revoked: '3',
  abnormal: '4',
};

export const REG_STATE_NAMES: Record<RegStateCode, string> = { '1': '存续', '2': '注销', '3': '吊销', '4': '异常' };

/** 企业登记信息 with the current 信用风险分类. */
export interface WireEnterprise {
  /** 统一社会信用代码 */
  uniscid: string;
  /** 企业名称 */
  entName: string;
  /** 行政区划代码 (GB/T 2260) */
  areaCode: string;
  /** 登记机关 */
  regOrg: string;
  /** 国民经济行业代码 (GB/T 4754-2017) */
  indCode: string;
  regState: RegStateCode;
  regStateName: string;
  /** 成立日期 */
  estDate: string;
  /** 注销日期, when regState is 2 */
  canDate?: string;
  /** 吊销日期, when regState is 3 */
  revDate?: string;
  /** 法定代表人 */
  lerep: string;
  /** 住所 */
  dom: string;
  /** 当前信用风险分类 A–D, null when never classified */
  riskLevel: RiskClass | null;
  /** 分类日期 of the current class */
  riskDate: string | null;
}

export interface WireRiskRecord {
  riskLevel: RiskClass;
  classifyDate: string;
}

/** 信用风险分类历史 of one business, oldest first. */
export interface WireRiskHistory {
  uniscid: string;
  records: WireRiskRecord[];
}

/** 抽查检查结果公示 */
export interface WirePublication {
  pubId: string;
  uniscid: string;
  /** 实施部门 (member unit code) */
  deptCode: string;
  taskId: string;
  /** 公示时间 (ISO 8601 instant) */
  pubTime: string;
  /** 公示内容 */
  pubContent: string;
}

export interface WireError {
  errcode: number;
  errmsg: string;
}

export interface WireBatchRequest {
  codes: string[];
}

export interface WireEnterpriseBatch {
  items: WireEnterprise[];
  /** Requested codes with no registry entry (malformed codes included). */
  notFound: string[];
}

export interface WireSearchPage {
  items: WireEnterprise[];
  /** Pass as `after` for the next page; null on the last page. */
  nextAfter: string | null;
  /** Matches of the filter over all pages. */
  total: number;
}

export interface WireRiskBatch {
  items: WireRiskHistory[];
}

export interface WirePublicationList {
  items: WirePublication[];
}

/** `GET /api/publications/changes?cursor=&limit=`: publications of every unit after the cursor, oldest first. */
export interface WirePublicationFeed {
  items: WirePublication[];
  /** Cursor after the last item; always present. */
  cursor: string;
  hasMore: boolean;
  remaining: number;
}

/** Body of `POST /api/publications`; pubTime defaults to the time of the request. */
export interface WirePublishRequest {
  uniscid: string;
  deptCode: string;
  taskId: string;
  pubContent: string;
  pubTime?: string;
}

export interface WirePublishAnswer {
  /** false when a publication of this taskId already existed (the request was a repeat). */
  created: boolean;
  publication: WirePublication;
}

/** Error codes of this API. */
export const ERRCODE = {
  BAD_JSON: 40001,
  BAD_CODE: 40002,
  BATCH_TOO_LARGE: 40003,
  BAD_PARAM: 40004,
  NOT_FOUND: 40401,
  TASK_CONFLICT: 40901,
  BUSY: 50300,
  /** 游标失效: a feed cursor of an earlier run of the system (or forged); read again from the beginning (HTTP 410). */
  CURSOR_EXPIRED: 41001,
} as const;

/** The county's market regulator that registered the business, e.g. 湛江市赤坎区市场监督管理局. */
function registrationAuthority(divisionCode: string): string {
  const city = dataCityOf(divisionCode);
  const name = city && divisionName(divisionCode);
  return city && name ? `${dataCityName(city)}${name}市场监督管理局` : `${divisionCode}市场监督管理局`;
}

export function toWireEnterprise(enterprise: Enterprise): WireEnterprise {
  const regState = REG_STATE_CODES[enterprise.status];
  const current = enterprise.riskHistory.at(-1);
  return {
    uniscid: enterprise.uscc,
    entName: enterprise.name,
    areaCode: enterprise.divisionCode,
    regOrg: registrationAuthority(enterprise.divisionCode),
    indCode: enterprise.industryCode,
    regState,
    regStateName: REG_STATE_NAMES[regState],
    estDate: enterprise.establishedOn,
    ...(enterprise.closedOn && regState === '2' ? { canDate: enterprise.closedOn } : {}),
    ...(enterprise.closedOn && regState === '3' ? { revDate: enterprise.closedOn } : {}),
    lerep: enterprise.legalRepresentative,
    dom: enterprise.address,
    riskLevel: current?.riskClass ?? null,
    riskDate: current?.classifiedOn ?? null,
  };
}

export function toWireRiskHistory(uscc: string, history: readonly RiskRecord[]): WireRiskHistory {
  return { uniscid: uscc, records: history.map((record) => ({ riskLevel: record.riskClass, classifyDate: record.classifiedOn })) };
}

export function toWirePublication(publication: Publication): WirePublication {
  return {
    pubId: publication.id,
    uniscid: publication.uscc,
    deptCode: publication.unitCode,
    taskId: publication.taskId,
    pubTime: publication.publishedAt,
    pubContent: publication.summary,
  };
}
