// Monthly trend as inline SVG: planned tasks as bars, completed tasks and published results
// as lines. No library: the page has no build step.
const SERIES = [
  { key: 'tasksCompleted', label: '完成检查任务', colour: '#2b6cb0' },
  { key: 'resultsPublished', label: '公示检查结果', colour: '#2f855a' },
];

const escape = (text) => String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

export function trendChart(months, { width = 760, height = 260 } = {}) {
  const pad = { left: 46, right: 16, top: 28, bottom: 30 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const max = Math.max(1, ...months.flatMap((m) => [m.tasksPlanned, m.tasksCompleted, m.resultsPublished]));
  const step = plotW / Math.max(1, months.length);
  const x = (i) => pad.left + step * i + step / 2;
  const y = (v) => pad.top + plotH - (v / max) * plotH;
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" role="img" aria-label="月度趋势">`];
  for (let t = 0; t <= 4; t++) {
    const value = Math.round((max * t) / 4);
    parts.push(`<line x1="${pad.left}" x2="${width - pad.right}" y1="${y(value)}" y2="${y(value)}" stroke="#e2e8f0"/>`);
    parts.push(`<text x="${pad.left - 6}" y="${y(value) + 4}" text-anchor="end">${value}</text>`);
  }
  months.forEach((m, i) => {
    const h = (m.tasksPlanned / max) * plotH;
    parts.push(`<rect class="bar" x="${x(i) - step * 0.3}" y="${pad.top + plotH - h}" width="${step * 0.6}" height="${h}" fill="#cbd5e0"><title>${escape(m.month)} 计划任务 ${m.tasksPlanned}</title></rect>`);
    parts.push(`<text x="${x(i)}" y="${height - 10}" text-anchor="middle">${Number(m.month.slice(5))}月</text>`);
  });
  for (const series of SERIES) {
    const points = months.map((m, i) => `${x(i)},${y(m[series.key])}`).join(' ');
    parts.push(`<polyline class="line-${series.key}" fill="none" stroke="${series.colour}" stroke-width="2" points="${points}"/>`);
    months.forEach((m, i) => parts.push(`<circle cx="${x(i)}" cy="${y(m[series.key])}" r="3" fill="${series.colour}"><title>${escape(m.month)} ${series.label} ${m[series.key]}</title></circle>`));
  }
  const legend = [{ label: '计划任务', colour: '#cbd5e0' }, ...SERIES];
  legend.forEach((item, i) => {
    parts.push(`<rect x="${pad.left + i * 130}" y="8" width="12" height="12" fill="${item.colour}"/>`);
    parts.push(`<text x="${pad.left + i * 130 + 16}" y="18">${item.label}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
