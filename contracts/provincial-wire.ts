// The provincial double-random platform's wire format (省双随机平台接口规范), as its integrators
// see it: pinyin-abbreviated fields, numeric code tables, booleans as 0/1, legacy lists as
// comma-joined strings and times as `yyyy-MM-dd HH:mm:ss`. Types only: the stand-in server
// produces these shapes and the subgraph adapter decodes them with its own code tables.
// Kept below both, so the adapter never imports the stand-in (platforms/ is no part of a real deployment).

/** Every answer is HTTP 200 with this envelope; `code` other than "0000" is an error. */
export interface Envelope<T> {
  code: string;
  msg: string;
  data: T | null;
}

export const OK_CODE = '0000';

/** Error codes of the envelope. */
export const ErrorCodes = {
  /** 参数错误 */
  badParameter: '1001',
  /** 批量超限 */
  batchTooLarge: '1002',
  /** 部门不存在 */
  unknownDepartment: '1003',
  /** 接口不存在 */
  unknownEndpoint: '1004',
  /** 任务不存在 */
  taskNotFound: '1005',
  /** 任务状态不允许该操作 (e.g. cancelling a completed task) */
  taskStateConflict: '1006',
  /** 游标失效: not issued by this run of the platform (restarted, or forged); read again from the start */
  cursorExpired: '1007',
  /** 系统异常 */
  systemError: '9999',
} as const;

export interface PagedData<T> {
  total: number;
  page: number;
  pageSize: number;
  rows: T[];
}

export const MAX_PAGE_SIZE = 100;
export const MAX_BATCH = 200;
/** Largest pageSize of the change feed (bg/list). */
export const MAX_CHANGES_PAGE_SIZE = 5000;

/** A 0/1 flag. */
export type Flag = 0 | 1;

/** 抽查事项 */
export interface SxWire {
  sxbm: string;
  bmdm: number;
  sxmc: string;
  /** 事项类别: 1 重点 2 一般 */
  sxlb: number;
  /** 检查对象 */
  jcdx: string;
  jcnr: string;
  jcfs: string;
  jcyj: string;
  /** 专业类别 (the inspector specialty the item needs) */
  zylb: string;
  /** 是否按风险分级抽取 */
  sffxfj: Flag;
}

/** 检查对象名录 */
export interface MlWire {
  bmdm: number;
  tyshxydm: string;
  qymc: string;
  /** 标签, comma-joined */
  bq: string;
  xzqhdm: string;
  hydm: string;
  /** 入库日期 */
  rkrq: string;
}

/** 执法检查人员 */
export interface JcryWire {
  rybh: string;
  bmdm: number;
  xm: string;
  lxdh: string;
  /** 执法证号, empty when uncertified */
  zfzh: string;
  /** 执法证有效期 */
  zfzyxq: string;
  /** 状态: 1 在岗 0 不在岗 */
  zt: Flag;
  /** 专长, comma-joined */
  zc: string;
  /** 回避企业 (credit codes), comma-joined */
  hbqy: string;
}

/** 执法资格库 entry */
export interface ZfzgWire {
  bmdm: number;
  zfzh: string;
  xm: string;
}

/**
 * Department references inside plans: the numeric 部门代码 of units on this platform; units on
 * other platforms (joint plans) keep their graph unit code, as the platform stores them verbatim.
 */
export type BmdmRef = string;

/** 抽查计划 */
export interface JhWire {
  jhbh: string;
  bmdm: number;
  nd: number;
  jhmc: string;
  /** 计划类型: 1 单部门 2 联合 */
  jhlx: number;
  /** 牵头部门 */
  qtbm: BmdmRef;
  /** 参与部门, comma-joined */
  cybm: string;
  /** 事项编码, comma-joined */
  sxbm: string;
  /** 抽查范围: divisions, industries, tags, each comma-joined */
  ccqy: string;
  cchy: string;
  ccbq: string;
  sffxfj: Flag;
  /** Sampling ratio per credit class (A–D), null unless sffxfj = 1 */
  ajbl: number | null;
  bjbl: number | null;
  cjbl: number | null;
  djbl: number | null;
  ksrq: string;
  jsrq: string;
  /** 公开日期, null when never published */
  gkrq: string | null;
  /** 抽取日期 */
  cqrq: string | null;
}

/** 抽查任务 */
export interface RwWire {
  rwbh: string;
  jhbh: string;
  bmdm: number;
  tyshxydm: string;
  sxbm: string;
  /** 检查人员编号, comma-joined */
  jcry: string;
  jhrq: string;
  /** 任务状态: 1 待检查 2 检查中 3 已完成 9 已取消 */
  rwzt: number;
  /** 联合检查编号 */
  lhjcbh: string | null;
  /** 检查码 (tasks created through rw/create); null for older tasks */
  jcm?: string | null;
  /** 签到日期 yyyy-MM-dd HH:mm:ss and 签到人员编号, once checked in */
  qdrq?: string | null;
  qdry?: string | null;
}

/** 问题 found in a check */
export interface WtWire {
  wtbh: string;
  sxbm: string;
  wtms: string;
}

/** 检查结果 */
export interface JcjgWire {
  rwbh: string;
  bmdm: number;
  jcrq: string;
  /** 检查结果代码: 1 未发现问题 2 发现问题 3 通过登记住所无法联系 4 已注销或停业 */
  jcjg: number;
  /** 检查结论 (the code's text) */
  jcjl: string;
  wtqd: WtWire[];
}

/** 后续处置 */
export interface HxczWire {
  rwbh: string;
  bmdm: number;
  wtbh: string;
  /** 处置方式: 1 责令整改 2 行政处罚 3 移送其他部门 4 移送公安机关 */
  czfs: number;
  czrq: string;
  bz: string;
}

/** Request body of the batch endpoints. */
export interface BatchByUsccBody {
  bmdm: number;
  tyshxydm: string[];
}

export interface BatchByTaskBody {
  bmdm: number;
  rwbh: string[];
}

/** 新建任务: one task to create. `wbbs` (外部标识) is the caller's key: the same key, the same task. */
export interface XjrwWire {
  wbbs: string;
  jhbh: string;
  tyshxydm: string;
  /** 事项编码, comma-joined */
  sxbm: string;
  /** 检查人员编号, comma-joined */
  jcry: string;
  /** 计划检查日期 yyyy-MM-dd HH:mm:ss */
  jhrq: string;
  lhjcbh: string | null;
}

/** Body of POST rw/create (at most MAX_BATCH rows); rw/cancel takes a BatchByTaskBody. */
export interface CreateTasksBody {
  bmdm: number;
  rwlb: XjrwWire[];
}

/** One row of the rw/create answer: the task under that key, and whether it existed already (是否已存在). */
export interface XjjgWire {
  wbbs: string;
  sfycz: Flag;
  rw: RwWire;
}

/** 变更类型: 任务, 检查结果, 后续处置, 计划, 检查人员, 名录 */
export type BglxCode = 'RW' | 'JCJG' | 'HXCZ' | 'JH' | 'JCRY' | 'ML';

/** 变更记录: one changed record in its current state. */
export interface BgWire {
  /** 序号 of the change within the unit */
  xh: number;
  bglx: BglxCode;
  /** 是否删除 (only 名录 entries are removed) */
  sfsc: Flag;
  /** 内容: the record as its own list endpoint gives it */
  nr: RwWire | JcjgWire | HxczWire | JhWire | JcryWire | MlWire;
}

/** Answer of bg/list (GET, bmdm + yb + pageSize): changes after the 游标 yb, oldest first. */
export interface BgPageWire {
  pageSize: number;
  rows: BgWire[];
  /** 游标 after the last row; pass it as yb for the next page */
  yb: string;
  /** 是否有更多 */
  sfygd: Flag;
  /** 剩余数量 after yb */
  sysl: number;
}

/** Paths of the platform's endpoints. */
export const Paths = {
  items: '/sssj/api/sxqd/list',
  directory: '/sssj/api/mlk/list',
  directoryBatch: '/sssj/api/mlk/batch',
  inspectors: '/sssj/api/jcry/list',
  officers: '/sssj/api/zfzg/list',
  plans: '/sssj/api/jh/list',
  tasks: '/sssj/api/rw/list',
  tasksBatch: '/sssj/api/rw/batchByQy',
  resultsBatch: '/sssj/api/jcjg/batch',
  followUpsBatch: '/sssj/api/hxcz/batch',
  taskCreate: '/sssj/api/rw/create',
  taskCancel: '/sssj/api/rw/cancel',
  /** 凭码签到 {bmdm, rwbh, jcm, tyshxydm, jcry, qdrq} → RwWire */
  taskCheckIn: '/sssj/api/rw/qd',
  /** 检查结果录入 {bmdm, rwbh, jcrq, jcjg, wtqd} → {rw, jcjg} */
  resultRecord: '/sssj/api/jcjg/lr',
  /** 后续处置录入 {bmdm, rwbh, wtbh, czfs, czrq, bz} → HxczWire */
  followUpRecord: '/sssj/api/hxcz/lr',
  changes: '/sssj/api/bg/list',
} as const;
