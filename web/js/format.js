// Dates and numbers as people in Vietnam write them: dd/mm/yyyy, 1.234,5.
import { t } from './i18n.js';

const pad = (n) => String(n).padStart(2, '0');

// '2018-11-13' → '13/11/2018'; anything else is shown as it is.
export function isoToDmy(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  return m ? `${m[3]}/${m[2]}/${m[1]}` : (iso ?? '');
}

// '13/11/2018' (also 13-11-2018, 13.11.2018, 1/2/2018) → '2018-11-13'; null when not a real date.
export function dmyToIso(text) {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(text);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  return `${y}-${pad(mo)}-${pad(d)}`;
}

// unix seconds → 'dd/mm/yyyy HH:MM'
export function fmtTime(at, seconds = false) {
  if (at === undefined || at === null) return '';
  const d = new Date(Number(at) * 1000);
  const s = `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return seconds ? `${s}:${pad(d.getSeconds())}` : s;
}

export function fmtAge(at) {
  const s = Math.max(0, Date.now() / 1000 - Number(at));
  if (s < 60) return t('age.now');
  if (s < 3600) return t('age.min', { n: Math.floor(s / 60) });
  if (s < 86400) return t('age.hour', { n: Math.floor(s / 3600) });
  return t('age.day', { n: Math.floor(s / 86400) });
}

// 1234.5 → '1.234,5'
export function fmtNumber(n) {
  if (typeof n !== 'number') return n ?? '';
  const [int, frac] = String(n).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return frac ? `${grouped},${frac}` : grouped;
}

// '1.234,5' → 1234.5; '1234.5' → 1234.5; '1.234' → 1234 (a dot before three digits groups thousands)
export function parseNumber(text) {
  let s = text.trim().replace(/\s/g, '');
  if (s === '') return null;
  if (s.includes(',')) s = s.replace(/\./g, '').replace(',', '.');
  else if (/^\d{1,3}(\.\d{3})+$/.test(s)) s = s.replace(/\./g, '');
  if (!/^-?\d+(\.\d+)?$/.test(s)) return undefined;
  return Number(s);
}
