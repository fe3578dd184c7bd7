// The console: sign-in, the report with its filters (unit, county-level division), the map,
// ranking, trend, small multiples, alerts and work lists. Runs the gateway's persisted
// operations by name (POST /dashboard/graphql).
import { devSession, roleOfToken, run, session, signInOptions } from './api.js';
import { beginSignIn, finishSignIn, returnedFromProvider } from './signin.js';
import { drawMap, drawMultiple, drawRanking, drawTrend, ensureMap } from './charts.js';
import { escapeHtml, MAP_INDICATORS, ratioText, reasonText, STATUS_TEXT, valueText } from './format.js';
import { loadAlerts } from './alerts.js';
import { openAlertList, openList, wireListPanel } from './lists.js';
import { createState, reportVariables, toggleDivision, toggleUnit } from './state.js';

const $ = (id) => document.getElementById(id);
const SYNC_REFRESH_MS = 2000;
let state;
let report = null;
let divisionsReport = null;
let refreshTimer;

const status = (text) => ($('status').textContent = text);

function applySelection() {
  const [jurisdiction, year] = $('jurisdiction').value.split('|');
  state = { ...state, jurisdiction, year: Number(year), asOf: $('asOf').value || null, indicator: $('indicator').value || state.indicator };
}

function unitName(code) {
  return report?.units.find((unit) => unit.code === code)?.name ?? code;
}

function divisionLabel(code) {
  return divisionsReport?.divisions.find((division) => division.code === code)?.name ?? code;
}

function renderFilters() {
  const parts = [];
  if (state.unit) parts.push(`单位：${escapeHtml(unitName(state.unit))}${state.department ? '' : ' <button type="button" data-clear="unit">清除</button>'}`);
  if (state.division) parts.push(`区划：${escapeHtml(divisionLabel(state.division))} <button type="button" data-clear="division">清除</button>`);
  $('filters').innerHTML = parts.length ? `筛选 — ${parts.join('；')}` : '全部成员单位、全部区划（点击地图或排名可筛选）';
  $('filters').dataset.unit = state.unit ?? '';
  $('filters').dataset.division = state.division ?? '';
}

function renderIncomplete() {
  const box = $('incomplete');
  box.hidden = report.complete;
  const syncing = report.missingUnits.filter((unit) => unit.syncing);
  const down = report.missingUnits.filter((unit) => !unit.syncing);
  const parts = [];
  if (syncing.length) parts.push(`${syncing.length} 个单位正在从平台同步数据：${syncing.map((u) => `${u.name}（已处理 ${u.syncing.applied} 条变更，剩余 ${u.syncing.remaining} 条）`).join('；')}`);
  if (down.length) parts.push(`缺少：${down.map((u) => `${u.name}（${reasonText(u.reason)}）`).join('；')}`);
  box.textContent = report.complete ? '' : `数据不完整，合计暂不评判。${parts.join('。')}`;
  box.dataset.syncing = String(syncing.length);
  clearTimeout(refreshTimer);
  if (syncing.length) refreshTimer = setTimeout(load, SYNC_REFRESH_MS);
}

function renderMultiples() {
  const units = report.units.filter((unit) => unit.available);
  $('multiples').innerHTML = report.total.figures
    .map((figure) => `<div class="multiple status-${figure.status}" tabindex="0" data-indicator="${figure.key}" data-status="${figure.status}" title="${escapeHtml(figure.listLabel)}">
      <div class="label">${escapeHtml(figure.label)}</div>
      <div class="value">${valueText(figure)} <span class="status-${figure.status}">${STATUS_TEXT[figure.status]}</span></div>
      <div class="target">${ratioText(figure)} · ${escapeHtml(figure.target ? figure.target.label : '本辖区未设目标')}</div>
      ${units.length > 1 ? '<div class="bars"></div>' : ''}</div>`)
    .join('');
  for (const element of $('multiples').querySelectorAll('.multiple')) {
    const bars = element.querySelector('.bars');
    if (bars) drawMultiple(bars, units, report.total.figures.find((figure) => figure.key === element.dataset.indicator));
  }
}

async function renderMap() {
  const code = report.jurisdictionCode;
  const known = divisionsReport.divisions.filter((division) => division.code !== 'unknown');
  if (!(await ensureMap(code))) {
    $('map').textContent = '该辖区暂无区划边界数据';
    return;
  }
  drawMap($('map'), code, known, state.indicator, state.division, (division) => {
    state = toggleDivision(state, division);
    load();
  });
  const label = report.total.figures.find((figure) => figure.key === state.indicator)?.label ?? '';
  $('map-title').textContent = `各县（市、区）：${label}`;
  $('map').dataset.divisions = String(known.length);
}

function renderRanking() {
  const label = report.total.figures.find((figure) => figure.key === state.indicator)?.label ?? '';
  $('ranking-title').textContent = `成员单位排名：${label}`;
  const count = drawRanking($('ranking'), report.units.filter((unit) => unit.available), state.indicator, state.unit, (unit) => {
    state = toggleUnit(state, unit);
    load();
  });
  $('ranking').dataset.units = String(count);
}

const CITY_NAMES = { '440800': '湛江市', '421300': '随州市' };

function renderMeta() {
  const own = report.dataJurisdiction === report.jurisdictionCode;
  const data = own
    ? `${report.jurisdictionName} ${report.dataYear}年平台数据`
    : `本辖区在平台上无数据，按本辖区目标评判${CITY_NAMES[report.dataJurisdiction] ?? report.dataJurisdiction} ${report.dataYear} 年数据`;
  $('meta').textContent = `${report.jurisdictionName} ${report.year}年目标（${report.document}），${data}，统计截至 ${report.asOf}`;
  $('trend-note').textContent = `实线为 ${report.dataYear} 年，虚线为上年同期（${report.dataYear - 1} 年）`;
}

function fillIndicatorSelect() {
  const select = $('indicator');
  if (select.options.length) return;
  select.innerHTML = MAP_INDICATORS.map((key) => `<option value="${key}">${key}</option>`).join('');
  select.value = state.indicator;
}

function labelIndicatorSelect() {
  for (const option of $('indicator').options) {
    const figure = report.total.figures.find((candidate) => candidate.key === option.value);
    if (figure) option.textContent = figure.label;
  }
}

async function load() {
  status('加载中…');
  $('board').dataset.state = 'loading';
  try {
    const [main, whole] = await Promise.all([
      run('DashboardReport', reportVariables(state)),
      state.division ? run('DashboardReport', reportVariables(state, { withDivision: false })) : null,
    ]);
    report = main.data.complianceStatistics;
    divisionsReport = whole ? whole.data.complianceStatistics : report;
    $('board').hidden = false;
    renderMeta();
    labelIndicatorSelect();
    renderFilters();
    renderIncomplete();
    renderMultiples();
    renderRanking();
    drawTrend($('trend'), report.trend, report.trendLastYear);
    $('trend').dataset.lastYear = String(report.trendLastYear.reduce((sum, month) => sum + month.tasksPlanned, 0));
    await renderMap();
    $('board').dataset.state = 'ready';
    $('board').dataset.jurisdiction = report.jurisdictionCode;
    status(`已更新 ${new Date().toLocaleTimeString('zh-CN')}`);
    loadAlerts({ jurisdiction: state.jurisdiction, year: state.year, asOf: state.asOf, unit: state.unit }, openAlert);
  } catch (error) {
    $('board').dataset.state = 'error';
    status(`加载失败：${error.message}`);
    if (error.code === 'UNAUTHENTICATED') showLogin(error.message);
  }
}

function openAlert(alert) {
  if (alert.entries.length > 0) return openAlertList(alert);
  if (alert.indicator) return openList({ jurisdiction: state.jurisdiction, year: state.year, asOf: state.asOf, indicator: alert.indicator, unit: alert.unitCode, division: null }, alert.unitName);
}

function scopeName() {
  const parts = [state.unit ? unitName(state.unit) : `${report.jurisdictionName}全部成员单位`];
  if (state.division) parts.push(divisionLabel(state.division));
  return parts.join(' · ');
}

async function download(format) {
  try {
    const { data } = await run('StatisticsDownload', { jurisdiction: state.jurisdiction, year: state.year, asOf: state.asOf, format });
    window.location.assign(data.statisticsDownload.url);
  } catch (error) {
    status(`下载失败：${error.message}`);
  }
}

function showWho() {
  $('who').textContent = state.department ? `当前身份：成员单位（${state.department}），仅显示本单位数据` : '当前身份：联席会议办公室（全部成员单位）';
}

async function signIn(role) {
  const answer = await devSession(role);
  if (!answer.ok) return showLogin(answer.message);
  session.set(answer.token, answer.role);
  start();
}

/** Back from the provider: the code becomes the page's access token. */
async function finishProviderSignIn(returned) {
  const options = await signInOptions();
  if (!options.oidc) return showLogin(options.error ?? '本系统未配置统一身份认证');
  try {
    const token = await finishSignIn(options.oidc, returned);
    session.set(token, roleOfToken(token, options.oidc.roleClaim));
    start();
  } catch (error) {
    showLogin(error.message);
  }
}

let signInWith = null;

/** The sign-in panel: the provider's sign-in, development roles, a token field, as the gateway allows. */
async function showLogin(message) {
  $('board').hidden = true;
  $('login').hidden = false;
  $('login-message').textContent = message ?? '';
  const options = await signInOptions();
  if (options.error) {
    $('login-message').textContent = options.error;
    return;
  }
  signInWith = options.oidc;
  $('oidc-login').hidden = !options.oidc;
  $('dev-login').hidden = !options.development;
  if (options.development) $('dev-role').innerHTML = `<option value="office">联席会议办公室</option>${options.units.map((u) => `<option value="department:${u.code}">${escapeHtml(u.name)}</option>`).join('')}`;
  $('login-form').hidden = !options.tokenField;
  if (!options.oidc && !options.development && !options.tokenField) $('login-message').textContent = '本系统未配置统一身份认证，请联系系统管理员';
}

function start() {
  $('login').hidden = true;
  state = createState(session.role);
  fillIndicatorSelect();
  applySelection();
  showWho();
  load();
}

document.addEventListener('click', (event) => {
  const clear = event.target.closest('[data-clear]');
  if (clear) {
    state = clear.dataset.clear === 'unit' ? toggleUnit(state, state.unit) : { ...state, division: null };
    return load();
  }
  const multiple = event.target.closest('.multiple');
  if (multiple) {
    openList({ jurisdiction: state.jurisdiction, year: state.year, asOf: state.asOf, indicator: multiple.dataset.indicator, unit: state.unit, division: state.division }, scopeName());
  }
});
$('scope').addEventListener('submit', (event) => {
  event.preventDefault();
  applySelection();
  load();
});
$('jurisdiction').addEventListener('change', () => {
  applySelection();
  state = { ...state, division: null };
  load();
});
$('indicator').addEventListener('change', () => {
  applySelection();
  renderMap();
  renderRanking();
});
$('download-csv').addEventListener('click', () => download('CSV'));
$('download-xlsx').addEventListener('click', () => download('XLSX'));
$('dev-sign-in').addEventListener('click', () => signIn($('dev-role').value));
$('oidc-sign-in').addEventListener('click', () => beginSignIn(signInWith));
$('login-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const token = $('token').value.trim();
  session.set(token, roleOfToken(token));
  start();
});
wireListPanel(status);

const returned = returnedFromProvider();
const asked = new URLSearchParams(location.search).get('role');
if (returned) await finishProviderSignIn(returned);
else if (asked) await signIn(asked);
else if (session.token) start();
else {
  // Development without a provider: straight in as the office; otherwise the sign-in panel.
  const options = await signInOptions();
  if (options.development && !options.oidc) await signIn('office');
  else showLogin();
}
