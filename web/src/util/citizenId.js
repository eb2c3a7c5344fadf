// GB 11643-1999 citizen ID numbers, checked in the browser with the same
// rules and the same (English) reasons as the API (src/identity/citizen_id.cc),
// so a field shows the API's message before the form is even sent. The API
// stays the judge: whatever it answers is what the field shows.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECKS = '10X98765432';

export function checkChar(first17) {
  if (!/^\d{17}$/.test(first17)) return '';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECKS[sum % 11];
}

function isProvince(p) {
  return (p >= 11 && p <= 15) || (p >= 21 && p <= 23) || (p >= 31 && p <= 37) || (p >= 41 && p <= 46) ||
    (p >= 50 && p <= 54) || (p >= 61 && p <= 65) || p === 71 || p === 81 || p === 82 || p === 83;
}

function describeChar(c) {
  const code = c.charCodeAt(0);
  if (code >= 0x21 && code <= 0x7e) return `'${c}'`;
  return '0x' + (code & 0xff).toString(16).toUpperCase().padStart(2, '0');
}

function daysInMonth(y, m) {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function iso(y, m, d) {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

// {ok: true, number, birthDate: 'YYYY-MM-DD', sex: '1'|'2'} or {ok: false, reason}.
export function parseCitizenId(input, today = new Date()) {
  const s = String(input ?? '').trim();
  if (!s) return { ok: false, reason: 'is empty' };
  if (s.length !== 18 && s.length !== 15) {
    return { ok: false, reason: `must be 18 characters (or a legacy 15-digit number), got ${s.length}` };
  }
  const legacy = s.length === 15;
  const digits = legacy ? 15 : 17;
  for (let i = 0; i < digits; i++) {
    if (!/[0-9]/.test(s[i])) return { ok: false, reason: `character ${i + 1} (${describeChar(s[i])}) is not a digit` };
  }
  let first17;
  if (legacy) {
    first17 = s.slice(0, 6) + '19' + s.slice(6, 15);
  } else {
    first17 = s.slice(0, 17);
    let last = s[17];
    if (last === 'x') last = 'X';
    if (!/[0-9X]/.test(last)) return { ok: false, reason: `character 18 (${describeChar(s[17])}) must be a digit or X` };
    const expected = checkChar(first17);
    if (last !== expected) return { ok: false, reason: `bad check character '${last}', expected '${expected}'` };
  }
  const ymd = first17.slice(6, 14);
  const y = Number(ymd.slice(0, 4));
  const m = Number(ymd.slice(4, 6));
  const d = Number(ymd.slice(6, 8));
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return { ok: false, reason: `impossible birth date ${ymd}` };
  if (y < 1880) return { ok: false, reason: `birth date ${ymd} is before 1880-01-01` };
  const birthDate = iso(y, m, d);
  const todayIso = iso(today.getFullYear(), today.getMonth() + 1, today.getDate());
  if (birthDate > todayIso) return { ok: false, reason: `birth date ${birthDate} is in the future (today is ${todayIso})` };
  const address = first17.slice(0, 6);
  if (!isProvince(Number(address.slice(0, 2)))) {
    return { ok: false, reason: `address code ${address} does not start with a province code` };
  }
  const sequence = Number(first17.slice(14, 17));
  return { ok: true, number: first17 + checkChar(first17), birthDate, sex: sequence % 2 === 1 ? '1' : '2' };
}

// What a search box's text most likely is.
export function guessSearchKind(text) {
  const s = String(text || '').replace(/\s+/g, '');
  if (/^\d{17}[\dXx]$/.test(s) || /^\d{15}$/.test(s)) return 'id_number';
  if (/^\d{17}$/.test(s)) return 'record_no';
  if (/^\+?[\d-]{7,20}$/.test(s)) return 'phone';
  if (/\d/.test(s) && /^[A-Za-z0-9()-]+$/.test(s)) return 'id_number';
  return 'name';
}
