// SPDX-License-Identifier: MIT
// Planner: stay in one country as many days as its stay rules allow between
// two dates; the server (POST /api/plan, the same planner as `relok plan`)
// says when to leave, where to spend the days away and when to come back.
// The person may count the trips of the stay calculator that came before the
// first day; they stay in this browser and go only in that request.

import { h, mount, today, isDate, dayOf, isoOf, timeEl, num } from './util.js';
import { t, tx, plural, getLang } from './i18n.js';
import { api } from './api.js';
import { label, errorBox, loading, field, select } from './components.js';
import { store } from './store.js';

/** The no-plan detail (which days no country can host) in the reader's
 * language, or '' when the server gave none. */
function planDetail(err) {
  const text = err.text && err.text[getLang()];
  const s = text || (getLang() === 'en' ? err.message || '' : '');
  return s ? `${s.charAt(0).toUpperCase()}${s.slice(1)}` : '';
}

const DOCS = ['passport', 'internal_id', 'birth_certificate'];
const PREFS = 'planner.prefs';

function days(n) {
  return `${num(n)} ${plural(n, { one: t('day.one'), few: t('day.few'), many: t('day.many'), other: t('day.other') })}`;
}

/** The calculator's trips that the planner may count: those over before
 * `from`, and a stay in the home country still in progress on it (the rule
 * of `relok plan --trips`). Returns [kept, left out]. */
export function earlierTrips(trips, home, from) {
  const kept = [];
  let skipped = 0;
  for (const tr of trips) {
    if (tr.exit ? tr.exit < from : (tr.country === home && tr.entry < from)) kept.push(tr);
    else skipped += 1;
  }
  return [kept, skipped];
}

export async function render(root) {
  const prefs = store.get(PREFS, {});
  let names = new Map();
  try {
    const list = await api.countries('passport', today());
    names = new Map(list.countries.map((c) => [c.code, c.name]));
  } catch (e) { /* names fall back to codes; the plan reports errors itself */ }
  const nameOf = (cc) => (names.has(cc) ? tx(names.get(cc)) : cc);
  const codes = [...names.keys()].filter((c) => c !== 'RU').sort((a, b) => nameOf(a).localeCompare(nameOf(b)));

  const start = today();
  const yearOn = isoOf(dayOf(start) + 364);
  const inSel = select([['', t('stay.pick_country')], ...codes.map((c) => [c, nameOf(c)])],
    codes.includes(prefs.in) ? prefs.in : '', { name: 'in', id: 'plan-in', required: true });
  const fromIn = h('input', { type: 'date', name: 'from', value: isDate(prefs.from) ? prefs.from : start, required: true });
  const untilIn = h('input', { type: 'date', name: 'until', value: isDate(prefs.until) ? prefs.until : yearOn, required: true });
  const docSel = select(DOCS.map((d) => [d, label('doc', d)]), DOCS.includes(prefs.doc) ? prefs.doc : 'passport', { name: 'doc', id: 'plan-doc' });
  const landCb = h('input', { type: 'checkbox', name: 'land_only', checked: !!prefs.land_only });
  const tripsCb = h('input', { type: 'checkbox', name: 'use_trips', checked: !!prefs.use_trips });
  const formMsg = h('p', { class: 'form-msg', role: 'alert' });
  const resultsBox = h('div', { class: 'plan-results', 'aria-live': 'polite' });

  function legRow(leg) {
    return h('tr', { class: leg.home ? 'home' : 'away', 'data-country': leg.country },
      h('td', { 'data-label': t('plan.from') }, timeEl(leg.entry)),
      h('td', { 'data-label': t('plan.until') }, timeEl(leg.exit)),
      h('th', { scope: 'row', 'data-label': t('stay.country') }, nameOf(leg.country),
        leg.home ? null : h('span', { class: 'badge kind' }, t('plan.away'))),
      h('td', { 'data-label': t('plan.days'), class: 'num' }, num(leg.days)));
  }

  function planView(p) {
    return [
      h('p', { class: 'lead', id: 'plan-summary' }, t('plan.summary', {
        country: nameOf(p.home), home: days(p.days_home), total: days(p.days_total), n: p.absences, crossings: p.crossings,
      })),
      p.uses_unknown_rule ? h('p', { class: 'alert warn' }, '⚠ ', t('plan.unknown_rule')) : null,
      h('table', { class: 'trips-table plan-table', id: 'plan-legs' },
        h('caption', { class: 'sr-only' }, t('plan.legs_caption')),
        h('thead', null, h('tr', null, [t('plan.from'), t('plan.until'), t('stay.country'), t('plan.days')].map((x) => h('th', { scope: 'col' }, x)))),
        h('tbody', null, p.legs.map(legRow))),
      h('p', { class: 'muted small' }, t('plan.note')),
    ];
  }

  let seq = 0;
  async function onSubmit(e) {
    e.preventDefault();
    formMsg.textContent = '';
    const req = { in: inSel.value, from: fromIn.value, until: untilIn.value, doc: docSel.value, land_only: landCb.checked };
    if (!req.in) { formMsg.textContent = t('stay.err.country'); return; }
    if (!isDate(req.from) || !isDate(req.until)) { formMsg.textContent = t('plan.err_dates'); return; }
    if (req.until < req.from) { formMsg.textContent = t('plan.err_order'); return; }
    store.set(PREFS, { ...req, use_trips: tripsCb.checked });
    let note = null;
    if (tripsCb.checked) {
      const [kept, skipped] = earlierTrips(store.get('stay.trips', []) || [], req.in, req.from);
      req.trips = kept.map((tr) => ({ country: tr.country, entry: tr.entry, exit: tr.exit, status: tr.status }));
      note = h('p', { class: 'muted small', id: 'plan-trips-note' }, t('plan.trips_counted', { n: kept.length }),
        skipped ? [' ', t('plan.trips_skipped', { n: skipped })] : null);
    }
    const my = ++seq;
    delete resultsBox.dataset.state;
    mount(resultsBox, loading());
    try {
      const p = await api.plan(req);
      if (my !== seq) return;
      mount(resultsBox, note, planView(p));
      resultsBox.dataset.state = 'plan';
    } catch (err) {
      if (my !== seq) return;
      mount(resultsBox, note, err.reason === 'no_plan'
        ? h('div', { class: 'alert warn', role: 'alert' }, h('p', null, '⚠ ', t('plan.no_plan')),
          // Which days no country can host: the server's detail in the
          // reader's language (text.en / text.ru, worded by the library).
          planDetail(err) ? h('p', { class: 'small', 'data-detail': '' }, planDetail(err)) : null)
        : errorBox(err));
      resultsBox.dataset.state = 'error';
    }
  }

  mount(root,
    h('h1', null, t('plan.title')),
    h('p', { class: 'lead' }, t('plan.lead')),
    h('section', { 'aria-labelledby': 'plan-form-h', class: 'card-section' },
      h('h2', { id: 'plan-form-h' }, t('plan.form_h')),
      h('form', { class: 'trip-form plan-form', id: 'plan-form', novalidate: true, onsubmit: onSubmit },
        field(t('plan.in'), inSel, t('plan.in_hint')),
        field(t('plan.from'), fromIn),
        field(t('plan.until'), untilIn),
        field(t('stay.doc'), docSel, t('stay.doc_hint')),
        field(t('plan.land_only'), landCb, t('plan.land_only_hint')),
        field(t('plan.use_trips'), tripsCb, t('plan.use_trips_hint')),
        h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'primary', id: 'plan-submit' }, t('plan.submit'))),
        formMsg)),
    h('section', { class: 'card-section', 'aria-labelledby': 'plan-results-h' },
      h('h2', { id: 'plan-results-h' }, t('plan.results_h')), resultsBox));
  mount(resultsBox, h('p', { class: 'muted' }, t('plan.empty')));
}
