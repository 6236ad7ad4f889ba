// The station's browser UI: shell (top bar, language, session) and hash routes.
import { h, clear } from './dom.js';
import { t, lang, setLang, onLangChange } from './i18n.js';
import { api, setUnauthorizedHandler } from './api.js';
import * as login from './login.js';
import * as intake from './intake.js';
import * as queue from './queue.js';
import * as verify from './verify.js';
import * as audit from './audit.js';
import * as admin from './admin.js';
import * as account from './account.js';

const ROUTES = [
  { name: 'intake', re: /^#\/intake(?:\/(\d+))?$/, screen: intake, roles: ['operator', 'admin'] },
  { name: 'queue', re: /^#\/queue$/, screen: queue, roles: ['clerk', 'supervisor', 'admin'] },
  { name: 'queue', re: /^#\/verify\/(\d+)$/, screen: verify, roles: ['clerk', 'supervisor', 'admin'] },
  { name: 'audit', re: /^#\/audit$/, screen: audit, roles: ['supervisor', 'admin'] },
  { name: 'admin', re: /^#\/admin$/, screen: admin, roles: ['supervisor', 'admin'] },
  { name: 'account', re: /^#\/account$/, screen: account, roles: ['operator', 'clerk', 'supervisor', 'admin'] },
];
const NAV = [
  { name: 'intake', href: '#/intake', label: 'nav.intake' },
  { name: 'queue', href: '#/queue', label: 'nav.queue' },
  { name: 'audit', href: '#/audit', label: 'nav.audit' },
  { name: 'admin', href: '#/admin', label: 'nav.admin' },
];

let me = null;
let cleanup = null;
const root = document.getElementById('app');

export function navigate(hash) {
  if (location.hash === hash) route(); else location.hash = hash;
}

function home() {
  if (!me) return '#/login';
  return { operator: '#/intake', clerk: '#/queue', supervisor: '#/queue', admin: '#/intake' }[me.role] || '#/queue';
}

function topBar(active) {
  const links = NAV.filter((n) => ROUTES.find((r) => r.name === n.name).roles.includes(me.role));
  return h('header', { class: 'topbar' },
    h('a', { class: 'brand', href: home() },
      h('span', { class: 'brand-mark', 'aria-hidden': 'true' }),
      h('span', { class: 'brand-name' }, t('app.name')),
      h('span', { class: 'brand-tag' }, t('app.tagline'))),
    h('nav', { class: 'nav' }, links.map((n) =>
      h('a', { href: n.href, class: n.name === active ? 'active' : '' }, t(n.label)))),
    h('div', { class: 'topbar-right' },
      langButton(),
      h('a', { class: 'who', href: '#/account', title: t('account.title'), id: 'my-account' },
        h('span', { class: 'who-name' }, me.name || me.username),
        h('span', { class: 'who-role' }, t(`role.${me.role}`))),
      h('button', { class: 'btn btn-ghost', id: 'logout', onclick: logout }, t('nav.logout'))));
}

export function langButton() {
  return h('button', {
    class: 'btn btn-ghost lang', title: t('lang.switch.title'), 'data-testid': 'lang',
    onclick: () => setLang(lang() === 'vi' ? 'en' : 'vi'),
  }, t('lang.switch'));
}

async function logout() {
  try { await api('POST', '/api/logout'); } catch { /* the session may be gone already */ }
  me = null;
  clear(document.getElementById('toasts')); // the next person does not see this one's messages
  navigate('#/login');
}

async function route() {
  if (cleanup) { cleanup(); cleanup = null; }
  const hash = location.hash || '';
  if (hash === '#/login' || !me) {
    if (!me && hash !== '#/login') {
      try { me = await api('GET', '/api/me'); } catch { me = null; }
      if (me) return route();
      location.replace('#/login');
    }
    document.title = `${t('login.title')} · sohoa`;
    clear(root);
    cleanup = login.render(root, {
      onLogin: (user) => { me = user; navigate(home()); },
    });
    return;
  }
  const r = ROUTES.find((x) => x.re.test(hash));
  if (!r) { location.replace(home()); return; }
  const params = r.re.exec(hash).slice(1);
  clear(root);
  root.append(topBar(r.name));
  const main = h('main', { class: 'main' });
  root.append(main);
  if (!r.roles.includes(me.role)) {
    main.append(h('div', { class: 'empty' }, t('error.forbidden')));
    return;
  }
  cleanup = r.screen.render(main, { me, params, navigate }) || null;
}

setUnauthorizedHandler(() => {
  if (me) { me = null; navigate('#/login'); }
});
onLangChange(route);
window.addEventListener('hashchange', route);
route();
