// The work list behind a figure or an alert: names, units, dates and reasons, paged through to
// its end, sorted, downloadable as CSV/XLSX with the same columns.
import { run, downloadWorkList } from './api.js';
import { escapeHtml, pageText } from './format.js';

export const PAGE_SIZE = 50;
const $ = (id) => document.getElementById(id);

// The same columns, in the same order, as the downloads (gateway/exports.ts WORK_LIST_HEADINGS):
// what to act on first (who, which business, why, how late), the record's details after.
export const COLUMNS = [
  ['unitName', '成员单位'], ['business', '企业名称'], ['divisionName', '县（市、区）'], ['reason', '原因'],
  ['workdaysLate', '逾期（工作日）'], ['dueOn', '期限'], ['plannedOn', '计划检查日'], ['inspectedOn', '检查日'],
  ['publishedOn', '公示日'], ['subject', '事项/计划/问题'], ['uscc', '统一社会信用代码'], ['id', '编号'],
];

let current = null;
/** Numbers the page loads: an answer that a later load overtook is dropped, not shown. */
let loads = 0;

function cell(entry, key) {
  if (key === 'business') return escapeHtml(entry.business?.name ?? '');
  return escapeHtml(entry[key] ?? '');
}

function renderRows(entries) {
  $('list-table').querySelector('thead').innerHTML = `<tr><th>序号</th>${COLUMNS.map(([, label]) => `<th>${label}</th>`).join('')}</tr>`;
  $('list-table').querySelector('tbody').innerHTML = entries
    .map((entry, index) => `<tr data-id="${escapeHtml(entry.id)}"><td>${current.offset + index + 1}</td>${COLUMNS.map(([key]) => `<td class="${key}">${cell(entry, key)}</td>`).join('')}</tr>`)
    .join('');
}

function showPager(shown, total) {
  $('list-page').textContent = pageText(current.offset, shown, total);
  $('list-prev').disabled = current.offset === 0;
  $('list-next').disabled = current.offset + shown >= total;
}

async function loadPage() {
  const panel = $('list-panel');
  panel.dataset.state = 'loading';
  $('list-summary').textContent = '加载中…';
  const load = ++loads;
  try {
    const sortBy = $('list-sort').value;
    const descending = $('list-desc').checked;
    const { data } = await run('IndicatorList', { ...current.query, first: PAGE_SIZE, offset: current.offset, sortBy, descending });
    if (load !== loads) return;
    const list = data.indicatorList;
    current.total = list.totalCount;
    $('list-title').textContent = `${current.scopeName}：${list.label}`;
    const missing = list.complete ? '' : `；数据不完整，缺少 ${list.missingUnits.length} 个单位`;
    $('list-summary').textContent = `${list.listLabel}：共 ${list.totalCount} 条${missing}`;
    renderRows(list.entries);
    showPager(list.entries.length, list.totalCount);
    panel.dataset.state = 'ready';
    panel.dataset.offset = String(current.offset);
    panel.dataset.sort = `${sortBy}${descending ? '-desc' : ''}`;
    panel.dataset.end = String(current.offset + list.entries.length >= list.totalCount);
  } catch (error) {
    if (load !== loads) return;
    $('list-summary').textContent = `清单加载失败：${error.message}`;
    panel.dataset.state = 'error';
  }
}

/** Opens the list of one indicator; `query` holds jurisdiction, year, asOf, indicator, unit, division. */
export function openList(query, scopeName) {
  current = { query, scopeName, offset: 0, total: 0, alert: null };
  $('list-panel').hidden = false;
  $('list-panel').querySelector('.list-tools').hidden = false;
  $('list-panel').querySelector('.pager').hidden = false;
  return loadPage();
}

/** Shows an alert's own cases (small lists carried by the alert). */
export function openAlertList(alert) {
  loads += 1;
  current = { query: null, scopeName: alert.unitName, offset: 0, total: alert.entries.length, alert };
  const panel = $('list-panel');
  panel.hidden = false;
  panel.querySelector('.list-tools').hidden = true;
  panel.querySelector('.pager').hidden = true;
  $('list-title').textContent = alert.title;
  $('list-summary').textContent = `共 ${alert.entries.length} 条`;
  renderRows(alert.entries);
  panel.dataset.state = 'ready';
  panel.dataset.end = 'true';
}

export function wireListPanel(onStatus) {
  $('list-close').addEventListener('click', () => ($('list-panel').hidden = true));
  $('list-prev').addEventListener('click', () => {
    current.offset = Math.max(0, current.offset - PAGE_SIZE);
    loadPage();
  });
  $('list-next').addEventListener('click', () => {
    current.offset += PAGE_SIZE;
    loadPage();
  });
  for (const id of ['list-sort', 'list-desc']) {
    $(id).addEventListener('change', () => {
      current.offset = 0;
      loadPage();
    });
  }
  for (const format of ['csv', 'xlsx']) {
    $(`list-${format}`).addEventListener('click', async () => {
      try {
        await downloadWorkList(format, { ...current.query, sortBy: $('list-sort').value, descending: $('list-desc').checked ? 'true' : null });
      } catch (error) {
        onStatus(`下载失败：${error.message}`);
      }
    });
  }
}
