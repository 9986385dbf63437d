// SPDX-License-Identifier: MIT
// Compare countries: which countries admit a holder of a document on a date,
// for how long, under which kind of rule, and whether that is verified.
// GET /api/countries?doc=&as_of=. Sortable by every column; on a phone the
// table turns into one card per country (app.css).

import { h, mount, today, isDate, debounce } from './util.js';
import { t, tx } from './i18n.js';
import { api } from './api.js';
import { label, errorBox, loading, field, select } from './components.js';
import { setQuery } from './router.js';
import { store } from './store.js';

const DOCS = ['passport', 'internal_id', 'birth_certificate'];
const ACCESS_RANK = { visa_free: 0, visa_on_arrival: 1, e_visa: 2, visa: 3, not_accepted: 4 };

/** Most days one stay may last under a rule (the smallest part of all_of). */
export function ruleMaxDays(rule) {
  if (!rule) return -1;
  if (rule.kind === 'none') return 0;
  if (rule.kind === 'all_of') return Math.min(...rule.rules.map(ruleMaxDays).filter((x) => x >= 0));
  return rule.max_days ?? -1;
}

function isVerified(c) {
  return (!c.entry || c.entry.verified) && (!c.stay || c.stay.verified);
}

const COLUMNS = [
  { id: 'country', key: (c) => tx(c.name), cmp: (a, b) => a.localeCompare(b) },
  { id: 'entry', key: (c) => (c.entry ? ACCESS_RANK[c.entry.access] ?? 5 : 6), cmp: (a, b) => a - b },
  { id: 'stay', key: (c) => ruleMaxDays(c.stay && c.stay.rule), cmp: (a, b) => b - a },
  { id: 'kind', key: (c) => (c.stay ? label('kind', c.stay.rule.kind) : '~'), cmp: (a, b) => a.localeCompare(b) },
  { id: 'verified', key: (c) => (isVerified(c) ? 0 : 1), cmp: (a, b) => a - b },
];

function entryCell(c) {
  if (!c.entry) return h('span', { class: 'muted' }, t('compare.no_entry_rule'));
  const e = c.entry;
  return [
    h('span', { class: `access access-${e.access}` }, label('access', e.access)),
    e.via_zone ? h('span', { class: 'muted' }, ` (${t('compare.via_zone', { zone: label('zone', e.via_zone) })})`) : null,
  ];
}

function stayCell(c) {
  if (!c.stay) return h('span', { class: 'muted' }, t('compare.no_stay_rule'));
  return [tx(c.stay.rule_text),
    c.stay.registration_days ? h('span', { class: 'muted small' }, ` · ${t('compare.register_within', { n: c.stay.registration_days })}`) : null];
}

function verifiedCell(c) {
  if (isVerified(c)) return h('span', { class: 'badge ok' }, '✓ ', t('fact.verified'));
  const f = c.entry && !c.entry.verified ? c.entry : c.stay;
  return h('span', { class: 'badge warn unverified', title: f && f.to_check ? tx(f.to_check) : null }, '⚠ ', t('fact.unverified'));
}

export async function render(root, params, query) {
  const state = {
    doc: DOCS.includes(query.get('doc')) ? query.get('doc') : store.get('compare.doc', 'passport'),
    asOf: isDate(query.get('as_of')) ? query.get('as_of') : today(),
    q: '',
    openOnly: store.get('compare.openOnly', false),
    sort: store.get('compare.sort', { col: 'country', dir: 1 }),
    data: null,
  };
  if (!DOCS.includes(state.doc)) state.doc = 'passport';

  const docSel = select(DOCS.map((d) => [d, label('doc', d)]), state.doc, { name: 'doc' });
  const dateIn = h('input', { type: 'date', value: state.asOf, name: 'as_of', required: true });
  const searchIn = h('input', { type: 'search', name: 'q', autocomplete: 'off', placeholder: t('compare.search_ph') });
  const openCb = h('input', { type: 'checkbox', name: 'open', checked: state.openOnly });
  const status = h('p', { class: 'muted', role: 'status', 'aria-live': 'polite' });
  const results = h('div', { class: 'results' });

  function rows() {
    if (!state.data) return [];
    const q = state.q.trim().toLowerCase();
    let list = state.data.countries.filter((c) => {
      if (q && !(`${c.name.en} ${c.name.ru} ${c.code}`.toLowerCase().includes(q))) return false;
      if (state.openOnly && !(c.entry && ['visa_free', 'visa_on_arrival', 'e_visa'].includes(c.entry.access))) return false;
      return true;
    });
    const col = COLUMNS.find((x) => x.id === state.sort.col) || COLUMNS[0];
    const name = COLUMNS[0];
    list = list.slice().sort((a, b) => {
      const r = col.cmp(col.key(a), col.key(b)) * state.sort.dir;
      return r || name.cmp(name.key(a), name.key(b));
    });
    return list;
  }

  function table() {
    const list = rows();
    status.textContent = state.data ? t('compare.count', { n: list.length, total: state.data.countries.length }) : '';
    const head = h('tr', null, COLUMNS.map((col) => {
      const active = state.sort.col === col.id;
      return h('th', { scope: 'col', 'aria-sort': active ? (state.sort.dir > 0 ? 'ascending' : 'descending') : 'none' },
        h('button', {
          type: 'button', class: 'sort', 'data-col': col.id,
          onclick: () => {
            state.sort = { col: col.id, dir: active ? -state.sort.dir : 1 };
            store.set('compare.sort', state.sort);
            mount(results, table());
            const b = results.querySelector(`button[data-col="${col.id}"]`);
            if (b) b.focus();
          },
        }, t(`compare.col.${col.id}`), h('span', { class: 'sort-ind', 'aria-hidden': 'true' }, active ? (state.sort.dir > 0 ? ' ▲' : ' ▼') : ' ↕')));
    }));
    const body = list.map((c) => h('tr', { 'data-code': c.code },
      h('th', { scope: 'row', 'data-label': t('compare.col.country') },
        h('a', { href: `#/country/${c.code}?as_of=${state.asOf}` }, tx(c.name)),
        c.origin ? h('span', { class: 'badge muted-badge' }, t('compare.origin')) : null,
        c.zone ? h('span', { class: 'muted small' }, ` · ${label('zone', c.zone)}`) : null),
      h('td', { 'data-label': t('compare.col.entry') }, entryCell(c)),
      h('td', { 'data-label': t('compare.col.stay') }, stayCell(c)),
      h('td', { 'data-label': t('compare.col.kind') }, c.stay ? label('kind', c.stay.rule.kind) : '–'),
      h('td', { 'data-label': t('compare.col.verified') }, verifiedCell(c))));
    if (!list.length) return h('p', null, t('compare.none'));
    return h('table', { class: 'compare-table', id: 'compare-table' },
      h('caption', { class: 'sr-only' }, t('compare.caption', { doc: label('doc', state.doc), date: state.asOf })),
      h('thead', null, head), h('tbody', null, body));
  }

  async function load() {
    setQuery({ doc: state.doc, as_of: state.asOf });
    mount(results, loading());
    try {
      state.data = await api.countries(state.doc, state.asOf);
      mount(results, table());
    } catch (e) {
      state.data = null;
      status.textContent = '';
      mount(results, errorBox(e, load));
    }
  }

  docSel.addEventListener('change', () => { state.doc = docSel.value; store.set('compare.doc', state.doc); load(); });
  dateIn.addEventListener('change', () => { if (isDate(dateIn.value)) { state.asOf = dateIn.value; load(); } });
  searchIn.addEventListener('input', debounce(() => { state.q = searchIn.value; mount(results, table()); }, 120));
  openCb.addEventListener('change', () => { state.openOnly = openCb.checked; store.set('compare.openOnly', state.openOnly); mount(results, table()); });

  mount(root,
    h('h1', null, t('compare.title')),
    h('p', { class: 'lead' }, t('compare.lead')),
    h('form', { class: 'filters', role: 'search', onsubmit: (e) => e.preventDefault() },
      field(t('compare.doc'), docSel),
      field(t('compare.date'), dateIn),
      field(t('compare.search'), searchIn),
      field(t('compare.open_only'), openCb)),
    status,
    results);
  await load();
}
