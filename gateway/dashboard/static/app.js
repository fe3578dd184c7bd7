// The office dashboard: runs the gateway's persisted operations by name (POST
// /dashboard/graphql) with an office token kept in sessionStorage.
import { trendChart } from './chart.js';

const $ = (id) => document.getElementById(id);
const TOKEN_KEY = 'dashboard-token';
const STATUS_TEXT = { PASS: '达标', FAIL: '未达标', INCOMPLETE: '数据不完整', NO_DATA: '暂无数据', NOT_APPLICABLE: '未设目标' };
let current = null;

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

async function ensureToken() {
  if (sessionStorage.getItem(TOKEN_KEY)) return true;
  const response = await fetch('/dashboard/session');
  if (response.ok) {
    sessionStorage.setItem(TOKEN_KEY, (await response.json()).token);
    return true;
  }
  $('login').hidden = false;
  return false;
}

async function run(operationName, variables) {
  const response = await fetch('/dashboard/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY)}` },
    body: JSON.stringify({ operationName, variables }),
  });
  const body = await response.json();
  if (response.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    $('login').hidden = false;
    $('board').hidden = true;
  }
  if (!body.data) throw new Error(body.errors?.map((e) => `${e.extensions?.code ?? ''} ${e.message}`).join('；') ?? `HTTP ${response.status}`);
  return body;
}

function selection() {
  const [jurisdiction, year] = $('jurisdiction').value.split('|');
  return { jurisdiction, year: Number(year), asOf: $('asOf').value || null };
}

function valueText(figure) {
  if (figure.value === null) return '—';
  return figure.denominator === null ? String(figure.numerator) : `${(figure.value * 100).toFixed(1)}%`;
}

function card(figure, unitCode) {
  const ratio = figure.denominator === null ? `计数 ${figure.numerator}` : `${figure.numerator} / ${figure.denominator}`;
  const target = figure.target ? figure.target.label : '本辖区未设目标';
  return `<div class="card status-${figure.status}" tabindex="0" data-unit="${escapeHtml(unitCode ?? '')}" data-indicator="${figure.key}" data-status="${figure.status}" title="${escapeHtml(figure.listLabel)}">
    <div class="label">${escapeHtml(figure.label)}</div>
    <div class="value">${valueText(figure)}</div>
    <div class="ratio">${ratio} · ${STATUS_TEXT[figure.status]}</div>
    <div class="target">目标：${escapeHtml(target)}</div></div>`;
}

function render(report) {
  current = report;
  $('board').hidden = false;
  $('meta').textContent = `${report.jurisdictionName} ${report.year}年目标（${report.document}），统计数据：湛江市 ${report.dataYear}年平台数据，截至 ${report.asOf}`;
  $('total-title').textContent = `${report.jurisdictionName}合计`;
  const incomplete = $('incomplete');
  incomplete.hidden = report.complete;
  const syncing = report.missingUnits.filter((u) => u.syncing);
  const down = report.missingUnits.filter((u) => !u.syncing);
  const parts = [];
  if (syncing.length) parts.push(`${syncing.length} 个单位正在从平台同步数据：${syncing.map((u) => `${u.name}（${progressText(u.syncing)}）`).join('；')}`);
  if (down.length) parts.push(`缺少：${down.map((u) => `${u.name}（${reasonText(u.reason)}）`).join('；')}`);
  incomplete.textContent = report.complete ? '' : `数据不完整，合计暂不评判。${parts.join('。')}`;
  incomplete.dataset.syncing = String(syncing.length);
  const missing = new Map(report.missingUnits.map((u) => [u.unitCode, u]));
  $('total').innerHTML = report.total.figures.map((figure) => card(figure, null)).join('');
  $('trend').innerHTML = trendChart(report.trend);
  $('units').innerHTML = report.units
    .map((unit) => `<div class="unit${unit.available ? '' : ' missing'}" data-unit-code="${unit.code}"><h3>${escapeHtml(unit.name)}</h3>
      ${unit.available ? `<div class="cards">${unit.figures.map((figure) => card(figure, unit.code)).join('')}</div>` : missingText(missing.get(unit.code))}</div>`)
    .join('');
  // While units sync, the page asks again every few seconds until it is complete.
  clearTimeout(refreshTimer);
  if (syncing.length) refreshTimer = setTimeout(load, SYNC_REFRESH_MS);
}

const SYNC_REFRESH_MS = 2000;
let refreshTimer;

function progressText(progress) {
  return `已处理 ${progress.applied} 条变更，剩余 ${progress.remaining} 条`;
}

/** Server reasons start with a stable code; the page names the common ones in Chinese. */
function reasonText(reason) {
  const code = /^([A-Z_]+):/.exec(reason)?.[1];
  const known = { PLATFORM_UNAVAILABLE: '业务平台不可用', PLATFORM_TIMEOUT: '业务平台响应超时', SUBGRAPH_UNAVAILABLE: '数据服务不可用' };
  return known[code] ?? '未返回数据';
}

function missingText(unit) {
  if (unit?.syncing) return `<p class="syncing" data-state="SYNCING">正在从平台同步数据：${progressText(unit.syncing)}</p>`;
  return `<p class="error">未返回数据（${reasonText(unit?.reason ?? '')}）</p>`;
}

async function load() {
  $('status').textContent = '加载中…';
  try {
    const { data } = await run('DashboardReport', selection());
    render(data.complianceStatistics);
    $('status').textContent = `已更新 ${new Date().toLocaleTimeString('zh-CN')}`;
  } catch (error) {
    $('status').textContent = `加载失败：${error.message}`;
  }
}

async function showList(unitCode, indicator) {
  const panel = $('list-panel');
  panel.hidden = false;
  panel.dataset.state = 'loading';
  $('list-entries').innerHTML = '';
  $('list-summary').textContent = '加载中…';
  const unitName = unitCode ? current.units.find((u) => u.code === unitCode)?.name : `${current.jurisdictionName}全部成员单位`;
  try {
    const { data } = await run('IndicatorList', { ...selection(), indicator, unit: unitCode || null, first: 500 });
    const list = data.indicatorList;
    $('list-title').textContent = `${unitName}：${list.label}`;
    const shown = list.entries.length < list.totalCount ? `（显示前 ${list.entries.length} 条）` : '';
    $('list-summary').textContent = `${list.listLabel}：共 ${list.totalCount} 条${shown}${list.complete ? '' : `；缺少单位 ${list.missingUnits.join('、')}`}`;
    $('list-entries').innerHTML = list.entries.map((e) => `<li data-id="${escapeHtml(e.id)}">${unitCode ? '' : `${escapeHtml(e.unitName)} `}${escapeHtml(e.id)}</li>`).join('');
    panel.dataset.state = 'ready';
  } catch (error) {
    $('list-summary').textContent = `加载失败：${error.message}`;
    panel.dataset.state = 'error';
  }
}

async function download(format) {
  try {
    const { data } = await run('StatisticsDownload', { ...selection(), format });
    window.location.assign(data.statisticsDownload.url);
  } catch (error) {
    $('status').textContent = `下载失败：${error.message}`;
  }
}

document.addEventListener('click', (event) => {
  const target = event.target.closest('.card');
  if (target) showList(target.dataset.unit, target.dataset.indicator);
});
$('list-close').addEventListener('click', () => ($('list-panel').hidden = true));
$('scope').addEventListener('submit', (event) => {
  event.preventDefault();
  load();
});
$('jurisdiction').addEventListener('change', load);
$('download-csv').addEventListener('click', () => download('CSV'));
$('download-xlsx').addEventListener('click', () => download('XLSX'));
$('login-form').addEventListener('submit', (event) => {
  event.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
  $('login').hidden = true;
  load();
});

if (await ensureToken()) load();
