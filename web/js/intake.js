// Operator intake: start a dossier, add scans, see each page's quality verdict, close the dossier.
import { h, clear, toast } from './dom.js';
import { t, pick } from './i18n.js';
import { api, errorText } from './api.js';
import { fmtTime } from './format.js';
import { stateBadge, spinner, poll } from './ui.js';

export function render(root, { params, navigate }) {
  const id = params[0] ? Number(params[0]) : null;
  const stops = [];
  const left = h('section', { class: 'intake-main' });
  const recent = h('aside', { class: 'intake-side panel' });
  root.append(h('div', { class: 'intake' }, left, recent));

  stops.push(poll(() => loadRecent(recent, id), 5000));
  const refreshRecent = () => loadRecent(recent, id).catch(() => {});
  if (id) showDossier(left, id, navigate, stops, refreshRecent);
  else showNewForm(left, navigate);
  return () => stops.forEach((s) => s());
}

function showNewForm(root, navigate) {
  const number = h('input', {
    id: 'dossier-number', class: 'input-lg', placeholder: t('intake.number.placeholder'),
    autocomplete: 'off', spellcheck: false,
  });
  const error = h('div', { class: 'form-error', role: 'alert' });
  const form = h('form', {
    class: 'panel new-dossier', onsubmit: async (e) => {
      e.preventDefault();
      error.textContent = '';
      const body = number.value.trim() ? { number: number.value.trim() } : {};
      try {
        const d = await api('POST', '/api/dossiers', body);
        navigate(`#/intake/${d.id}`);
      } catch (err) { error.textContent = errorText(err); number.select(); }
    },
  },
  h('h1', {}, t('intake.new')),
  h('label', { for: 'dossier-number' }, t('intake.number')),
  h('div', { class: 'row' }, number, h('button', { class: 'btn btn-primary btn-lg', type: 'submit', id: 'start-dossier' }, t('intake.start'))),
  h('p', { class: 'hint' }, t('intake.number.hint')),
  error);
  root.append(form);
  setTimeout(() => number.focus(), 0);
}

async function loadRecent(box, currentId) {
  const r = await api('GET', '/api/dossiers?mine=1');
  const list = r.dossiers.slice().reverse().slice(0, 20);
  clear(box);
  box.append(h('h2', {}, t('intake.recent')));
  if (!list.length) { box.append(h('p', { class: 'muted' }, t('intake.recent.none'))); return; }
  box.append(h('ul', { class: 'recent', id: 'recent-dossiers' }, list.map((d) =>
    h('li', { class: d.id === currentId ? 'current' : '', 'data-id': d.id },
      h('a', { href: `#/intake/${d.id}` },
        h('span', { class: 'recent-number' }, d.number),
        h('span', { class: 'recent-meta' }, `${fmtTime(d.created_at)} · ${t('intake.pages', { n: d.pages })}`)),
      stateBadge(d)))));
}

async function showDossier(root, id, navigate, stops, refreshRecent) {
  root.append(h('div', { class: 'panel muted' }, t('common.loading')));
  let data;
  try { data = await api('GET', `/api/dossiers/${id}`); } catch (e) {
    clear(root).append(h('div', { class: 'panel form-error' }, errorText(e)));
    return;
  }
  let dossier = data.dossier;
  // the station's own sources of pages: a watched folder and a SANE scanner (sohoa serve --watch, --scanner)
  let settings = {}, scanner = {};
  try { [settings, scanner] = await Promise.all([api('GET', '/api/settings'), api('GET', '/api/scanner')]); } catch { /* shown without them */ }
  const cards = new Map(); // page id → {page, el}
  const grid = h('div', { class: 'pages', id: 'pages' });
  const head = h('div', { class: 'dossier-head' });
  const error = h('div', { class: 'form-error', role: 'alert', id: 'intake-error' });
  const fileInput = h('input', {
    type: 'file', id: 'file-input', multiple: true, hidden: true,
    accept: 'image/jpeg,image/png,image/tiff,image/bmp,image/webp,application/pdf,.jpg,.jpeg,.png,.tif,.tiff,.bmp,.webp,.pdf',
    onchange: () => { upload([...fileInput.files]); fileInput.value = ''; },
  });
  const drop = h('div', { class: 'dropzone', id: 'dropzone', tabindex: 0,
    onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); fileInput.click(); } } },
  h('div', { class: 'drop-icon', 'aria-hidden': 'true' }),
  h('div', {}, h('strong', {}, t('intake.drop')), ` ${t('intake.drop.or')} `,
    h('button', { class: 'btn btn-secondary', type: 'button', onclick: () => fileInput.click() }, t('intake.pick'))),
  h('div', { class: 'hint' }, t('intake.drop.formats')), fileInput);
  for (const ev of ['dragenter', 'dragover']) drop.addEventListener(ev, (e) => { e.preventDefault(); drop.classList.add('over'); });
  for (const ev of ['dragleave', 'drop']) drop.addEventListener(ev, () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => { e.preventDefault(); upload([...e.dataTransfer.files]); });

  const empty = h('div', { class: 'pages-empty muted' }, t('intake.nopages'));
  clear(root).append(h('div', { class: 'panel dossier' }, head, error,
    dossier.closed ? h('div', { class: 'notice' }, t('intake.closed.readonly')) : drop, grid));

  const renderHead = () => {
    const pending = [...cards.values()].some((c) => c.page.status === 'received' || c.uploading);
    clear(head).append(
      h('div', {},
        h('div', { class: 'eyebrow' }, t('intake.current')),
        h('h1', { id: 'dossier-title' }, dossier.number, ' ', stateBadge(dossier)),
        h('div', { class: 'muted head-meta' }, `${fmtTime(dossier.created_at)} · ${t('intake.pages', { n: cards.size })}`,
          ['ok', 'bad', 'failed'].map((v) => {
            const n = [...cards.values()].filter((c) => pageVerdict(c.page, c) === v).length;
            return n ? h('span', { class: `tally verdict-${v}` }, h('span', { class: 'dot' }), `${n} ${t(`page.tally.${v}`)}`) : null;
          }))),
      h('div', { class: 'head-actions' },
        h('a', { class: 'btn btn-ghost', href: '#/intake' }, t('intake.new')),
        dossier.closed || !settings.watch_folder ? null : h('button', {
          class: `btn ${settings.watch_dossier === dossier.id ? 'btn-primary' : 'btn-secondary'}`, id: 'watch-folder',
          title: t('intake.watch.hint'), onclick: toggleWatch,
        }, settings.watch_dossier === dossier.id ? t('intake.watch.on') : t('intake.watch')),
        dossier.closed || !scanner.configured ? null : h('button', {
          class: 'btn btn-secondary', id: 'scan', disabled: scanner.running, onclick: scan,
        }, scanner.running ? t('intake.scanning', { n: scanner.pages || 0 }) : t('intake.scan')),
        dossier.closed ? null : h('button', {
          class: 'btn btn-primary', id: 'close-dossier', disabled: !cards.size || pending,
          title: pending ? t('intake.waiting') : t('intake.close.hint'), onclick: close,
        }, t('intake.close'))));
    if (!cards.size) grid.append(empty); else empty.remove();
  };

  const renderCard = (c) => {
    const p = c.page;
    const verdict = pageVerdict(p, c);
    const el = h('article', { class: `page-card pv-${verdict}`, 'data-page': p.id ?? '', 'data-status': c.uploading ? 'uploading' : p.status, 'data-verdict': verdict },
      h('div', { class: 'thumb' }, p.status === 'received' || c.uploading ? h('div', { class: 'thumb-wait' }, spinner())
        : h('img', { src: `/api/pages/${p.id}/thumb`, alt: '', loading: 'lazy', onerror: (e) => e.target.remove() })),
      h('div', { class: 'page-body' },
        h('div', { class: 'page-name', title: p.name || p.source }, p.name || p.source),
        verdictLine(p, c, verdict),
        p.status === 'prepared' ? documentsList(p) : null,
        findingsList(p)),
      dossier.closed || c.uploading ? null : h('div', { class: 'page-actions' },
        h('button', { class: 'btn btn-small btn-ghost', onclick: () => rescan(c) }, t('page.rescan')),
        h('button', { class: 'btn btn-small btn-ghost danger', onclick: () => remove(c) }, t('page.delete'))));
    if (c.el) c.el.replaceWith(el); else grid.append(el);
    c.el = el;
  };

  const add = (page, uploading = false) => {
    const c = { page, uploading, el: null };
    cards.set(page.id ?? `u${Math.random()}`, c);
    renderCard(c);
    return c;
  };

  async function upload(files) {
    error.textContent = '';
    const pending = files.map((f) => ({ f, c: add({ name: f.name, source: f.name, status: 'received' }, true) }));
    renderHead();
    for (const { f, c } of pending) {
      try {
        const page = await api('POST', `/api/dossiers/${id}/pages?name=${encodeURIComponent(f.name)}`, undefined,
          { raw: f, contentType: f.type || 'application/octet-stream' });
        for (const [k, v] of cards) if (v === c) cards.delete(k);
        c.page = page; c.uploading = false;
        cards.set(page.id, c);
        renderCard(c);
      } catch (e) {
        c.uploading = false;
        c.page = { ...c.page, status: 'failed', error: errorText(e) };
        renderCard(c);
      }
      renderHead();
    }
    refreshRecent();
  }

  async function remove(c) {
    error.textContent = '';
    try {
      if (c.page.id !== undefined) await api('DELETE', `/api/pages/${c.page.id}`);
      for (const [k, v] of cards) if (v === c) cards.delete(k);
      c.el.remove();
      toast(t('page.deleted', { name: c.page.name || c.page.source }));
      renderHead();
      refreshRecent();
      return true;
    } catch (e) { error.textContent = errorText(e); return false; }
  }

  async function rescan(c) { if (await remove(c)) fileInput.click(); }

  async function toggleWatch() {
    error.textContent = '';
    try {
      const on = settings.watch_dossier === dossier.id;
      await api(on ? 'DELETE' : 'POST', `/api/dossiers/${id}/watch`);
      settings = await api('GET', '/api/settings');
      renderHead();
    } catch (e) { error.textContent = errorText(e); }
  }

  async function scan() {
    error.textContent = '';
    try { scanner = await api('POST', `/api/dossiers/${id}/scan`); renderHead(); } catch (e) { error.textContent = errorText(e); }
  }

  // Pages that arrive without this screen (scanner, watched folder) are picked up as they come,
  // and the scanner's end (a jam, an open cover) is told to the operator.
  stops.push(poll(async () => {
    if (dossier.closed) return;
    const scanning = scanner.running && scanner.dossier === dossier.id;
    if (scanning) {
      const before = scanner;
      scanner = await api('GET', '/api/scanner');
      if (before.running && !scanner.running && scanner.message) error.textContent = pick(scanner.message);
    }
    if (!scanning && settings.watch_dossier !== dossier.id) return;
    const fresh = await api('GET', `/api/dossiers/${id}`);
    for (const p of fresh.pages) if (!cards.has(p.id)) add(p);
    renderHead();
  }, 700));

  async function close() {
    error.textContent = '';
    try {
      dossier = await api('POST', `/api/dossiers/${id}/close`);
      toast(t('intake.closed', { number: dossier.number }), 'ok');
      navigate('#/intake');
    } catch (e) { error.textContent = errorText(e); }
  }

  for (const p of data.pages) add(p);
  renderHead();

  // Pages still being prepared are asked for again every 300 ms.
  stops.push(poll(async () => {
    const waiting = [...cards.values()].filter((c) => !c.uploading && c.page.id !== undefined && c.page.status === 'received');
    await Promise.all(waiting.map(async (c) => {
      const p = await api('GET', `/api/pages/${c.page.id}`);
      if (p.status !== c.page.status) { c.page = p; renderCard(c); renderHead(); }
    }));
  }, 300));
  if (dossier.closed) stops.push(poll(async () => {
    const d = (await api('GET', `/api/dossiers/${id}`)).dossier;
    if (d.state !== dossier.state) { dossier = d; renderHead(); }
  }, 3000));
}

function pageVerdict(p, c) {
  if (c.uploading) return 'pending';
  if (p.status === 'failed') return 'failed';
  if (p.status !== 'prepared') return 'pending';
  const docs = p.documents || [];
  if (!docs.length) return 'bad';
  const ok = p.ok ?? docs.every((d) => d.quality?.ok !== false);
  return ok ? 'ok' : 'bad';
}

function verdictLine(p, c, verdict) {
  const text = {
    pending: c.uploading ? t('page.uploading') : t('page.received'),
    failed: t('page.failed'), ok: t('page.ok'), bad: t('page.bad'),
  }[verdict];
  return h('div', { class: `verdict verdict-${verdict}`, 'data-testid': 'verdict' },
    verdict === 'pending' ? spinner() : h('span', { class: 'dot', 'aria-hidden': 'true' }), text);
}

function shapeName(shape) {
  if (/card/i.test(shape || '')) return t('shape.card');
  if (/gcn|page|cert/i.test(shape || '')) return t('shape.gcn');
  return t('shape.other');
}

function documentsList(p) {
  const docs = p.documents || [];
  if (!docs.length) return h('div', { class: 'page-docs muted' }, t('page.nodocs'));
  return h('ul', { class: 'page-docs' }, docs.map((d) =>
    h('li', {}, shapeName(d.shape), d.rotation ? h('span', { class: 'muted' }, ` · ${t('page.rotation', { deg: d.rotation })}`) : null)));
}

function findingsList(p) {
  const items = [];
  if (p.status === 'failed' && p.error) items.push(p.error);
  for (const d of p.documents || [])
    for (const f of d.quality?.findings || []) items.push(pick({ vi: f.message_vi, en: f.message_en }) || f.code);
  return items.length ? h('ul', { class: 'findings' }, [...new Set(items)].map((m) => h('li', {}, m))) : null;
}
