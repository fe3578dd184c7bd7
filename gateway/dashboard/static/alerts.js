// The "待办" panel: the graph's complianceAlerts, most urgent first; a click opens the list.
import { run } from './api.js';
import { deadlineText, escapeHtml } from './format.js';

const $ = (id) => document.getElementById(id);

export async function loadAlerts(variables, onOpen) {
  $('alerts-panel').dataset.state = 'loading';
  $('alerts-summary').textContent = '加载中…';
  try {
    const { data } = await run('Alerts', variables);
    const { alerts, complete, missing } = data.complianceAlerts;
    $('alerts-summary').textContent = alerts.length === 0 ? '暂无待办事项' : `共 ${alerts.length} 项待办${complete ? '' : `（不完整：${missing.join('；')}）`}`;
    $('alerts').innerHTML = alerts
      .map((alert, index) => `<li data-index="${index}" data-kind="${alert.kind}" class="${alert.workdaysLeft === null || alert.workdaysLeft < 0 ? 'overdue' : ''}">
        <div>${escapeHtml(alert.title)}</div><div class="deadline">${escapeHtml(deadlineText(alert.workdaysLeft, alert.deadline))}</div></li>`)
      .join('');
    $('alerts').onclick = (event) => {
      const item = event.target.closest('li');
      if (item) onOpen(alerts[Number(item.dataset.index)]);
    };
    $('alerts-panel').dataset.state = 'ready';
  } catch (error) {
    $('alerts-summary').textContent = `待办加载失败：${error.message}`;
    $('alerts').innerHTML = '';
    $('alerts-panel').dataset.state = 'error';
  }
}
