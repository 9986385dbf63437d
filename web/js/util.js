// SPDX-License-Identifier: MIT
// Small helpers shared by every page: building DOM and SVG nodes without
// innerHTML (every text from the API or the user goes in as a text node),
// calendar dates as whole days (UTC, no time zone drift), number formats.

const SVG_NS = 'http://www.w3.org/2000/svg';

function put(el, attrs, kids) {
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (k === 'class') el.setAttribute('class', Array.isArray(v) ? v.filter(Boolean).join(' ') : v);
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k === 'value' && 'value' in el) el.value = v;
      else if (k === 'checked' || k === 'selected' || k === 'disabled') el[k] = !!v;
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, kids);
  return el;
}

function append(el, kids) {
  for (const k of kids) {
    if (k === null || k === undefined || k === false) continue;
    if (Array.isArray(k)) append(el, k);
    else if (k instanceof Node) el.appendChild(k);
    else el.appendChild(document.createTextNode(String(k)));
  }
}

/** An HTML element: h('p', {class: 'x'}, 'text', child, [more]). */
export function h(tag, attrs, ...kids) {
  return put(document.createElement(tag), attrs, kids);
}

/** An SVG element, as h(). */
export function s(tag, attrs, ...kids) {
  return put(document.createElementNS(SVG_NS, tag), attrs, kids);
}

/** Replace the children of el. */
export function mount(el, ...kids) {
  el.replaceChildren();
  append(el, kids);
  return el;
}

// ------------------------------------------------------------------ dates

const DAY_MS = 86400000;
const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number (days since 1970-01-01) of an ISO date, or NaN if it does not exist. */
export function dayOf(iso) {
  const m = ISO_RE.exec(iso || '');
  if (!m) return NaN;
  const y = +m[1], mo = +m[2], d = +m[3];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return NaN;
  return Math.round(t / DAY_MS);
}

/** ISO date of a day number. */
export function isoOf(day) {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** True for an ISO date that exists (2023-02-29 does not). */
export function isDate(iso) {
  return !Number.isNaN(dayOf(iso));
}

/** Today's date in the browser's own time zone, as ISO. */
export function today() {
  const n = new Date();
  const p = (x) => String(x).padStart(2, '0');
  return `${n.getFullYear()}-${p(n.getMonth() + 1)}-${p(n.getDate())}`;
}

/** A KB observation date (YYYY, YYYY-MM or YYYY-MM-DD) as a fractional day number (middle of the period). */
export function obsDay(d) {
  if (/^\d{4}$/.test(d)) return (dayOf(`${d}-01-01`) + dayOf(`${d}-12-31`)) / 2;
  if (/^\d{4}-\d{2}$/.test(d)) {
    const a = dayOf(`${d}-01`);
    const [y, m] = d.split('-').map(Number);
    const b = Math.round(Date.UTC(y, m, 0) / DAY_MS);
    return (a + b) / 2;
  }
  return dayOf(d);
}

// ---------------------------------------------------------------- formats

let numberLang = 'en';
export function setNumberLang(lang) { numberLang = lang; }

/** A whole or decimal number with the language's grouping (62 000 / 62,000). */
export function num(x, digits = 0) {
  if (x === null || x === undefined || Number.isNaN(x)) return '–';
  return new Intl.NumberFormat(numberLang === 'ru' ? 'ru-RU' : 'en-GB', {
    maximumFractionDigits: digits, minimumFractionDigits: 0,
  }).format(x);
}

/** A short axis label: 1.2M, 350K (en) or 1,2 млн, 350 тыс. (ru). */
export function compact(x) {
  return new Intl.NumberFormat(numberLang === 'ru' ? 'ru-RU' : 'en-GB', {
    notation: 'compact', maximumFractionDigits: 1,
  }).format(x);
}

/** A date for people: "27 Jan 2023" / "27 янв. 2023 г."; the ISO form stays in <time datetime>. */
export function longDate(iso) {
  const d = dayOf(iso);
  if (Number.isNaN(d)) return iso || '';
  return new Intl.DateTimeFormat(numberLang === 'ru' ? 'ru-RU' : 'en-GB', {
    day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC',
  }).format(new Date(d * DAY_MS));
}

/** A KB observation date for people, as precise as it is: "2023",
 * "October 2023" / "октябрь 2023 г.", "27 Jan 2023". */
export function obsDate(d) {
  if (/^\d{4}-\d{2}$/.test(d || '')) {
    return new Intl.DateTimeFormat(numberLang === 'ru' ? 'ru-RU' : 'en-GB', {
      month: 'long', year: 'numeric', timeZone: 'UTC',
    }).format(new Date(dayOf(`${d}-01`) * DAY_MS));
  }
  return /^\d{4}$/.test(d || '') ? d : longDate(d);
}

/** <time datetime="2023-01-27">27 Jan 2023</time> */
export function timeEl(iso, attrs = {}) {
  if (!iso) return null;
  if (!isDate(iso)) return h('span', attrs, iso);
  return h('time', { datetime: iso, ...attrs }, longDate(iso));
}

/** Debounce a function. */
export function debounce(fn, ms) {
  let t = 0;
  return (...a) => { clearTimeout(t); t = setTimeout(() => fn(...a), ms); };
}

/** Unique id for label/for pairs. */
let uid = 0;
export function newId(prefix = 'f') { uid += 1; return `${prefix}-${uid}`; }
