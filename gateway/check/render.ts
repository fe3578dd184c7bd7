// The business's page of an inspection code, rendered on the server: plain HTML sized for a
// phone, Chinese, no script and nothing from a CDN (the QR code is an inline SVG from `qrcode`).
import QRCode from 'qrcode';

export interface CheckView {
  code: string;
  state: 'ACTIVE' | 'CLOSED' | 'EXPIRED';
  businessName: string | null;
  plannedOn: string;
  inspectorsShown: boolean;
  ratingOpen: boolean;
  rated: boolean;
  units: {
    unitCode: string;
    unitName: string;
    items: { code: string; name: string; legalBasis: string }[];
    inspectors: { name: string; certificateNo: string }[] | null;
    result: { inspectedOn: string; conclusion: string; findings: { itemName: string; description: string }[] } | null;
  }[];
  plan: { id: string; title: string; kind: string; periodStart: string; periodEnd: string; publishedOn: string | null } | null;
  draw: { seed: string; documentSha256: string; drawnAt: string } | null;
}

const STATE_TEXT = { ACTIVE: '有效：检查待进行或进行中', CLOSED: '已办结：检查结果已登记', EXPIRED: '已失效：该检查任务已取消（如已并入联合检查）' };
const CONCLUSION_TEXT: Record<string, string> = { NO_PROBLEM: '未发现问题', PROBLEM_FOUND: '发现问题', NOT_FOUND: '通过登记的住所无法联系', CLOSED: '已注销或停业' };

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE = `
  body { margin: 0; font: 16px/1.5 -apple-system, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; background: #f3f5f8; color: #1d2733; }
  main { max-width: 480px; margin: 0 auto; padding: 12px; }
  h1 { font-size: 20px; margin: 8px 0 12px; }
  h2 { font-size: 17px; margin: 0 0 8px; }
  section { background: #fff; border-radius: 10px; padding: 12px 14px; margin-bottom: 12px; box-shadow: 0 1px 2px rgba(0,0,0,.06); }
  .code { font: 600 18px/1.3 ui-monospace, monospace; letter-spacing: 1px; }
  .state { display: inline-block; padding: 2px 8px; border-radius: 12px; font-size: 14px; }
  .ACTIVE { background: #e3f4e8; color: #176b32; } .CLOSED { background: #e6eefc; color: #1d4fa8; } .EXPIRED { background: #fdecea; color: #a12622; }
  .qr svg { width: 160px; height: 160px; display: block; margin: 8px auto 0; }
  ul { padding-left: 20px; margin: 4px 0; } li { margin: 4px 0; }
  .basis { color: #5a6673; font-size: 14px; }
  .muted { color: #5a6673; font-size: 14px; }
  .mono { font-family: ui-monospace, monospace; word-break: break-all; font-size: 13px; }
  label { display: block; margin: 8px 0 4px; }
  select, textarea, button, input { font: inherit; width: 100%; box-sizing: border-box; padding: 8px; border: 1px solid #c8d0da; border-radius: 6px; }
  button { background: #1d4fa8; color: #fff; border: 0; margin-top: 10px; }
  .notice { background: #fff8e1; border-left: 4px solid #f0b400; padding: 8px 12px; }`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

/** The page of a code the graph knows. `link` is what the QR code holds (this page's address). */
export async function renderCheckPage(view: CheckView, link: string, message?: string): Promise<string> {
  const qr = await QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
  const units = view.units
    .map((unit) => {
      const items = unit.items.map((item) => `<li>${escape(item.name)}<div class="basis">检查依据：${escape(item.legalBasis || '—')}</div></li>`).join('');
      const inspectors = unit.inspectors
        ? `<ul>${unit.inspectors.map((inspector) => `<li>${escape(inspector.name)}　执法证号 <span class="mono">${escape(inspector.certificateNo || '—')}</span></li>`).join('')}</ul>`
        : `<p class="muted">检查人员姓名和执法证号自计划检查日起至检查办结止公示。</p>`;
      const result = unit.result
        ? `<p><b>检查结果（${escape(unit.result.inspectedOn)}）：${escape(CONCLUSION_TEXT[unit.result.conclusion] ?? unit.result.conclusion)}</b></p>${
            unit.result.findings.length ? `<ul>${unit.result.findings.map((f) => `<li>${escape(f.itemName)}：${escape(f.description)}</li>`).join('')}</ul>` : ''
          }`
        : '';
      return `<section><h2>${escape(unit.unitName)}</h2><div>检查事项：</div><ul>${items}</ul><div>检查人员：</div>${inspectors}${result}</section>`;
    })
    .join('');
  const plan = view.plan
    ? `<section><h2>抽查计划</h2><p>${escape(view.plan.title)}<br><span class="muted">${view.plan.kind === 'JOINT' ? '联席会议办公室联合抽查计划' : '本单位抽查计划'} ${escape(view.plan.id)}，检查期间 ${escape(view.plan.periodStart)} 至 ${escape(view.plan.periodEnd)}${
        view.plan.publishedOn ? `，${escape(view.plan.publishedOn)} 公布` : ''
      }</span></p>${
        view.draw
          ? `<p class="muted">随机抽取（${escape(view.draw.drawnAt.slice(0, 10))}），种子 <span class="mono">${escape(view.draw.seed)}</span>，抽取文书 SHA-256 <span class="mono">${escape(view.draw.documentSha256)}</span>，任何人可复核。</p>`
          : ''
      }</section>`
    : '';
  let voice = '';
  if (view.ratingOpen && !view.rated) {
    voice = `<section><h2>评价本次检查</h2><p class="muted">评价直接报送联席会议办公室，检查单位看不到评价人。</p>
<form method="post"><label for="score">满意度</label><select id="score" name="score"><option value="5">5 非常满意</option><option value="4">4 满意</option><option value="3">3 一般</option><option value="2">2 不满意</option><option value="1">1 非常不满意</option></select>
<label for="comment">意见建议（可选）</label><textarea id="comment" name="comment" rows="2" maxlength="500"></textarea>
<label for="complaint">投诉（可选）</label><textarea id="complaint" name="complaint" rows="2" maxlength="500"></textarea>
<button type="submit">提交评价</button></form></section>`;
  } else if (view.rated) voice = `<section><p>本次检查已评价，感谢您的反馈。</p></section>`;
  const body = `<h1>检查码核验</h1>
${message ? `<p class="notice">${escape(message)}</p>` : ''}
<section><div class="code">${escape(view.code)}</div><span class="state ${view.state}">${STATE_TEXT[view.state]}</span>
<p>${view.businessName ? `被检查对象：${escape(view.businessName)}<br>` : ''}计划检查日期：${escape(view.plannedOn)}${view.units.length > 1 ? `<br>联合检查：${view.units.length} 个部门一次上门` : ''}</p>
<div class="qr" aria-label="检查码二维码">${qr}</div></section>
${units}${plan}${voice}
<p class="muted">检查人员应出示执法证件并凭此码检查；信息不符可拒绝检查并向联席会议办公室反映。</p>`;
  return page(`检查码 ${view.code}`, body);
}

/** A code no task has (or a form to type one). */
export function renderUnknownPage(code: string | null): string {
  const body = `<h1>检查码核验</h1>${
    code !== null ? `<section class="notice">检查码 <span class="mono">${escape(code)}</span> 不存在或已失效，请核对后重新输入。该检查可能不是真实的执法检查，请向联席会议办公室反映。</section>` : ''
  }<section><form method="get" action="/check"><label for="code">输入检查码（16 位）</label><input id="code" name="code" autocomplete="off"><button type="submit">核验</button></form></section>`;
  return page('检查码核验', body);
}
