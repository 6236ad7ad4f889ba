// Accounts (admin) and the four-eyes setting (supervisor, admin).
import { h, clear, toast } from './dom.js';
import { t } from './i18n.js';
import { api, errorText } from './api.js';

const ROLES = ['operator', 'clerk', 'supervisor', 'admin'];

export function render(root, { me }) {
  root.append(h('div', { class: 'admin' }, settingsPanel(), me.role === 'admin' ? usersPanel() : null));
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

function usersPanel() {
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
      for (const u of r.users) body.append(h('tr', {}, h('td', { class: 'strong' }, u.username), h('td', {}, u.name), h('td', {}, t(`role.${u.role}`))));
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
    h('table', { class: 'table' }, h('thead', {}, h('tr', {}, ['admin.username', 'admin.name', 'admin.role'].map((k) => h('th', {}, t(k))))), body),
    h('h3', {}, t('admin.add')), form, error);
}
