// Small shared pieces of the screens.
import { h } from './dom.js';
import { t } from './i18n.js';

export function stateBadge(d) {
  const key = d.state === 'scanned' && d.closed ? 'scanned.closed' : d.state;
  return h('span', { class: `badge state-${key.replace('.', '-')}`, 'data-state': d.state }, t(`state.${key}`));
}

export function spinner() { return h('span', { class: 'spinner', 'aria-hidden': 'true' }); }

// Keeps calling f every ms milliseconds (never two at once) until stop() is called.
export function poll(f, ms) {
  let stopped = false;
  let timer = null;
  const tick = async () => {
    if (stopped) return;
    try { await f(); } catch { /* the next tick retries */ }
    if (!stopped) timer = setTimeout(tick, ms);
  };
  tick();
  return () => { stopped = true; clearTimeout(timer); };
}
