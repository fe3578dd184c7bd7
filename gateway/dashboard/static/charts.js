// The console's charts with Apache ECharts (served by the gateway from node_modules): the map
// of county-level divisions, the ranking of units, the monthly trend and the small multiples.
import * as echarts from '/dashboard/vendor/echarts.js';
import { chartValue, ranking, STATUS_TEXT } from './format.js';

const charts = new Map();
const registered = new Set();

function chart(element) {
  let instance = charts.get(element);
  if (!instance || instance.isDisposed()) {
    instance = echarts.init(element, null, { renderer: 'canvas' });
    charts.set(element, instance);
  }
  return instance;
}

window.addEventListener('resize', () => charts.forEach((instance) => instance.resize()));

export async function ensureMap(code) {
  if (registered.has(code)) return true;
  const response = await fetch(`/dashboard/maps/${code}.json`);
  if (!response.ok) return false;
  echarts.registerMap(code, await response.json());
  registered.add(code);
  return true;
}

/** The divisions coloured by one indicator; `selected` is outlined. Clicks call onClick(code). */
export function drawMap(element, mapCode, divisions, indicator, selected, onClick) {
  const figures = divisions.map((division) => ({ division, figure: division.figures.find((f) => f.key === indicator) }));
  const data = figures.map(({ division, figure }) => ({ name: division.code, value: chartValue(figure), label: division.name, status: figure?.status, selected: division.code === selected }));
  const values = data.map((d) => d.value).filter((v) => v !== null);
  const ratio = figures.some(({ figure }) => figure && figure.denominator !== null);
  const instance = chart(element);
  instance.setOption({
    tooltip: { trigger: 'item', formatter: (p) => `${p.data?.label ?? p.name}<br>${p.data?.value == null ? '暂无数据' : `${p.data.value}${ratio ? '%' : ''}`}（${STATUS_TEXT[p.data?.status] ?? '—'}）` },
    visualMap: { min: ratio ? Math.min(...values, 100) : 0, max: ratio ? 100 : Math.max(...values, 1), calculable: true, inRange: { color: ratio ? ['#dc2626', '#fbbf24', '#16a34a'] : ['#16a34a', '#fbbf24', '#dc2626'] }, text: ratio ? ['100%', '低'] : ['多', '少'], left: 0, bottom: 0, itemHeight: 80 },
    series: [{
      type: 'map', map: mapCode, nameProperty: 'code', roam: false, selectedMode: 'single',
      label: { show: true, formatter: (p) => p.data?.label ?? p.name, fontSize: 11 },
      data,
    }],
  }, true);
  instance.off('click');
  instance.on('click', (params) => onClick(params.name));
}

export function drawRanking(element, units, indicator, selected, onClick) {
  const rows = ranking(units, indicator).reverse();
  // One bar per unit, readable: the chart grows with the units.
  element.style.height = `${Math.max(160, rows.length * 22 + 40)}px`;
  const counts = units.some((unit) => unit.figures.find((f) => f.key === indicator)?.denominator === null);
  const instance = chart(element);
  instance.resize();
  instance.setOption({
    grid: { left: 120, right: 40, top: 10, bottom: 20 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', max: counts ? undefined : 100, axisLabel: { formatter: counts ? '{value}' : '{value}%' } },
    yAxis: { type: 'category', data: rows.map((row) => row.name), axisLabel: { fontSize: 11 } },
    series: [{
      type: 'bar',
      data: rows.map((row) => ({ value: row.value, code: row.code, itemStyle: { color: row.status === 'FAIL' ? '#dc2626' : row.status === 'PASS' ? '#16a34a' : '#9ca3af', borderColor: row.code === selected ? '#1e3a8a' : undefined, borderWidth: row.code === selected ? 3 : 0 } })),
      label: { show: true, position: 'right', formatter: counts ? '{c}' : '{c}%', fontSize: 10 },
    }],
  }, true);
  instance.off('click');
  instance.on('click', (params) => onClick(params.data.code));
  return rows.length;
}

/** This year's months and, dashed beside them, the same months of the year before. */
export function drawTrend(element, trend, lastYear = []) {
  const instance = chart(element);
  const before = (field) => trend.map((_, i) => lastYear[i]?.[field] ?? null);
  instance.setOption({
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 40, right: 10, top: 30, bottom: 30 },
    xAxis: { type: 'category', data: trend.map((m) => `${Number(m.month.slice(5))}月`) },
    yAxis: { type: 'value' },
    series: [
      { name: '计划检查', type: 'line', data: trend.map((m) => m.tasksPlanned), itemStyle: { color: '#2563eb' } },
      { name: '完成检查', type: 'line', data: trend.map((m) => m.tasksCompleted), itemStyle: { color: '#16a34a' } },
      { name: '结果公示', type: 'bar', data: trend.map((m) => m.resultsPublished), itemStyle: { color: '#93c5fd' } },
      { name: '计划检查（上年）', type: 'line', data: before('tasksPlanned'), itemStyle: { color: '#2563eb' }, lineStyle: { type: 'dashed', opacity: 0.6 }, symbol: 'none' },
      { name: '完成检查（上年）', type: 'line', data: before('tasksCompleted'), itemStyle: { color: '#16a34a' }, lineStyle: { type: 'dashed', opacity: 0.6 }, symbol: 'none' },
    ],
  }, true);
}

/** A small bar chart per indicator: every unit's value, the target as a line. */
export function drawMultiple(element, units, figure) {
  const values = units.map((unit) => chartValue(unit.figures.find((f) => f.key === figure.key)));
  const target = figure.target?.percent ?? (figure.target?.kind === 'all' ? 100 : null);
  chart(element).setOption({
    grid: { left: 2, right: 2, top: 4, bottom: 2 },
    xAxis: { type: 'category', show: false, data: units.map((unit) => unit.name) },
    yAxis: { type: 'value', show: false, max: figure.denominator === null ? undefined : 100 },
    tooltip: { trigger: 'axis', confine: true },
    series: [{
      type: 'bar', data: values, itemStyle: { color: '#60a5fa' }, barCategoryGap: '20%',
      markLine: target === null || figure.denominator === null ? undefined : { symbol: 'none', silent: true, data: [{ yAxis: target }], lineStyle: { color: '#dc2626' }, label: { show: false } },
    }],
  }, true);
}
