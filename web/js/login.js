// Login screen.
import { h } from './dom.js';
import { t } from './i18n.js';
import { api, errorText } from './api.js';
import { langButton } from './app.js';

export function render(root, { onLogin }) {
  const user = h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true, autofocus: true });
  const pass = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const error = h('div', { class: 'form-error', role: 'alert', id: 'login-error' });
  const submit = h('button', { class: 'btn btn-primary btn-block', type: 'submit' }, t('login.submit'));
  const form = h('form', {
    class: 'login-card', onsubmit: async (e) => {
      e.preventDefault();
      error.textContent = '';
      if (!user.value.trim() || !pass.value) { error.textContent = t('login.missing'); return; }
      submit.disabled = true;
      submit.textContent = t('login.busy');
      try {
        const r = await api('POST', '/api/login', { username: user.value.trim(), password: pass.value });
        onLogin(r.user);
      } catch (err) {
        error.textContent = errorText(err);
        pass.select();
      } finally {
        submit.disabled = false;
        submit.textContent = t('login.submit');
      }
    },
  },
  h('div', { class: 'login-brand' }, h('span', { class: 'brand-mark big' }),
    h('div', {}, h('div', { class: 'login-name' }, 'sohoa'), h('div', { class: 'muted' }, t('app.tagline')))),
  h('h1', {}, t('login.title')),
  h('p', { class: 'muted' }, t('login.subtitle')),
  h('label', { for: 'username' }, t('login.username')), user,
  h('label', { for: 'password' }, t('login.password')), pass,
  error, submit);
  root.append(h('div', { class: 'login-page' }, h('div', { class: 'login-lang' }, langButton()), form));
  setTimeout(() => user.focus(), 0);
}
