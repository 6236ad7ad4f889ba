// The user's own account: who they are, and a change of their password (the current one asked
// for; their sessions elsewhere end).
import { h } from './dom.js';
import { t } from './i18n.js';
import { api, errorText } from './api.js';

export function render(root, { me }) {
  const f = {
    current: h('input', { id: 'current-password', type: 'password', autocomplete: 'current-password', required: true }),
    next: h('input', { id: 'new-password', type: 'password', autocomplete: 'new-password', required: true, minlength: 8 }),
    again: h('input', { id: 'new-password-again', type: 'password', autocomplete: 'new-password', required: true }),
  };
  const error = h('div', { class: 'form-error', role: 'alert', id: 'password-error' });
  const done = h('div', { class: 'form-ok', role: 'status', id: 'password-done' });
  const form = h('form', {
    class: 'stack-form', onsubmit: async (e) => {
      e.preventDefault();
      error.textContent = done.textContent = '';
      if (f.next.value !== f.again.value) { error.textContent = t('account.mismatch'); f.again.select(); return; }
      try {
        await api('PUT', '/api/me/password', { current_password: f.current.value, new_password: f.next.value });
        form.reset();
        done.textContent = t('account.changed');
      } catch (err) { error.textContent = errorText(err); }
    },
  },
  h('label', {}, t('account.current'), f.current), h('label', {}, t('account.new'), f.next),
  h('label', {}, t('account.again'), f.again), error, done,
  h('button', { class: 'btn btn-primary', type: 'submit' }, t('account.change')));
  root.append(h('div', { class: 'account' },
    h('section', { class: 'panel' }, h('h2', {}, t('account.title')),
      h('dl', { class: 'facts' }, h('dt', {}, t('admin.name')), h('dd', {}, me.name || '—'),
        h('dt', {}, t('admin.username')), h('dd', {}, me.username), h('dt', {}, t('admin.role')), h('dd', {}, t(`role.${me.role}`)))),
    h('section', { class: 'panel' }, h('h2', {}, t('account.password')), h('p', { class: 'muted' }, t('account.hint')), form)));
  setTimeout(() => f.current.focus(), 0);
}
