// Pure helpers of the console (no DOM): texts, numbers and the plain Chinese of errors.
// Tested in Node by test/console-page.test.ts.

export const STATUS_TEXT = { PASS: '达标', FAIL: '未达标', INCOMPLETE: '数据不完整', NO_DATA: '暂无数据', NOT_APPLICABLE: '未设目标' };

/** Indicators that split by the county-level division of the business (the map can show them). */
export const MAP_INDICATORS = ['publishedOnTime', 'resultsPublished', 'drawnInspected', 'findingsFollowedUp', 'jointTasks', 'businessesSampled', 'unmergedDuplicates', 'overVisitCap'];

const ERROR_TEXT = {
  UNAUTHENTICATED: '登录已失效，请重新登录',
  FORBIDDEN: '当前身份无权查看该内容',
  UNKNOWN_JURISDICTION: '未知的辖区',
  NO_DATA_FOR_YEAR: '该辖区没有这一年度的目标',
  UNKNOWN_UNIT: '未知的成员单位',
  BAD_INPUT: '查询条件有误',
  PAGE_SIZE_TOO_LARGE: '每页条数超出限制',
  SYNCING: '数据正在从业务平台同步，请稍候',
  SUBGRAPH_UNAVAILABLE: '数据服务暂不可用，请稍后重试',
  PLATFORM_UNAVAILABLE: '业务平台不可用',
  PLATFORM_TIMEOUT: '业务平台响应超时',
  RATE_LIMITED: '请求过于频繁，请稍后再试',
  NETWORK: '无法连接服务器，请检查网络后重试',
};

/** A server error in plain Chinese: the known codes by name, anything else as a generic failure. */
export function errorText(code) {
  return ERROR_TEXT[code] ?? '服务器处理失败，请稍后重试';
}

/** Why a unit is missing, from its reason text (which starts with a stable code). */
export function reasonText(reason) {
  const code = /^([A-Z_]+):/.exec(reason ?? '')?.[1];
  return code && ERROR_TEXT[code] ? ERROR_TEXT[code] : '未返回数据';
}

export function valueText(figure) {
  if (!figure || figure.value === null) return '—';
  return figure.denominator === null ? String(figure.numerator) : `${(figure.value * 100).toFixed(1)}%`;
}

/** A figure as a number for charts: a percentage, or the count for plain counts; null when 0/0. */
export function chartValue(figure) {
  if (!figure || figure.value === null) return null;
  return figure.denominator === null ? figure.numerator : Math.round(figure.value * 1000) / 10;
}

export function ratioText(figure) {
  return figure.denominator === null ? `计数 ${figure.numerator}` : `${figure.numerator} / ${figure.denominator}`;
}

/** Units ranked by one indicator: worst first for a ratio (the ones to chase), largest first for counts. */
export function ranking(units, key) {
  const rows = [];
  for (const unit of units) {
    const figure = unit.figures.find((candidate) => candidate.key === key);
    const value = chartValue(figure);
    if (value !== null) rows.push({ code: unit.code, name: unit.name, value, status: figure.status });
  }
  const counts = rows.length > 0 && units.find((unit) => unit.figures.some((f) => f.key === key))?.figures.find((f) => f.key === key)?.denominator === null;
  return rows.sort((a, b) => (counts ? b.value - a.value : a.value - b.value) || a.code.localeCompare(b.code));
}

/** "还有 N 个工作日" / "今天到期" / "已逾期 N 个工作日". */
export function deadlineText(workdaysLeft, deadline) {
  if (workdaysLeft === null || workdaysLeft === undefined) return '已逾期，请尽快处置';
  if (workdaysLeft < 0) return `已逾期 ${-workdaysLeft} 个工作日（期限 ${deadline}）`;
  if (workdaysLeft === 0) return `今天到期（${deadline}）`;
  return `还有 ${workdaysLeft} 个工作日（期限 ${deadline}）`;
}

/** "第 1–50 条，共 2202 条". */
export function pageText(offset, shown, total) {
  if (total === 0) return '清单为空';
  return `第 ${offset + 1}–${offset + shown} 条，共 ${total} 条`;
}

export function escapeHtml(text) {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}
