// SPDX-License-Identifier: MIT
// The interface language: Russian or English. The default comes from the
// browser's language (navigator.languages); a choice made with the switch is
// kept in localStorage. t() looks up interface strings (strings.js) and the
// labels of enum values ('access.visa_free'), which are not copied here:
// they come from the library's one label table through GET /api/labels
// (include/relok/labels.h), so the CLI and the web word them alike. tx()
// picks one language from a bilingual {en, ru} text of the knowledge base.

import { STRINGS } from './strings.js';
import { setNumberLang } from './util.js';
import { store } from './store.js';

export const LANGS = ['en', 'ru'];
let lang = 'en';

// 'group.name' -> {en, ru}, loaded once before any page renders (a module
// with top-level await holds back the modules that import it). Without the
// server (offline and not cached) the labels fall back to machine names.
const LABELS = new Map();
export async function loadLabels() {
  try {
    const res = await fetch('/api/labels');
    if (!res.ok) return;
    const body = await res.json();
    for (const [group, names] of Object.entries(body)) {
      for (const [name, text] of Object.entries(names)) LABELS.set(`${group}.${name}`, text);
    }
  } catch (e) {
    // Offline with nothing cached: label() shows the machine names.
  }
}
await loadLabels();

function browserLang() {
  const list = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'en'];
  for (const l of list) {
    const base = String(l).toLowerCase().split('-')[0];
    if (base === 'ru') return 'ru';
    if (base === 'en') return 'en';
    // Russian is the common language of most people relok serves: prefer it
    // for the languages of the countries they come from and go to.
    if (['uk', 'be', 'kk', 'ky', 'uz', 'tg', 'hy', 'ka', 'az'].includes(base)) return 'ru';
  }
  return 'en';
}

export function initLang() {
  const saved = store.get('lang');
  lang = LANGS.includes(saved) ? saved : browserLang();
  apply();
}

export function getLang() { return lang; }

export function setLang(l) {
  if (!LANGS.includes(l)) return;
  lang = l;
  store.set('lang', l);
  apply();
}

function apply() {
  document.documentElement.lang = lang;
  setNumberLang(lang);
}

/** Interface string by key, with {name} placeholders filled from vars. */
export function t(key, vars) {
  const e = STRINGS[key] || LABELS.get(key);
  let v = e ? (e[lang] ?? e.en) : key;
  if (typeof v === 'function') return v(vars || {});
  if (vars) v = v.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  return v;
}

/** One language of a bilingual KB text ({en, ru}); '' for null. */
export function tx(text) {
  if (text === null || text === undefined) return '';
  if (typeof text === 'string') return text;
  return text[lang] || text.en || text.ru || '';
}

/** Russian plural form: one (1, 21), few (2-4, 22-24), many (5-20, 25...). */
export function plural(n, forms) {
  if (lang !== 'ru') return n === 1 ? forms.one : forms.other;
  const m10 = n % 10, m100 = n % 100;
  if (m10 === 1 && m100 !== 11) return forms.one;
  if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) return forms.few;
  return forms.many;
}
