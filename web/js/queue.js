// Verification queue: extracted and in-verification dossiers, oldest first.
import { h, clear } from './dom.js';
import { t } from './i18n.js';
import { api, errorText } from './api.js';
import { fmtTime, fmtAge } from './format.js';
import { stateBadge, poll } from './ui.js';

export function render(root, { navigate }) {
  const body = h('tbody', {});
  const error = h('div', { class: 'form-error', role: 'alert' });
  const empty = h('div', { class: 'empty', hidden: true }, t('queue.empty'));
  const table = h('table', { class: 'table queue', id: 'queue' },
    h('thead', {}, h('tr', {}, ['col.number', 'col.age', 'col.created_by', 'col.pages', 'col.fields', 'col.flagged', 'col.state', '']
      .map((k) => h('th', {}, k ? t(k) : '')))), body);
  root.append(h('div', { class: 'panel' },
    h('div', { class: 'panel-head' }, h('div', {}, h('h1', {}, t('queue.title')), h('p', { class: 'muted' }, t('queue.subtitle')))),
    error, table, empty));

  let selected = 0;
  let rows = [];
  const open = (d) => navigate(`#/verify/${d.id}`);
  const select = (i) => {
    selected = Math.max(0, Math.min(rows.length - 1, i));
    rows.forEach((r, k) => r.classList.toggle('selected', k === selected));
    rows[selected]?.focus();
  };
  const load = async () => {
    try {
      const r = await api('GET', '/api/queue');
      error.textContent = '';
      const hadFocus = table.contains(document.activeElement);
      clear(body);
      rows = r.dossiers.map((d) => {
        const tr = h('tr', { tabindex: 0, 'data-id': d.id, 'data-number': d.number, onclick: () => open(d),
          onkeydown: (e) => { if (e.key === 'Enter') open(d); } },
        h('td', { class: 'strong' }, d.number),
        h('td', { title: fmtTime(d.created_at) }, fmtAge(d.created_at)),
        h('td', {}, d.created_by),
        h('td', { class: 'num' }, d.pages),
        h('td', { class: 'num' }, d.fields),
        h('td', { class: 'num' }, d.flagged ? h('span', { class: 'flag-count' }, d.flagged) : '0'),
        h('td', {}, stateBadge(d)),
        h('td', { class: 'right' }, h('button', { class: 'btn btn-small btn-secondary', tabindex: -1 }, t('queue.open'))));
        body.append(tr);
        return tr;
      });
      empty.hidden = rows.length > 0;
      table.hidden = rows.length === 0;
      if (rows.length) { rows.forEach((r, k) => r.classList.toggle('selected', k === Math.min(selected, rows.length - 1))); if (hadFocus || document.activeElement === document.body) select(selected); }
    } catch (e) { error.textContent = errorText(e); }
  };
  const keys = (e) => {
    if (e.key === 'ArrowDown') { e.preventDefault(); select(selected + 1); }
    if (e.key === 'ArrowUp') { e.preventDefault(); select(selected - 1); }
  };
  document.addEventListener('keydown', keys);
  const stop = poll(load, 2000);
  return () => { stop(); document.removeEventListener('keydown', keys); };
}
