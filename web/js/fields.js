// The record's fields (docs/dossier-contract.md): labels, value kinds, and how a value is shown and typed.
import { lang, t, pick } from './i18n.js';
import { isoToDmy, dmyToIso, fmtNumber, parseNumber } from './format.js';

// Label of each field path, indices written as [] (owners[].name).
const LABELS = {
  // land certificate
  'serial': { vi: 'Số phát hành (seri)', en: 'Serial number' },
  'registry_number': { vi: 'Số vào sổ cấp GCN', en: 'Registry number' },
  'issue_date': { vi: 'Ngày cấp', en: 'Date of issue' },
  'owners[].title': { vi: 'Danh xưng', en: 'Title' },
  'owners[].name': { vi: 'Họ và tên', en: 'Full name' },
  'owners[].birth_year': { vi: 'Năm sinh', en: 'Year of birth' },
  'owners[].id_type': { vi: 'Loại giấy tờ', en: 'ID type' },
  'owners[].id_number': { vi: 'Số giấy tờ', en: 'ID number' },
  'owners[].address': { vi: 'Địa chỉ thường trú', en: 'Permanent address' },
  'parcel.number': { vi: 'Thửa đất số', en: 'Parcel number' },
  'parcel.map_sheet': { vi: 'Tờ bản đồ số', en: 'Map sheet' },
  'parcel.address': { vi: 'Địa chỉ thửa đất', en: 'Parcel address' },
  'parcel.area_m2': { vi: 'Diện tích (m²)', en: 'Area (m²)' },
  'parcel.use_form': { vi: 'Hình thức sử dụng', en: 'Form of use' },
  'parcel.purposes[].name': { vi: 'Mục đích sử dụng', en: 'Land-use purpose' },
  'parcel.purposes[].code': { vi: 'Mã loại đất', en: 'Land-use code' },
  'parcel.purposes[].area_m2': { vi: 'Diện tích (m²)', en: 'Area (m²)' },
  'parcel.purposes[].term': { vi: 'Thời hạn', en: 'Term' },
  'parcel.term': { vi: 'Thời hạn sử dụng', en: 'Term of use' },
  'parcel.origin': { vi: 'Nguồn gốc sử dụng', en: 'Origin of use' },
  // ID card
  'id_number': { vi: 'Số định danh', en: 'ID number' },
  'old_id_number': { vi: 'Số CMND cũ', en: 'Old ID number' },
  'full_name': { vi: 'Họ, chữ đệm và tên', en: 'Full name' },
  'date_of_birth': { vi: 'Ngày sinh', en: 'Date of birth' },
  'sex': { vi: 'Giới tính', en: 'Sex' },
  'nationality': { vi: 'Quốc tịch', en: 'Nationality' },
  'place_of_origin': { vi: 'Quê quán', en: 'Place of origin' },
  'place_of_birth': { vi: 'Nơi đăng ký khai sinh', en: 'Place of birth registration' },
  'place_of_residence': { vi: 'Nơi thường trú / cư trú', en: 'Place of residence' },
  'date_of_issue': { vi: 'Ngày cấp', en: 'Date of issue' },
  'date_of_expiry': { vi: 'Có giá trị đến', en: 'Date of expiry' },
  'mrz': { vi: 'Vùng MRZ', en: 'MRZ' },
};

const DATES = new Set(['issue_date', 'date_of_birth', 'date_of_issue', 'date_of_expiry']);
const INTS = new Set(['owners[].birth_year']);
const NUMBERS = new Set(['parcel.area_m2', 'parcel.purposes[].area_m2']);

export const genericPath = (path) => path.replace(/\[\d+\]/g, '[]');

export function kindOf(path) {
  const g = genericPath(path);
  if (DATES.has(g)) return 'date';
  if (INTS.has(g)) return 'int';
  if (NUMBERS.has(g)) return 'number';
  if (g === 'mrz') return 'mrz';
  return 'text';
}

// The field's label; a group prefix ("Chủ sử dụng 2") comes separately.
export function fieldLabel(path) {
  const g = genericPath(path);
  return pick(LABELS[g]) || path;
}

export function groupLabel(path) {
  let m = /^owners\[(\d+)\]/.exec(path);
  if (m) return t('verify.owner', { n: Number(m[1]) + 1 });
  m = /^parcel\.purposes\[(\d+)\]/.exec(path);
  if (m) return t('verify.purpose', { n: Number(m[1]) + 1 });
  return '';
}

// Every leaf of a document's fields, in record order: [{path, field}].
export function flattenFields(fields, prefix = '') {
  const out = [];
  const isLeaf = (v) => v && typeof v === 'object' && !Array.isArray(v) && 'value' in v;
  const walk = (node, path) => {
    if (isLeaf(node)) { out.push({ path, field: node }); return; }
    if (Array.isArray(node)) node.forEach((v, i) => walk(v, `${path}[${i}]`));
    else if (node && typeof node === 'object')
      for (const [k, v] of Object.entries(node)) walk(v, path ? `${path}.${k}` : k);
  };
  walk(fields, prefix);
  return out;
}

export function displayValue(value, kind) {
  if (value === null || value === undefined) return '';
  if (kind === 'date') return isoToDmy(value);
  if (kind === 'number') return fmtNumber(value);
  return String(value);
}

// What the person typed → the JSON value to send, or {error} naming what is wrong.
export function parseValue(text, kind) {
  const s = kind === 'mrz' ? text.replace(/\r/g, '').trim() : text.trim().replace(/\s+/g, ' ');
  if (s === '') return { value: null };
  if (kind === 'date') {
    const iso = dmyToIso(s);
    return iso ? { value: iso } : { error: t('verify.bad.date') };
  }
  if (kind === 'int') return /^\d+$/.test(s) ? { value: Number(s) } : { error: t('verify.bad.int') };
  if (kind === 'number') {
    const n = parseNumber(s);
    return n === undefined ? { error: t('verify.bad.number') } : { value: n };
  }
  return { value: s.normalize('NFC') };
}

export function documentTitle(doc) {
  const k = `doc.${doc.type}.${doc.form}`;
  const s = t(k);
  return s === k ? t(`doc.${doc.type}`) : s;
}

// Which fields a failed check points at. The record's checks carry rule and message only, so the
// rule names them (as extract/assemble_*.cpp does); "owner N" in the message narrows to that owner.
const CHECK_PATHS = {
  'cross.card_owner': ['id_number', 'full_name'],
  'mrz.check_digits': ['mrz'],
  'mrz.read': ['mrz'],
  'mrz.composed': ['mrz'],
  'cccd.structure': ['id_number', 'date_of_birth', 'sex', 'mrz'],
  'card.dates': ['date_of_birth', 'date_of_issue'],
  'card.expiry': ['date_of_issue', 'date_of_expiry'],
  'certificate.area_words': ['parcel.area_m2'],
  'certificate.purpose_areas': ['parcel.area_m2', 'parcel.purposes[].area_m2'],
  'certificate.land_use': ['parcel.purposes[].name', 'parcel.purposes[].code'],
  'certificate.issue_date': ['issue_date'],
  'certificate.term_by_law': ['parcel.term', 'parcel.purposes[].term'],
  'certificate.owner_from_card': ['owners[].name', 'owners[].id_number'],
  'cross.owner_card': ['owners[].name', 'owners[].id_number'],
  'cross.owner_document': ['owners[].id_type', 'owners[].id_number'],
};

export function checkMatches(check, path) {
  // the record names the fields a check involves; older records and a few rules do not
  if (Array.isArray(check.fields) && check.fields.length) return check.fields.includes(path);
  const g = genericPath(path);
  const owner = /owner (\d+)/.exec(check.message || '');
  if (owner && g.startsWith('owners[]') && !path.startsWith(`owners[${Number(owner[1]) - 1}]`)) return false;
  return (CHECK_PATHS[check.rule] || []).includes(g);
}

// Vietnamese wording of failed checks (the record's message is English).
const CHECK_VI = {
  'cross.card_owner': 'Người trên thẻ không phải là chủ sử dụng trên giấy chứng nhận',
  'mrz.check_digits': 'Số kiểm tra của vùng MRZ không khớp: vùng MRZ đọc sai hoặc bị hỏng',
  'mrz.read': 'Không đọc được vùng MRZ ở mặt sau',
  'mrz.composed': 'Vùng MRZ đọc được khác vài ký tự so với dữ liệu của thẻ: hiển thị theo dữ liệu thẻ, cần kiểm tra',
  'mrz.fields': 'Vùng MRZ khớp số kiểm tra nhưng khác các thông tin khác của thẻ: một trong hai bị đọc sai',
  'mrz.alone': 'Thông tin chỉ đọc được từ vùng MRZ, trong khi vùng MRZ cần kiểm tra',
  'card.sides': 'Hồ sơ chỉ có một mặt của thẻ này',
  'cccd.structure': 'Mã tỉnh, thế kỷ/giới tính và năm sinh trong số định danh không khớp',
  'card.dates': 'Ngày sinh và ngày cấp không hợp lý',
  'card.expiry': 'Thẻ hết hạn trước ngày cấp',
  'card.present': 'Thẻ căn cước của chủ sử dụng này không có trong hồ sơ',
  'card.pairing': 'Hai mặt thẻ được ghép vì chỉ còn lại hai mặt; không có gì xác nhận',
  'card.layout': 'Không đọc được chữ in trên một mặt thẻ: loại thẻ được nhận theo vị trí các thông tin, giá trị chỉ đọc được từ mặt này cần kiểm tra',
  'certificate.owner_from_card': 'Chủ sử dụng {n} không đọc được trên giấy chứng nhận; lấy từ thẻ căn cước',
  'certificate.owners': 'Danh sách chủ sử dụng đọc chưa rõ: có thể sót hoặc dính hai người',
  'certificate.purposes': 'Mục đích sử dụng đọc chưa rõ: có thể sót hoặc dính hai mục',
  'certificate.pages': 'Thiếu một trang của giấy chứng nhận',
  'certificate.area_words': 'Diện tích bằng số không khớp diện tích bằng chữ',
  'certificate.purpose_areas': 'Tổng diện tích các mục đích không bằng diện tích thửa',
  'certificate.land_use': 'Mã loại đất không khớp với tên mục đích',
  'certificate.issue_date': 'Ngày cấp không hợp lý',
  'certificate.term_by_law': 'Ngày hết hạn sử dụng chỉ đọc được một phần: hiển thị ngày cấp cộng 50 năm (thời hạn của đất nông nghiệp), cần kiểm tra',
  'cross.owner_card': 'Chủ sử dụng {n} khác với thẻ căn cước, hoặc thẻ chưa xác nhận đủ',
  'cross.owner_document': 'Không đọc được số giấy tờ của chủ sử dụng {n} trên giấy chứng nhận, và thẻ có (hoặc có thể có) số CMND cũ: cần xem giấy chứng nhận ghi số nào',
  'dossier.complete': 'Hồ sơ chưa đủ giấy tờ',
};

export function checkMessage(check) {
  if (lang() === 'en' || !CHECK_VI[check.rule]) return check.message || check.rule;
  const n = /owner (\d+)/.exec(check.message || '');
  if (check.rule === 'cross.owner_card' && /no ID card/.test(check.message || ''))
    return `Chủ sử dụng ${n ? n[1] : ''} không có thẻ căn cước trong hồ sơ`;
  return CHECK_VI[check.rule].replace('{n}', n ? n[1] : '');
}
