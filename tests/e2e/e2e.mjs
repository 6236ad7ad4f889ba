// The station's browser test: run by run.sh, which starts `sohoa serve` and sets the E2E_* variables.
// Every step waits for what a person would see; any failure throws, and the process exits non-zero.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

const env = (k) => { const v = process.env[k]; if (!v) throw new Error(`${k} is not set (run this through run.sh)`); return v; };
const BASE = env('E2E_BASE');
const OUT = env('E2E_OUT');
const DOSSIER_DIR = env('E2E_DOSSIER_DIR');
const SMUDGE = env('E2E_SMUDGE');
const users = {
  operator: [env('E2E_OPERATOR'), env('E2E_OPERATOR_PW')],
  clerk: [env('E2E_CLERK'), env('E2E_CLERK_PW')],
  supervisor: [env('E2E_SUPERVISOR'), env('E2E_SUPERVISOR_PW')],
};
const NUMBER = `HS-E2E-${Date.now() % 1000000}`;
const t0 = Date.now();
const log = (msg) => console.log(`e2e [${((Date.now() - t0) / 1000).toFixed(1)} s] ${msg}`);
function check(cond, msg) { if (!cond) throw new Error(`check failed: ${msg}`); }

// the truth of the smudged field, from the generator's truth.json (never from the station)
const truth = JSON.parse(fs.readFileSync(path.join(DOSSIER_DIR, 'truth.json'), 'utf8'));
const getPath = (fields, p) => p.split(/\.|(?=\[)/).reduce((node, part) => {
  if (node === undefined || node === null) return undefined;
  const m = /^\[(\d+)\]$/.exec(part);
  return m ? node[Number(m[1])] : node[part];
}, fields);
const truthDoc = truth.documents.find((d) => getPath(d.fields, SMUDGE) !== undefined);
check(truthDoc, `truth.json has a document with ${SMUDGE}`);
// truth.json holds plain values; the station's record holds Field objects ({value, confidence, …})
const valueOf = (v) => (v && typeof v === 'object' && 'value' in v ? v.value : v);
const truthValue = valueOf(getPath(truthDoc.fields, SMUDGE));
check(truthValue !== null && truthValue !== undefined, `truth.json gives ${SMUDGE} a value`);
const typed = /^\d{4}-\d{2}-\d{2}$/.test(String(truthValue))
  ? String(truthValue).split('-').reverse().join('/') : String(truthValue);
const scans = fs.readdirSync(DOSSIER_DIR).filter((f) => /\.(jpe?g|png|tiff?|bmp|webp)$/i.test(f)).sort()
  .map((f) => path.join(DOSSIER_DIR, f));
check(scans.length > 0, 'the generator wrote scans');

const context = await chromium.launchPersistentContext(env('E2E_PROFILE'), {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
  viewport: { width: 1366, height: 768 },
  locale: 'vi-VN',
});
const page = context.pages()[0] || await context.newPage();
page.setDefaultTimeout(15000);
const pageErrors = [];
page.on('pageerror', (e) => pageErrors.push(e.message));

async function login([username, password]) {
  await page.goto(`${BASE}/#/login`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('#password').press('Enter');
  await page.locator('#logout').waitFor();
  log(`logged in as ${username}`);
}
async function logout() {
  await page.locator('#logout').click();
  await page.locator('#username').waitFor();
}
const api = (url) => page.evaluate(async (u) => { const r = await fetch(u); return { status: r.status, body: await r.json() }; }, url);

let exitCode = 0;
try {
  // the login screen refuses a wrong password, in Vietnamese
  await page.goto(`${BASE}/`);
  await page.locator('#username').fill(users.operator[0]);
  await page.locator('#password').fill('wrong password');
  await page.locator('#password').press('Enter');
  await page.locator('#login-error').filter({ hasText: /\S/ }).waitFor();
  check(await page.locator('#login-error').textContent() !== '', 'a wrong password shows an error');

  // ---- operator: intake ----
  await login(users.operator);
  await page.locator('#dossier-number').fill(NUMBER);
  await page.locator('#dossier-number').press('Enter'); // as a barcode scanner does
  await page.locator('#dossier-title').filter({ hasText: NUMBER }).waitFor();
  const dossierId = Number(/#\/intake\/(\d+)/.exec(page.url())[1]);
  log(`dossier ${NUMBER} (id ${dossierId}) started; uploading ${scans.length} scans`);
  const upStart = Date.now();
  // on screen: when each card shows its page stored (status received) and when it shows a verdict
  await page.evaluate(() => {
    window.e2eTimes = {};
    const look = () => {
      for (const c of document.querySelectorAll('#pages .page-card[data-page]')) {
        const e = (window.e2eTimes[c.dataset.page] ??= {});
        if (c.dataset.status === 'received' && !e.added) e.added = performance.now();
        if (/^(ok|bad|failed)$/.test(c.dataset.verdict) && !e.ready) e.ready = performance.now();
      }
    };
    new MutationObserver(look).observe(document.getElementById('pages'), { childList: true, subtree: true, attributes: true });
  });
  await page.locator('#file-input').setInputFiles(scans);
  const cards = page.locator('#pages .page-card');
  await page.waitForFunction((n) => {
    const c = [...document.querySelectorAll('#pages .page-card')];
    return c.length === n && c.every((e) => e.dataset.verdict === 'ok' || e.dataset.verdict === 'bad');
  }, scans.length, { timeout: 30000 });
  const verdictSeconds = (Date.now() - upStart) / 1000;
  check(await cards.count() === scans.length, `one card per scan (${scans.length})`);
  for (let i = 0; i < scans.length; i++) {
    const card = cards.nth(i);
    const text = (await card.locator('[data-testid=verdict]').textContent()).trim();
    check(/^(Tốt|Nên quét lại)$/.test(text), `page ${i + 1} shows a quality verdict in words (got "${text}")`);
    check(await card.locator('.page-docs li').count() > 0, `page ${i + 1} lists the documents found`);
  }
  const good = await page.locator('#pages .page-card[data-verdict=ok]').count();
  const delays = await page.evaluate(() => Object.values(window.e2eTimes).filter((e) => e.added && e.ready)
    .map((e) => (e.ready - e.added) / 1000).sort((a, b) => a - b));
  check(delays.length === scans.length, 'every page was seen stored, then with its verdict');
  log(`verdicts on all ${scans.length} pages ${verdictSeconds.toFixed(1)} s after the upload started (${good} good); ` +
    `from a page's upload to its verdict on screen: median ${delays[Math.floor(delays.length / 2)]?.toFixed(1)} s, longest ${delays.at(-1)?.toFixed(1)} s`);
  await page.waitForFunction(() => [...document.querySelectorAll('#pages .thumb img')].every((i) => i.complete));
  await page.screenshot({ path: path.join(OUT, 'intake.png') });
  await page.locator('#close-dossier').click();
  await page.locator('#dossier-number').waitFor(); // back to a fresh dossier, ready for the next barcode
  await page.locator(`#recent-dossiers li[data-id="${dossierId}"]`).waitFor();
  log('dossier closed');

  // the Scan button: the station's scanner feeds a new dossier page by page, each with its verdict
  await page.locator('#dossier-number').fill(`${NUMBER}-S`);
  await page.locator('#dossier-number').press('Enter');
  await page.locator('#dossier-title').filter({ hasText: `${NUMBER}-S` }).waitFor();
  await page.locator('#scan').click();
  await page.waitForFunction(() => {
    const c = [...document.querySelectorAll('#pages .page-card')];
    return c.length === 10 && c.every((e) => /^(ok|bad)$/.test(e.dataset.verdict));
  }, null, { timeout: 60000 });
  await page.locator('#scan').filter({ hasText: /^Quét$/ }).waitFor(); // the button is back once the feeder is empty
  log('scanned 10 pages from the feeder with the Scan button');
  await logout();

  // ---- clerk: verification, keyboard only ----
  await login(users.clerk);
  const row = page.locator(`#queue tr[data-number="${NUMBER}"]`);
  await row.waitFor({ timeout: 60000 }); // the station reads the dossier in the background
  log('dossier in the queue');
  await row.focus();
  await page.keyboard.press('Enter');
  await page.locator('.field-row').first().waitFor();
  const target = page.locator(`.field-row[data-doc-type="${truthDoc.type}"][data-path="${SMUDGE}"]`);
  check(await target.count() === 1, `the verification screen shows ${SMUDGE}`);
  const focusedPath = () => page.evaluate(() => {
    const r = document.activeElement?.closest('.field-row');
    return r ? `${r.dataset.docType}|${r.dataset.path}` : '';
  });
  const wanted = `${truthDoc.type}|${SMUDGE}`;
  const rows = await page.locator('.field-row').count();
  const flagged = await page.locator('.field-row[data-flagged="1"]').count();
  // F8 walks the flagged fields; a smudged field must be one of them
  let steps = 0;
  while (await focusedPath() !== wanted && steps < flagged + 1) { await page.keyboard.press('F8'); steps++; }
  check(await focusedPath() === wanted, `F8 reaches the smudged field ${SMUDGE} among the ${flagged} flagged fields`);
  check(await target.getAttribute('data-flagged') === '1', 'the smudged field is highlighted as flagged');
  log(`reached ${SMUDGE} with F8 (${steps} presses; ${flagged} of ${rows} fields flagged)`);
  await page.waitForFunction(() => [...document.querySelectorAll('.snippet img')].filter((i) => i.getBoundingClientRect().top < innerHeight).every((i) => i.complete));
  const snippets = await page.evaluate(() => [...document.querySelectorAll('.snippet img')].filter((i) => i.complete && i.naturalWidth > 0).length);
  check(snippets > 0, 'fields are shown beside their image snippets');
  check(await target.evaluate((r) => { const i = r.querySelector('.snippet img'); return !!i && i.complete && i.naturalWidth > 0; }),
    'the smudged field shows the place on the scan where its value should be');
  await page.screenshot({ path: path.join(OUT, 'verification.png') });

  const saved = page.waitForResponse((r) => r.url().includes(`/api/dossiers/${dossierId}/fields`) && r.request().method() === 'PUT');
  await page.keyboard.type(typed); // the value is selected on focus: typing replaces it
  await page.keyboard.press('Enter');
  const res = await saved;
  check(res.status() === 200, `the correction is saved (HTTP ${res.status()})`);
  const answer = await res.json();
  check(answer.field?.value === truthValue, `the station answers with the corrected value (${JSON.stringify(answer.field?.value)})`);
  await target.locator('.field-status.ok').waitFor();
  log(`typed the truth value and saved it with Enter; ${answer.checks?.length ?? 0} checks re-run`);
  await page.keyboard.press('Control+Enter');
  const confirm = page.locator('#approve-confirm');
  await Promise.race([confirm.waitFor().then(() => page.keyboard.press('Enter')), page.waitForURL(/#\/queue$/)]);
  await page.waitForURL(/#\/queue$/);
  await row.waitFor({ state: 'detached' });
  log('approved with the keyboard; back at the queue');
  // her own account, from her name in the top bar: a new password, the current one asked for
  await page.locator('#my-account').click();
  await page.locator('#current-password').waitFor();
  const newPassword = `${users.clerk[1]}-new`;
  await page.keyboard.type(users.clerk[1]);
  for (const text of [newPassword, newPassword]) { await page.keyboard.press('Tab'); await page.keyboard.type(text); }
  await page.keyboard.press('Enter');
  await page.locator('#password-done').filter({ hasText: /\S/ }).waitFor();
  log('changed her own password from the account screen');
  await logout();

  // ---- supervisor: the audit log names the correction and both users ----
  await login(users.supervisor);
  await page.locator('nav a[href="#/audit"]').click();
  await page.locator('#audit tbody tr').first().waitFor();
  const entries = await page.locator('#audit tbody tr').evaluateAll((trs) => trs.map((tr) => ({
    action: tr.dataset.action, user: tr.dataset.user, text: tr.textContent,
    at: tr.cells[0].textContent.trim(),
  })));
  check(entries.some((e) => e.action === 'correct_field' && e.user === users.clerk[0] && e.text.includes(SMUDGE)),
    `the audit log has the clerk's correct_field naming ${SMUDGE}`);
  check(entries.some((e) => e.user === users.operator[0] && e.action === 'add_page'), 'the audit log has the operator adding pages');
  check(entries.some((e) => e.user === users.clerk[0] && e.action === 'set_state'), "the audit log has the clerk's approval");
  check(entries.some((e) => e.user === users.clerk[0] && e.action === 'update_user' && e.text.includes('password')),
    "the audit log has the clerk's password change");
  const stamps = entries.map((e) => { const m = /(\d\d)\/(\d\d)\/(\d{4}) (\d\d):(\d\d):(\d\d)/.exec(e.at); return m ? `${m[3]}${m[2]}${m[1]}${m[4]}${m[5]}${m[6]}` : ''; });
  check(stamps.every((s, i) => s && (i === 0 || s <= stamps[i - 1])), 'the audit log is newest first, times as dd/mm/yyyy');
  log(`audit log: ${entries.length} entries, correction and both users present`);
  await page.screenshot({ path: path.join(OUT, 'audit.png') });

  const record = await api(`/api/dossiers/${dossierId}`);
  check(record.status === 200, 'the supervisor reads the dossier');
  check(record.body.dossier.state === 'approved', `the dossier is approved (${record.body.dossier.state})`);
  const doc = record.body.record.documents.find((d) => d.type === truthDoc.type && getPath(d.fields, SMUDGE));
  check(valueOf(getPath(doc.fields, SMUDGE)) === truthValue, `the record holds the truth value of ${SMUDGE}`);
  check(pageErrors.length === 0, `no script error in the page (${pageErrors.join('; ')})`);
  log('the record holds the truth value; all steps passed');
} catch (e) {
  exitCode = 1;
  console.error(`e2e: ${e.message}`);
  try { await page.screenshot({ path: path.join(OUT, 'failure.png') }); console.error(`e2e: screenshot ${path.join(OUT, 'failure.png')}`); } catch { /* the browser may be gone */ }
} finally {
  await context.close();
}
process.exit(exitCode);
