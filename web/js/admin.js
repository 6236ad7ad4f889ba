// Accounts (admin) and the four-eyes setting (supervisor, admin).
import { h, clear, toast } from './dom.js';
import { t } from './i18n.js';
import { api, errorText } from './api.js';

const ROLES = ['operator', 'clerk', 'supervisor', 'admin'];

export function render(root, { me }) {
  root.append(h('div', { class: 'admin' }, settingsPanel(), me.role === 'admin' ? usersPanel(me) : null));
}

function settingsPanel() {
  const box = h('input', { type: 'checkbox', id: 'four-eyes' });
  const error = h('div', { class: 'form-error', role: 'alert' });
  box.addEventListener('change', async () => {
    try {
      const s = await api('PUT', '/api/settings', { four_eyes: box.checked });
      box.checked = !!s.four_eyes;
      toast(t('admin.saved'), 'ok');
    } catch (e) { error.textContent = errorText(e); box.checked = !box.checked; }
  });
  api('GET', '/api/settings').then((s) => { box.checked = !!s.four_eyes; }).catch((e) => { error.textContent = errorText(e); });
  return h('section', { class: 'panel' }, h('h2', {}, t('admin.settings')),
    h('label', { class: 'switch-row', for: 'four-eyes' }, box,
      h('span', {}, h('strong', {}, t('admin.four_eyes')), h('span', { class: 'muted block' }, t('admin.four_eyes.hint')))),
    error);
}

// One account's row: its role and whether it may log in change at once; a new password is typed
// into the row (the account's sessions end).
function userRow(u, me, error, reload) {
  const change = async (body, message) => {
    error.textContent = '';
    try {
      await api('PUT', `/api/users/${encodeURIComponent(u.username)}`, body);
      toast(message, 'ok');
    } catch (e) { error.textContent = errorText(e); }
    reload();
  };
  const role = h('select', { 'aria-label': t('admin.role'), 'data-testid': 'role' },
    ROLES.map((r) => h('option', { value: r, selected: r === u.role }, t(`role.${r}`))));
  role.addEventListener('change', () => change({ role: role.value }, t('admin.updated', { username: u.username })));
  const active = h('input', { type: 'checkbox', checked: u.active, 'aria-label': t('admin.active'), 'data-testid': 'active' });
  active.addEventListener('change', () => change({ active: active.checked }, t(active.checked ? 'admin.enabled' : 'admin.disabled', { username: u.username })));
  const password = h('input', { type: 'password', autocomplete: 'new-password', placeholder: t('admin.new_password'), 'data-testid': 'reset-password' });
  const reset = h('form', {
    class: 'inline-form', onsubmit: (e) => { e.preventDefault(); change({ password: password.value }, t('admin.password_set', { username: u.username })); },
  }, password, h('button', { class: 'btn btn-secondary btn-small', type: 'submit' }, t('admin.set_password')));
  return h('tr', { class: u.active ? '' : 'inactive', dataset: { username: u.username } },
    h('td', { class: 'strong' }, u.username, u.username === me.username ? h('span', { class: 'muted' }, ` (${t('admin.you')})`) : null),
    h('td', {}, u.name), h('td', {}, role), h('td', {}, active), h('td', {}, reset));
}

function usersPanel(me) {
  const body = h('tbody', {});
  const error = h('div', { class: 'form-error', role: 'alert' });
  const f = {
    username: h('input', { id: 'new-username', required: true, autocomplete: 'off' }),
    name: h('input', { id: 'new-name' }),
    role: h('select', { id: 'new-role' }, ROLES.map((r) => h('option', { value: r }, t(`role.${r}`)))),
    password: h('input', { id: 'new-password', type: 'password', required: true, autocomplete: 'new-password' }),
  };
  const load = async () => {
    try {
      const r = await api('GET', '/api/users');
      clear(body);
      for (const u of r.users) body.append(userRow(u, me, error, load));
    } catch (e) { error.textContent = errorText(e); }
  };
  const form = h('form', {
    class: 'user-form', onsubmit: async (e) => {
      e.preventDefault();
      error.textContent = '';
      try {
        const u = await api('POST', '/api/users', { username: f.username.value.trim(), name: f.name.value.trim(), role: f.role.value, password: f.password.value });
        toast(t('admin.created', { username: u.username }), 'ok');
        form.reset();
        load();
      } catch (err) { error.textContent = errorText(err); }
    },
  },
  h('label', {}, t('admin.username'), f.username), h('label', {}, t('admin.name'), f.name),
  h('label', {}, t('admin.role'), f.role), h('label', {}, t('admin.password'), f.password),
  h('button', { class: 'btn btn-primary', type: 'submit' }, t('admin.add')));
  load();
  return h('section', { class: 'panel' }, h('h2', {}, t('admin.users')),
    h('table', { class: 'table users' }, h('thead', {}, h('tr', {}, ['admin.username', 'admin.name', 'admin.role', 'admin.active', 'admin.password']
      .map((k) => h('th', {}, t(k))))), body),
    h('h3', {}, t('admin.add')), form, error);
}
