// Verification of one dossier, keyboard first: each field beside its image snippet; flagged fields
// (review: true or named by a failed check) are highlighted and visited first.
import { h, clear, toast } from './dom.js';
import { t } from './i18n.js';
import { api, errorText } from './api.js';
import { stateBadge, spinner } from './ui.js';
import { fmtTime } from './format.js';
import {
  flattenFields, fieldLabel, groupLabel, kindOf, displayValue, parseValue, documentTitle,
  checkMatches, checkMessage,
} from './fields.js';

const SHORTCUTS = () => [
  [['Enter', 'Tab'], 'key.accept'],
  [['Shift+Tab'], 'key.back'],
  [[t('key.typing'), 'Enter'], 'key.save'],
  [['F8', 'Ctrl+↓'], 'key.next'],
  [['Shift+F8', 'Ctrl+↑'], 'key.prev'],
  [['F2'], 'key.page'],
  [['Ctrl+Enter'], 'key.approve'],
  [['Ctrl+Shift+X'], 'key.reject'],
  [['Esc'], 'key.esc'],
];

export function render(root, { params, navigate }) {
  const id = Number(params[0]);
  let alive = true;
  let modal = null; // the open dialog's close function
  const state = { dossier: null, pages: [], record: null, rows: [], order: [], current: null };

  const headEl = h('div', { class: 'verify-head' });
  const listEl = h('section', { class: 'doc-list', id: 'fields' });
  const checksEl = h('div', { class: 'checks', id: 'checks' });
  const errorEl = h('div', { class: 'form-error', role: 'alert', id: 'verify-error' });
  root.classList.add('main-verify');
  root.append(h('div', { class: 'verify' }, headEl, errorEl,
    h('div', { class: 'verify-body' }, listEl,
      h('aside', { class: 'verify-side' },
        h('div', { class: 'panel side-panel' }, h('h2', {}, t('verify.checks')), checksEl),
        h('div', { class: 'panel side-panel shortcuts', id: 'shortcuts' }, h('h2', {}, t('verify.shortcuts')),
          h('dl', {}, SHORTCUTS().map(([keys, label]) => [
            h('dt', {}, keys.map((k, i) => [i ? h('span', { class: 'or' }, '/') : null, h('kbd', {}, k)])),
            h('dd', {}, t(label))])))))));
  listEl.append(h('div', { class: 'panel muted' }, t('common.loading')));

  // a scan is stored under a name of its own (source); people know it by the name it was uploaded under
  const pageName = (source) => state.pages.find((p) => p.source === source)?.name || source;
  const editable = () => state.dossier?.state === 'in_verification';
  const flaggedNow = (r) => r.field.review === true || failedChecks(r.doc).some((c) => checkMatches(c, r.path));
  const failedChecks = (docIndex) => (state.record.documents[docIndex].checks || []).filter((c) => !c.ok);

  async function load() {
    try {
      // only a dossier waiting in the queue is opened: the station would also reopen an approved or
      // rejected one, which a stale link must not do; those are shown as they are
      let r = await api('GET', `/api/dossiers/${id}`);
      if (r.dossier.state === 'extracted') {
        await api('POST', `/api/dossiers/${id}/open`);
        r = await api('GET', `/api/dossiers/${id}`);
      } else if (r.dossier.state !== 'in_verification') {
        errorEl.textContent = t('verify.notqueued');
      }
      if (!alive) return;
      Object.assign(state, { dossier: r.dossier, pages: r.pages || [], record: r.record });
      build();
      markHistory();
    } catch (e) {
      clear(listEl).append(h('div', { class: 'panel form-error' }, errorText(e)));
      renderHead();
    }
  }

  function renderHead() {
    const d = state.dossier;
    const rows = state.rows;
    const flagged = rows.filter((r) => r.flagged);
    const seen = flagged.filter((r) => r.accepted).length;
    clear(headEl).append(...[
      h('a', { class: 'btn btn-ghost back', href: '#/queue' }, '← ', t('verify.back')),
      h('div', { class: 'verify-title' },
        h('h1', {}, d ? d.number : '…', ' ', d ? stateBadge(d) : null),
        h('div', { class: 'muted' }, d ? [t('verify.fields', { n: rows.length }), ' · ',
          h('span', { class: flagged.length ? 'flag-count' : '' }, t('verify.flagged', { n: flagged.length })), ' · ',
          t('verify.visited', { n: seen, m: flagged.length })] : null)),
      !editable() ? null : h('div', { class: 'head-actions' },
        h('button', { class: 'btn btn-danger-outline', id: 'reject', onclick: openReject, title: 'Ctrl+Shift+X' }, t('verify.reject'), h('kbd', {}, 'Ctrl+Shift+X')),
        h('button', { class: 'btn btn-primary', id: 'approve', onclick: approve, title: 'Ctrl+Enter' }, t('verify.approve'), h('kbd', {}, 'Ctrl+Enter')))].filter(Boolean));
  }

  function build() {
    clear(listEl);
    state.rows = [];
    if (!state.record) { listEl.append(h('div', { class: 'panel empty' }, t('verify.norecord'))); renderHead(); return; }
    state.record.documents.forEach((doc, di) => {
      const holder = doc.type === 'id_card' ? doc.fields?.full_name?.value : null;
      const rowsEl = h('div', { class: 'field-rows' });
      listEl.append(h('div', { class: 'panel doc', 'data-doc': di, 'data-type': doc.type },
        h('h2', { class: 'doc-title' }, documentTitle(doc), holder ? h('span', { class: 'doc-holder' }, ` — ${holder}`) : null,
          h('span', { class: 'doc-sources muted' }, [...new Set((doc.sources || []).map((s) => pageName(s.source)))].join(', '))),
        rowsEl));
      let lastGroup = '';
      for (const { path, field } of flattenFields(doc.fields)) {
        const group = groupLabel(path);
        if (group && group !== lastGroup) rowsEl.append(h('div', { class: 'group-title' }, group));
        lastGroup = group;
        const row = makeRow(di, doc, path, field);
        state.rows.push(row);
        rowsEl.append(row.el);
      }
    });
    for (const r of state.rows) r.flagged = flaggedNow(r);
    // flagged fields first, then the rest, each in the record's order
    state.order = [...state.rows.filter((r) => r.flagged), ...state.rows.filter((r) => !r.flagged)];
    state.rows.forEach(paint);
    renderChecks();
    renderHead();
    const first = state.order[0];
    if (first) focusRow(first);
  }

  // fields corrected earlier (by anyone) are marked, with who and when
  async function markHistory() {
    let changes = [];
    try { changes = (await api('GET', `/api/dossiers/${id}/history`)).changes || []; } catch { return; }
    for (const c of changes) {
      const r = state.rows.find((x) => x.doc === c.document && x.path === c.path);
      if (!r) continue;
      r.corrected = true;
      r.el.title = `${t('verify.history')}: ${c.user}, ${fmtTime(c.at)}`;
      paint(r);
    }
  }

  function makeRow(di, doc, path, field) {
    const kind = kindOf(path);
    const text = displayValue(field.value, kind);
    const input = kind === 'mrz'
      ? h('textarea', { class: 'field-input mono', rows: 3, spellcheck: false, wrap: 'off' })
      : h('input', { class: 'field-input', spellcheck: false, autocomplete: 'off' });
    input.value = text;
    input.readOnly = !editable();
    input.placeholder = t('verify.empty');
    input.id = `f${di}-${path.replace(/[^a-z0-9_]/gi, '-')}`;
    const status = h('div', { class: 'field-status' });
    const snippet = h('div', { class: 'snippet' });
    const img = h('img', {
      alt: '', loading: 'lazy', src: `/api/dossiers/${id}/snippet?document=${di}&path=${encodeURIComponent(path)}`,
      onerror: () => { img.remove(); snippet.classList.add('snippet-none'); snippet.textContent = t('verify.snippet.none'); },
    });
    snippet.append(img);
    const label = h('label', { class: 'field-label', for: input.id },
      h('span', { class: 'field-name' }, fieldLabel(path)),
      h('span', { class: 'field-meta' },
        typeof field.confidence === 'number' ? h('span', { class: 'conf', title: 'confidence' }, `${Math.round(field.confidence * 100)}%`) : null,
        (field.evidence || []).map((e) => h('span', { class: 'evidence' }, e.toUpperCase()))));
    const el = h('div', { class: 'field-row', 'data-doc': di, 'data-doc-type': doc.type, 'data-path': path },
      label, h('div', { class: 'field-value' }, input, status), snippet);
    const row = { el, input, status, snippet, doc: di, path, field, kind, text, flagged: false, accepted: false, corrected: false };
    input.addEventListener('focus', () => { state.current = row; el.classList.add('current'); input.select(); });
    input.addEventListener('blur', () => el.classList.remove('current'));
    input.addEventListener('keydown', (e) => rowKey(e, row));
    input.addEventListener('input', () => { el.classList.toggle('edited', input.value !== row.text); status.textContent = ''; });
    return row;
  }

  function paint(r) {
    r.el.classList.toggle('flagged', r.flagged);
    r.el.classList.toggle('check-failed', failedChecks(r.doc).some((c) => checkMatches(c, r.path)));
    r.el.classList.toggle('accepted', r.accepted);
    r.el.classList.toggle('corrected', r.corrected);
    r.el.dataset.flagged = r.flagged ? '1' : '0';
  }

  function focusRow(r) {
    r.input.focus();
    r.el.scrollIntoView({ block: 'center' });
  }

  function move(r, step) {
    const i = state.order.indexOf(r);
    const next = state.order[i + step];
    if (next) focusRow(next);
  }

  function nextFlagged(r, step) {
    const rows = state.rows;
    const start = r ? rows.indexOf(r) : -1;
    for (let k = 1; k <= rows.length; k++) {
      const c = rows[(start + step * k + rows.length * 2) % rows.length];
      if (c.flagged && !c.accepted) return focusRow(c);
    }
    for (let k = 1; k <= rows.length; k++) {
      const c = rows[(start + step * k + rows.length * 2) % rows.length];
      if (c.flagged) return focusRow(c);
    }
  }

  // Enter/Tab: keep (or save) the value and go on; Esc: undo typing.
  async function rowKey(e, r) {
    if (modal) return;
    if ((e.key === 'Enter' && !e.ctrlKey && !e.altKey && !e.metaKey && !e.shiftKey) || e.key === 'Tab') {
      e.preventDefault();
      if (await commit(r)) move(r, e.shiftKey ? -1 : 1);
    } else if (e.key === 'Escape' && r.input.value !== r.text) {
      e.preventDefault();
      e.stopPropagation();
      r.input.value = r.text;
      r.el.classList.remove('edited');
      r.input.select();
    }
  }

  async function commit(r) {
    if (r.input.value === r.text || !editable()) {
      r.accepted = true;
      paint(r);
      renderHead();
      return true;
    }
    const parsed = parseValue(r.input.value, r.kind);
    if (parsed.error) {
      r.status.className = 'field-status error';
      r.status.textContent = parsed.error;
      return false;
    }
    r.status.className = 'field-status';
    clear(r.status).append(spinner(), t('verify.saving'));
    try {
      const res = await api('PUT', `/api/dossiers/${id}/fields`, { document: r.doc, path: r.path, value: parsed.value, reason: '' });
      r.field = res.field || { ...r.field, value: parsed.value };
      r.text = displayValue(r.field.value, r.kind);
      r.input.value = r.text;
      if (Array.isArray(res.checks)) state.record.documents[r.doc].checks = res.checks;
      r.accepted = true;
      r.corrected = true;
      // the corrected field has been looked at; the re-run checks may flag or clear its neighbours
      for (const x of state.rows) if (x.doc === r.doc) { x.flagged = x === r ? false : flaggedNow(x); paint(x); }
      r.el.classList.remove('edited');
      r.status.className = 'field-status ok';
      r.status.textContent = `✓ ${t('verify.saved')}`;
      // the re-run checks that still fail on this field, beside it
      const still = failedChecks(r.doc).filter((c) => checkMatches(c, r.path));
      if (still.length) r.status.append(h('span', { class: 'still-failing' }, ` · ${still.map(checkMessage).join('; ')}`));
      renderChecks(r.doc);
      renderHead();
      return true;
    } catch (err) {
      r.status.className = 'field-status error';
      r.status.textContent = errorText(err);
      return false;
    }
  }

  function renderChecks(changedDoc) {
    clear(checksEl);
    let failedAll = 0;
    state.record.documents.forEach((doc, di) => {
      const failed = (doc.checks || []).filter((c) => !c.ok);
      const passed = (doc.checks || []).length - failed.length;
      failedAll += failed.length;
      checksEl.append(h('div', { class: `check-doc${di === changedDoc ? ' rerun' : ''}`, 'data-doc': di },
        h('div', { class: 'check-doc-title' }, documentTitle(doc)),
        failed.map((c) => h('button', {
          class: 'check check-failed', 'data-rule': c.rule, tabindex: -1,
          onclick: () => { const r = state.rows.find((x) => x.doc === di && checkMatches(c, x.path)); if (r) focusRow(r); },
        }, h('span', { class: 'check-icon' }, '!'), checkMessage(c))),
        passed ? h('div', { class: 'check check-ok' }, h('span', { class: 'check-icon' }, '✓'), t('verify.checks.passed', { n: passed })) : null));
    });
    if (!failedAll) checksEl.prepend(h('div', { class: 'checks-allok' }, t('verify.checks.allok')));
  }

  // ---- dialogs: approve, reject, page image ----
  function openModal(content, { onEnter, wide } = {}) {
    if (modal) modal();
    const back = h('div', { class: 'modal-back' });
    const box = h('div', { class: `modal${wide ? ' modal-wide' : ''}`, role: 'dialog', 'aria-modal': 'true' }, content);
    back.append(box);
    document.body.append(back);
    const prev = document.activeElement;
    const keys = (e) => {
      if (e.key === 'Escape') { e.preventDefault(); close(); }
      else if (e.key === 'Enter' && onEnter && !e.shiftKey) { e.preventDefault(); onEnter(); }
      else if (e.key === 'F2' && wide) { e.preventDefault(); close(); }
    };
    box.addEventListener('keydown', keys);
    back.addEventListener('mousedown', (e) => { if (e.target === back) close(); });
    function close() { back.remove(); modal = null; if (prev && document.contains(prev)) prev.focus(); }
    modal = close;
    return { box, close };
  }

  function unseenFlagged() { return state.rows.filter((r) => r.flagged && !r.accepted).length; }

  function approve() {
    if (modal || !editable()) return;
    const n = unseenFlagged();
    if (!n) return doApprove();
    const ok = h('button', { class: 'btn btn-primary', id: 'approve-confirm', onclick: () => { m.close(); doApprove(); } }, t('verify.approve.confirm'));
    const m = openModal([h('h2', {}, t('verify.approve.title')), h('p', {}, t('verify.approve.unvisited', { n })),
      h('div', { class: 'modal-actions' }, h('button', { class: 'btn btn-ghost', onclick: () => m.close() }, t('verify.cancel')), ok)],
    { onEnter: () => { m.close(); doApprove(); } });
    ok.focus();
  }

  async function doApprove() {
    try {
      const d = await api('POST', `/api/dossiers/${id}/approve`);
      toast(t('verify.approved', { number: d.number || state.dossier.number }), 'ok');
      navigate('#/queue');
    } catch (e) { errorEl.textContent = errorText(e); toast(errorText(e), 'error'); }
  }

  function openReject() {
    if (modal || !editable()) return;
    const reason = h('input', { id: 'reject-reason', placeholder: t('verify.reject.placeholder'), autocomplete: 'off' });
    const err = h('div', { class: 'form-error', role: 'alert' });
    const confirm = async () => {
      if (!reason.value.trim()) { err.textContent = t('verify.reject.need'); return; }
      try {
        const d = await api('POST', `/api/dossiers/${id}/reject`, { reason: reason.value.trim() });
        m.close();
        toast(t('verify.rejected', { number: d.number || state.dossier.number }), 'ok');
        navigate('#/queue');
      } catch (e) { err.textContent = errorText(e); }
    };
    const m = openModal([h('h2', {}, t('verify.reject.title')), h('label', { for: 'reject-reason' }, t('verify.reject.reason')), reason, err,
      h('div', { class: 'modal-actions' }, h('button', { class: 'btn btn-ghost', onclick: () => m.close() }, t('verify.cancel')),
        h('button', { class: 'btn btn-danger', onclick: confirm }, t('verify.reject.confirm')))],
    { onEnter: confirm });
    reason.focus();
  }

  function showPage(r) {
    if (!r) return;
    const src = r.field.source;
    const page = src && state.pages.find((p) => p.source === src.source);
    const title = h('h2', {}, t('verify.page.title', { source: src ? pageName(src.source) : '—' }), ' · ', groupLabel(r.path), ' ', fieldLabel(r.path));
    if (!page) {
      const m = openModal([title, h('p', { class: 'muted' }, t('verify.snippet.none')),
        h('div', { class: 'modal-actions' }, h('button', { class: 'btn btn-ghost', onclick: () => m.close() }, t('verify.page.close')))], { wide: true });
      return;
    }
    const box = h('div', { class: 'page-box' });
    const img = h('img', { src: `/api/pages/${page.id}/image`, alt: '' });
    const frame = h('div', { class: 'page-frame' }, img, box);
    const place = () => {
      const b = src.bbox;
      if (!b || !page.width) { box.hidden = true; return; }
      const s = img.clientWidth / page.width;
      Object.assign(box.style, { left: `${b[0] * s - 4}px`, top: `${b[1] * s - 4}px`, width: `${b[2] * s + 8}px`, height: `${b[3] * s + 8}px` });
      box.scrollIntoView({ block: 'center', inline: 'center' });
    };
    img.addEventListener('load', place);
    const closeBtn = h('button', { class: 'btn btn-ghost', onclick: () => m.close() }, t('verify.page.close'));
    const m = openModal([h('div', { class: 'modal-head' }, title, closeBtn), h('div', { class: 'page-scroll' }, frame)], { wide: true });
    closeBtn.focus();
  }

  const globalKeys = (e) => {
    if (!alive) return;
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); if (!modal) approve(); return; }
    if (modal) return;
    if ((e.key === 'X' || e.key === 'x') && e.ctrlKey && e.shiftKey) { e.preventDefault(); openReject(); return; }
    if (e.key === 'F8' || (e.ctrlKey && (e.key === 'ArrowDown' || e.key === 'ArrowUp'))) {
      e.preventDefault();
      nextFlagged(state.current, e.shiftKey || e.key === 'ArrowUp' ? -1 : 1);
      return;
    }
    if (e.key === 'F2') { e.preventDefault(); showPage(state.current); }
  };
  document.addEventListener('keydown', globalKeys);
  load();
  return () => {
    alive = false;
    document.removeEventListener('keydown', globalKeys);
    if (modal) modal();
    root.classList.remove('main-verify');
  };
}
