// SPDX-License-Identifier: MIT
// Tax-residency day counter (issue 11): from the stay calculator's trip log,
// the days in Russia and in each host under each rule relok records, the
// dates on which the answer changes and the rule cited for each, with the
// notice that this is a counter, not tax advice. The server (POST /api/tax,
// the same counter as `relok stay --tax --json`) does the counting; the trips
// go only in that request.

import { h, mount, today, isDate, timeEl, longDate, num } from './util.js';
import { t, tx, plural } from './i18n.js';
import { api } from './api.js';
import { errorBox, loading, field } from './components.js';
import { store } from './store.js';

function days(n) {
  return `${num(n)} ${plural(n, { one: t('day.one'), few: t('day.few'), many: t('day.many'), other: t('day.other') })}`;
}

/** The rule in words: "183 days in any 12 months in a row". */
function ruleWords(rule) {
  return t(rule.period === 'calendar_year' ? 'tax.rule_year' : 'tax.rule_12m', { n: days(rule.min_days) });
}

/** Where the status on the day stands, as a short badge. */
function statusBadge(row) {
  if (!row.rule) return h('span', { class: 'badge muted-badge', 'data-status': 'no_rule' }, t('tax.no_rule'));
  return row.resident
    ? h('span', { class: 'badge kind', 'data-status': 'resident' }, t('tax.resident'))
    : h('span', { class: 'badge muted-badge', 'data-status': 'not_resident' }, t('tax.not_resident'));
}

function changeItem(c) {
  return h('li', { 'data-date': c.date },
    timeEl(c.date), ' — ', t(c.resident ? 'tax.becomes' : 'tax.stops', { n: days(c.days) }));
}

/** One country's card: days, the rule with its law and source, the changes. */
function countryCard(row, nameOf) {
  const rule = row.rule;
  return h('article', { class: 'card tax-card', 'data-country': row.country },
    h('h3', null, nameOf(row.country), ' ', statusBadge(row)),
    h('dl', { class: 'inline-dl tax-days' },
      h('dt', null, t('tax.days_12m')), h('dd', { 'data-days': '12m' }, days(row.days_12m)),
      h('dt', null, t('tax.days_year')), h('dd', { 'data-days': 'year' }, days(row.days_year))),
    rule ? [
      h('p', { class: 'tax-rule' }, h('strong', null, ruleWords(rule)), ' — ', tx(rule.law), '. ', tx(rule.note), ' ',
        h('a', { class: 'src', href: rule.source, rel: 'noopener noreferrer external', target: '_blank' }, t('tax.source')),
        ' ', h('span', { class: 'muted small' }, t('tax.read', { date: rule.read }))),
      row.met_in_year ? h('p', { class: 'small', 'data-met': row.met_in_year }, t('tax.met_in_year'), ' ', timeEl(row.met_in_year)) : null,
      row.changes.length
        ? h('div', null, h('h4', null, t('tax.changes')),
          h('ul', { class: 'tax-changes' }, row.changes.map(changeItem)),
          row.changes_truncated ? h('p', { class: 'muted small' }, t('tax.truncated')) : null)
        : h('p', { class: 'muted small' }, t('tax.no_changes')),
    ] : h('p', { class: 'muted small' }, t('tax.no_rule_note')));
}

export async function render(root) {
  const prefs = store.get('stay.prefs', {});
  const trips = (store.get('stay.trips', []) || []).map((tr) => ({ country: tr.country, entry: tr.entry, exit: tr.exit, status: tr.status }));
  let names = new Map();
  try {
    const list = await api.countries('passport', today());
    names = new Map(list.countries.map((c) => [c.code, c.name]));
  } catch (e) { /* names fall back to codes */ }
  const nameOf = (cc) => (names.has(cc) ? tx(names.get(cc)) : cc);

  const onIn = h('input', { type: 'date', name: 'on', id: 'tax-on', value: prefs.fixedDate && isDate(prefs.on) ? prefs.on : today(), required: true });
  const resultsBox = h('div', { class: 'tax-results', 'aria-live': 'polite' });
  let seq = 0;

  async function count() {
    const on = isDate(onIn.value) ? onIn.value : today();
    const my = ++seq;
    delete resultsBox.dataset.state;
    mount(resultsBox, loading());
    try {
      const r = await api.tax({ trips, on });
      if (my !== seq) return;
      mount(resultsBox,
        h('p', { class: 'alert warn', id: 'tax-notice', role: 'note' }, '⚠ ', tx(r.notice)),
        h('p', { class: 'lead', id: 'tax-window', 'data-on': r.on }, t('tax.window', { from: longDate(r.window_from), on: longDate(r.on) })),
        r.unrecorded_days_12m ? h('p', { class: 'muted small', id: 'tax-unrecorded' }, t('tax.unrecorded', { n: days(r.unrecorded_days_12m) })) : null,
        h('div', { class: 'tax-cards', id: 'tax-countries' }, r.countries.map((row) => countryCard(row, nameOf))),
        h('p', { class: 'muted small', id: 'tax-reading' }, tx(r.reading)));
      resultsBox.dataset.state = 'tax';
    } catch (err) {
      if (my !== seq) return;
      mount(resultsBox, errorBox(err));
      resultsBox.dataset.state = 'error';
    }
  }
  onIn.addEventListener('change', count);

  mount(root,
    h('h1', null, t('tax.title')),
    h('p', { class: 'lead' }, t('tax.lead')),
    h('p', null, h('a', { href: '#/stay', id: 'tax-back' }, t('tax.back'))),
    h('form', { class: 'filters', id: 'tax-form', onsubmit: (e) => { e.preventDefault(); count(); } },
      field(t('tax.on'), onIn, t('tax.on_hint'))),
    trips.length
      ? h('section', { class: 'card-section', 'aria-labelledby': 'tax-h' }, h('h2', { id: 'tax-h' }, t('tax.results_h')), resultsBox)
      : h('p', { class: 'alert', id: 'tax-empty' }, t('tax.empty'), ' ', h('a', { href: '#/stay' }, t('tax.back'))));
  if (trips.length) count();
  return () => { seq += 1; };
}
