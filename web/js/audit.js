// Audit log (supervisor, admin): newest first, filterable on screen.
import { h, clear } from './dom.js';
import { t } from './i18n.js';
import { api, errorText } from './api.js';
import { fmtTime } from './format.js';

export function render(root) {
  const body = h('tbody', {});
  const count = h('span', { class: 'muted' });
  const error = h('div', { class: 'form-error', role: 'alert' });
  const filter = h('input', { type: 'search', id: 'audit-filter', placeholder: t('audit.filter'), oninput: () => show() });
  root.append(h('div', { class: 'panel' },
    h('div', { class: 'panel-head' },
      h('div', {}, h('h1', {}, t('audit.title')), h('p', { class: 'muted' }, t('audit.subtitle'))),
      h('div', { class: 'row' }, filter, h('button', { class: 'btn btn-secondary', onclick: () => load() }, t('common.refresh')))),
    error,
    h('table', { class: 'table audit', id: 'audit' },
      h('thead', {}, h('tr', {}, ['col.at', 'col.user', 'col.action', 'col.object', 'col.detail'].map((k) => h('th', {}, t(k))))),
      body),
    h('div', { class: 'table-foot' }, count)));

  let entries = [];
  const actionName = (a) => { const s = t(`action.${a}`); return s === `action.${a}` ? a : s; };
  function show() {
    const q = filter.value.trim().toLowerCase();
    const list = q ? entries.filter((e) => [e.user, e.action, actionName(e.action), e.object, e.detail].join(' ').toLowerCase().includes(q)) : entries;
    clear(body);
    for (const e of list) body.append(h('tr', { 'data-action': e.action, 'data-user': e.user },
      h('td', { class: 'nowrap' }, fmtTime(e.at, true)),
      h('td', {}, e.user),
      h('td', {}, h('span', { class: `action action-${e.action}` }, actionName(e.action))),
      h('td', {}, e.object),
      h('td', { class: 'detail' }, typeof e.detail === 'string' ? e.detail : JSON.stringify(e.detail))));
    count.textContent = list.length ? t('audit.count', { n: list.length }) : t('audit.empty');
  }
  async function load() {
    try {
      entries = (await api('GET', '/api/audit?limit=500')).entries;
      error.textContent = '';
      show();
    } catch (e) { error.textContent = errorText(e); }
  }
  load();
}
