// SPDX-License-Identifier: MIT
// Stay calculator: the person enters trips (country, entry, exit or ongoing,
// visit or permit); the trip log lives only in this browser's localStorage.
// It is sent only in POST /api/stay to our own server, which answers per
// country (days used and left, latest lawful exit, earliest lawful re-entry,
// overstays) and forgets it. Export and import as a JSON file.

import { h, mount, today, isDate, dayOf, isoOf, timeEl, num, longDate as longDateOf } from './util.js';
import { t, tx, plural, getLang } from './i18n.js';
import { api } from './api.js';
import { label, errorBox, loading, field, select, stopIcon } from './components.js';
import { errorText } from './errors.js';
import { stayTimeline, chartBox } from './charts.js';
import { store, download, readFile } from './store.js';

const TRIPS_KEY = 'stay.trips';
const STATUSES = ['visit', 'permit'];

/** Check one trip as stored or imported; returns a clean copy or throws a message key. */
export function cleanTrip(x) {
  if (!x || typeof x !== 'object') throw new Error('stay.err.not_object');
  const country = String(x.country || '').toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) throw new Error('stay.err.country');
  if (!isDate(x.entry)) throw new Error('stay.err.entry');
  const exit = x.exit === null || x.exit === undefined || x.exit === '' ? null : x.exit;
  if (exit !== null && !isDate(exit)) throw new Error('stay.err.exit');
  if (exit !== null && dayOf(exit) < dayOf(x.entry)) throw new Error('stay.err.exit_before');
  const status = x.status === undefined ? 'visit' : x.status;
  if (!STATUSES.includes(status)) throw new Error('stay.err.status');
  return { country, entry: x.entry, exit, status };
}

function loadTrips() {
  const raw = store.get(TRIPS_KEY, []);
  if (!Array.isArray(raw)) return [];
  const out = [];
  for (const x of raw) { try { out.push(cleanTrip(x)); } catch (e) { /* drop a damaged row */ } }
  return out;
}

function saveTrips(trips) { store.set(TRIPS_KEY, trips); }

function sortTrips(trips) {
  return trips.slice().sort((a, b) => a.entry.localeCompare(b.entry) || a.country.localeCompare(b.country));
}

const DOCS = ['passport', 'internal_id', 'birth_certificate'];

/** A CSV trip log as `relok stay --trips` reads it (src/stay/trips.c):
 * country,entry,exit[,status], an optional header line first, an empty exit
 * for a trip in progress, no quoted fields. A bad line throws a message key
 * with its line number. */
function parseTripsCsv(text) {
  const out = [];
  let seenRow = false;
  text.replace(/^\uFEFF/, '').split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (!line) return;
    const fail = (key) => { const err = new Error(key); err.line = i + 1; throw err; };
    const f = line.split(',');
    if (!seenRow && /^country,entry,exit(,status)?$/.test(line)) { seenRow = true; return; }
    seenRow = true;
    if (line.includes('"')) fail('stay.err.csv_quote');
    if (f.length < 3 || f.length > 4) fail('stay.err.csv_fields');
    try { out.push(cleanTrip({ country: f[0], entry: f[1], exit: f[2], status: f[3] || undefined })); } catch (e) {
      fail(e.message);
    }
  });
  return out;
}

/** Parse an exported file: {relok: "trips", trips: [...]}, {trips: [...]}, a bare array,
 * or CSV (country,entry,exit[,status]). */
export function parseTripsFile(text) {
  let data;
  if (!/^\s*[[{]/.test(text.replace(/^\uFEFF/, ''))) return parseTripsCsv(text);
  try { data = JSON.parse(text); } catch (e) { throw new Error('stay.err.json'); }
  const list = Array.isArray(data) ? data : data && Array.isArray(data.trips) ? data.trips : null;
  if (!list) throw new Error('stay.err.shape');
  return list.map((x, i) => {
    try { return cleanTrip(x); } catch (e) { const err = new Error(e.message); err.row = i + 1; throw err; }
  });
}

/** A part of a combined rule named by what it limits: "60 days per visit",
 * "90 in any 180 days" (the kind and numbers of the API's `parts`). */
export function rulePart(p) {
  if (p.kind === 'unknown' && p.window_days) return t('rulepart.unknown_window', { max: p.max_days, window: p.window_days });
  const key = `rulepart.${p.kind}`;
  const text = t(key, { max: p.max_days, window: p.window_days });
  return text === key ? label('kind', p.kind) : text;
}

/** What the rule notation says about its window, for the chart's shading. */
function windowOf(ruleText, on) {
  if (!ruleText) return null;
  const kind = /kind:\s*(\w+)/.exec(ruleText);
  const w = /window_days:\s*(\d+)/.exec(ruleText);
  if (!kind || !w || !['rolling', 'unknown', 'all_of'].includes(kind[1])) return null;
  const days = Number(w[1]);
  const onD = dayOf(on);
  return { from: isoOf(onD - days + 1), to: on, days };
}

export async function render(root) {
  let trips = sortTrips(loadTrips());
  let editing = -1;
  const prefs = store.get('stay.prefs', {});
  let on = isDate(prefs.on) && prefs.fixedDate ? prefs.on : today();
  let doc = DOCS.includes(prefs.doc) ? prefs.doc : 'passport';
  let names = new Map();
  let zones = new Map();
  try {
    const list = await api.countries('passport', today());
    names = new Map(list.countries.map((c) => [c.code, c.name]));
    zones = new Map(list.countries.filter((c) => c.zone).map((c) => [c.code, c.zone]));
  } catch (e) { /* names fall back to codes; the calculation reports errors itself */ }
  const nameOf = (cc) => (names.has(cc) ? tx(names.get(cc)) : cc);
  const sortedCodes = () => [...names.keys()].filter((c) => c !== 'RU').sort((a, b) => nameOf(a).localeCompare(nameOf(b)));

  // ------------------------------------------------------------ the form
  const countrySel = select([['', t('stay.pick_country')], ...sortedCodes().map((c) => [c, nameOf(c)])], '', { name: 'country', required: true });
  const entryIn = h('input', { type: 'date', name: 'entry', required: true });
  const exitIn = h('input', { type: 'date', name: 'exit' });
  const ongoingCb = h('input', { type: 'checkbox', name: 'ongoing' });
  const statusSel = select(STATUSES.map((s) => [s, label('trip', s)]), 'visit', { name: 'status' });
  const formMsg = h('p', { class: 'form-msg', role: 'alert' });
  const submitBtn = h('button', { type: 'submit', class: 'primary', id: 'trip-submit' }, t('stay.add'));
  const cancelBtn = h('button', { type: 'button', hidden: true }, t('stay.cancel_edit'));
  ongoingCb.addEventListener('change', () => { exitIn.disabled = ongoingCb.checked; if (ongoingCb.checked) exitIn.value = ''; });

  const onIn = h('input', { type: 'date', name: 'on', value: on, required: true });
  const docSel = select(DOCS.map((d) => [d, label('doc', d)]), doc, { name: 'doc', id: 'stay-doc' });
  docSel.addEventListener('change', () => {
    doc = docSel.value;
    store.set('stay.prefs', { on, fixedDate: on !== today(), doc });
    calculate();
  });
  const resultsBox = h('div', { class: 'stay-results', 'aria-live': 'polite' });
  const listBox = h('div', { class: 'trip-list' });
  const ioMsg = h('p', { class: 'form-msg', role: 'status', id: 'trips-io-msg' });

  function resetForm() {
    editing = -1;
    countrySel.value = ''; entryIn.value = ''; exitIn.value = ''; exitIn.disabled = false;
    ongoingCb.checked = false; statusSel.value = 'visit';
    submitBtn.textContent = t('stay.add'); cancelBtn.hidden = true; formMsg.textContent = '';
  }

  function fillForm(i) {
    const tr = trips[i];
    editing = i;
    countrySel.value = tr.country; entryIn.value = tr.entry; exitIn.value = tr.exit || '';
    ongoingCb.checked = !tr.exit; exitIn.disabled = !tr.exit; statusSel.value = tr.status;
    submitBtn.textContent = t('stay.save'); cancelBtn.hidden = false; formMsg.textContent = '';
    countrySel.focus();
  }
  cancelBtn.addEventListener('click', resetForm);

  function onSubmit(e) {
    e.preventDefault();
    let trip;
    try {
      if (!countrySel.value) throw new Error('stay.err.country');
      if (!ongoingCb.checked && !exitIn.value) throw new Error('stay.err.exit_or_ongoing');
      trip = cleanTrip({ country: countrySel.value, entry: entryIn.value, exit: ongoingCb.checked ? null : exitIn.value, status: statusSel.value });
    } catch (err) {
      formMsg.textContent = t(err.message);
      return;
    }
    if (editing >= 0) trips[editing] = trip; else trips.push(trip);
    trips = sortTrips(trips);
    saveTrips(trips);
    resetForm();
    formMsg.textContent = '';
    drawList();
    calculate();
    countrySel.focus();
  }

  // ------------------------------------------------------------ the list
  function drawList() {
    if (!trips.length) { mount(listBox, h('p', { class: 'muted' }, t('stay.no_trips'))); return; }
    mount(listBox, h('table', { class: 'trips-table my-trips', id: 'trips-table' },
      h('caption', { class: 'sr-only' }, t('stay.trips_caption')),
      h('thead', null, h('tr', null, [t('stay.country'), t('stay.entry'), t('stay.exit'), t('stay.status'), t('stay.actions')].map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', null, trips.map((tr, i) => h('tr', { 'data-row': i + 1 },
        h('th', { scope: 'row', 'data-label': t('stay.country') }, nameOf(tr.country)),
        h('td', { 'data-label': t('stay.entry'), class: 'c-entry' }, timeEl(tr.entry)),
        h('td', { 'data-label': t('stay.exit'), class: 'c-exit' }, tr.exit ? timeEl(tr.exit) : h('em', null, t('stay.ongoing'))),
        h('td', { 'data-label': t('stay.status'), class: 'c-status' }, label('trip', tr.status)),
        h('td', { 'data-label': t('stay.actions'), class: 'actions' },
          h('button', { type: 'button', class: 'small', onclick: () => fillForm(i), 'aria-label': t('stay.edit_trip', { n: i + 1 }) }, t('stay.edit')),
          h('button', { type: 'button', class: 'small danger', 'aria-label': t('stay.delete_trip', { n: i + 1 }), onclick: () => {
            trips.splice(i, 1); saveTrips(trips); if (editing === i) resetForm(); drawList(); calculate();
          } }, t('stay.delete'))))))));
  }

  // ------------------------------------------------------------ results
  function resultCard(row, resp) {
    const cc = row.country;
    const a = row.answer || {};
    // Under a zone rule (Schengen) days in every member count together.
    const myTrips = trips.filter((tr) => tr.country === cc || (row.zone && zones.get(tr.country) === row.zone));
    const win = windowOf(row.rule, on);
    const warn = [];
    if (a.overstay) warn.push(h('p', { class: 'alert error', role: 'alert' }, stopIcon(), t('stay.overstay', { date: a.first_overstay_day || '' })));
    if (row.no_stay_allowed) warn.push(h('p', { class: 'alert error' }, stopIcon(), t('stay.no_stay_allowed')));
    if (row.unknown_rule) warn.push(h('p', { class: 'alert warn' }, '⚠ ', t('stay.unknown_rule')));
    if (!row.rule) warn.push(h('p', { class: 'alert warn' }, '⚠ ', t('stay.no_rule')));
    const facts = [];
    const dt = (k, v) => facts.push(h('dt', null, t(k)), h('dd', { 'data-k': k }, v));
    // Staying on may last longer than "days left" says: under a window rule old
    // days drop out as new ones come in. Say so first where the two differ.
    if (row.inside && !a.departing) {
      if (row.latest_exit_unbounded) dt('stay.stay_on', t('stay.stay_on_unbounded'));
      else if (a.latest_exit && a.days_left !== null && dayOf(a.latest_exit) - dayOf(on) !== a.days_left) {
        dt('stay.stay_on', h('strong', { class: 'stay-on' }, t('stay.stay_on_days', { n: dayOf(a.latest_exit) - dayOf(on), date: longDateOf(a.latest_exit) })));
      }
    }
    if (a.days_used !== null && a.days_used !== undefined) dt('stay.days_used', h('span', { class: 'figure' }, num(a.days_used)));
    if (a.days_left !== null && a.days_left !== undefined) dt('stay.days_left', h('span', { class: 'figure' }, num(a.days_left)));
    if (row.inside) {
      if (row.latest_exit_unbounded) dt('stay.latest_exit', t('stay.unbounded'));
      else if (a.latest_exit) dt('stay.latest_exit', h('strong', { class: 'latest-exit' }, timeEl(a.latest_exit), ` (${a.latest_exit})`));
      else dt('stay.latest_exit', h('strong', { class: 'danger-text' }, t('stay.leave_now')));
    }
    // Outside, and on a day of departure: when the person may come back, and for how long.
    if (!row.inside || a.departing) {
      if (a.earliest_reentry) dt('stay.earliest_reentry', h('strong', { class: 'earliest-reentry' }, timeEl(a.earliest_reentry), ` (${a.earliest_reentry})`));
      else if (!row.no_stay_allowed) dt('stay.earliest_reentry', t('stay.no_reentry'));
      if (a.max_stay_if_entering !== null && a.max_stay_if_entering !== undefined) {
        dt('stay.max_stay', `${num(a.max_stay_if_entering)} ${plural(a.max_stay_if_entering, { one: t('day.one'), few: t('day.few'), many: t('day.many'), other: t('day.other') })}`);
      }
    }
    if (a.parts && a.parts.length) {
      dt('stay.parts', h('ul', { class: 'plain rule-parts' }, a.parts.map((p) => h('li', { 'data-kind': p.kind },
        t('stay.part_counts', { what: rulePart(p), used: p.days_used ?? '–', left: p.days_left ?? '–' })))));
    }
    return h('article', { class: `card stay-card${a.overstay ? ' bad' : ''}`, 'data-country': cc },
      h('h3', null, row.zone
        ? [label('zone', row.zone), h('span', { class: 'muted small' }, ` (${[...new Set(myTrips.map((tr) => nameOf(tr.country)))].join(', ')})`)]
        : nameOf(cc),
        row.inside ? h('span', { class: 'badge kind' }, t('stay.inside')) : null),
      summaryOf(cc) ? h('p', null, tx(summaryOf(cc))) : null,
      row.rule ? h('p', { class: 'muted small' }, h('code', null, row.rule)) : null,
      warn,
      h('dl', { class: 'stay-facts' }, facts),
      myTrips.length ? chartBox((w) => stayTimeline({
        trips: myTrips, on, window: win, width: w,
        marks: { latestExit: row.inside && !row.latest_exit_unbounded ? a.latest_exit : null, earliestReentry: row.inside ? null : a.earliest_reentry, overstay: a.first_overstay_day },
        labels: {
          aria: t('stay.chart_aria', { country: nameOf(cc) }), window: win ? t('stay.window', { n: win.days }) : '',
          visit: label('trip', 'visit'), permit: label('trip', 'permit'), ongoing: t('stay.ongoing'), permitLane: t('stay.permit_lane'),
          projection: t('stay.projection'), on: t('stay.on_short'), latestExit: t('stay.latest_exit_short'), earliestReentry: t('stay.reentry_short'), overstay: t('stay.overstay_short'),
        },
      })) : null,
      // The legend lists only what the chart draws (the projection: only
      // when the latest exit is after the check date).
      myTrips.length ? h('p', { class: 'legend muted small' },
        myTrips.some((tr) => tr.status !== 'permit') ? [h('span', { class: 'key key-span', 'aria-hidden': 'true' }), label('trip', 'visit'), ' '] : null,
        myTrips.some((tr) => tr.status === 'permit') ? [h('span', { class: 'key key-permit', 'aria-hidden': 'true' }), label('trip', 'permit'), ' '] : null,
        row.inside && !row.latest_exit_unbounded && a.latest_exit && a.latest_exit > on
          ? [h('span', { class: 'key key-projection', 'aria-hidden': 'true' }), t('stay.projection'), ' '] : null,
        win ? [h('span', { class: 'key key-window', 'aria-hidden': 'true' }), t('stay.window', { n: win.days })] : null) : null);
  }

  // The rule in words for the check date: KB text, taken from the country
  // answers for that date (cached), not repeated in every stay answer.
  let summaries = new Map();
  const summaryOf = (cc) => summaries.get(cc) || null;
  async function loadSummaries() {
    try {
      const list = await api.countries('passport', on);
      summaries = new Map(list.countries.filter((c) => c.stay && c.stay.summary).map((c) => [c.code, c.stay.summary]));
    } catch (e) {
      summaries = new Map();
    }
  }

  /** Trips after the check date: lawful or not, and the longest lawful version. */
  function plansCard(plans) {
    if (!plans.length) return null;
    return h('section', { class: 'card', id: 'stay-plans' },
      h('h3', null, t('stay.plans_h')),
      h('ul', null, plans.map((p) => h('li', { class: p.judged && !p.lawful ? 'bad' : null },
        `${nameOf(p.country)}, ${longDateOf(p.entry)} – ${longDateOf(p.exit)}: `,
        !p.judged ? t('stay.plan_unknown')
          : p.lawful ? t('stay.plan_lawful')
            : p.lawful_until ? t('stay.plan_cut', { from: longDateOf(p.first_unlawful_day), until: longDateOf(p.lawful_until), n: p.days_over })
              : p.earliest_entry ? t('stay.plan_later', { date: longDateOf(p.earliest_entry) })
                : t('stay.plan_never')))));
  }

  let seq = 0;
  async function calculate() {
    if (!trips.length) { mount(resultsBox, h('p', { class: 'muted' }, t('stay.add_to_see'))); return; }
    const my = ++seq;
    // data-for names the inputs of the answer shown (the browser tests wait on it).
    delete resultsBox.dataset.for;
    mount(resultsBox, loading());
    try {
      const [resp] = await Promise.all([
        api.stay({ trips: trips.map((tr) => ({ country: tr.country, entry: tr.entry, exit: tr.exit, status: tr.status })), on, doc }),
        loadSummaries(),
      ]);
      if (my !== seq) return;
      const rows = resp.countries || [];
      mount(resultsBox,
        h('p', { class: 'lead' }, t('stay.results', { date: longDateOf(on) })),
        rows.length ? rows.map((r) => resultCard(r, resp)) : h('p', null, t('stay.no_results')),
        plansCard(resp.plans || []));
      resultsBox.dataset.for = `${on} ${doc}`;
    } catch (e) {
      if (my !== seq) return;
      // The trips go to the server in the list's order, so "the 2nd trip" is row 2.
      mount(resultsBox, errorBox(e));
    }
  }

  onIn.addEventListener('change', () => {
    if (!isDate(onIn.value)) return;
    on = onIn.value;
    store.set('stay.prefs', { on, fixedDate: on !== today(), doc });
    calculate();
  });

  // ------------------------------------------------------------ export / import
  const fileIn = h('input', { type: 'file', accept: 'application/json,.json,text/csv,.csv', class: 'visually-hidden-file', id: 'trips-import' });
  fileIn.addEventListener('change', async () => {
    const f = fileIn.files && fileIn.files[0];
    if (!f) return;
    try {
      const list = parseTripsFile(await readFile(f));
      trips = sortTrips(list);
      saveTrips(trips);
      ioMsg.textContent = t('stay.imported', { n: list.length });
      drawList();
      calculate();
    } catch (err) {
      const where = err.line ? t('stay.line', { n: err.line }) : err.row ? t('stay.row', { n: err.row }) : '';
      ioMsg.textContent = `${t('stay.import_failed')} ${t(err.message)}${where ? ` (${where})` : ''}`;
    }
    fileIn.value = '';
  });

  // The dates as a calendar file from the server (POST /api/stay?format=ics,
  // the same as `relok stay --ics`), with a reminder some days before each.
  const remindIn = h('input', { type: 'number', name: 'remind', id: 'ics-remind', min: 0, max: 365, value: 3, class: 'narrow' });
  const icsBtn = h('button', { type: 'button', id: 'trips-ics', onclick: async () => {
    if (!trips.length) { ioMsg.textContent = t('stay.add_to_see'); return; }
    const remind = Math.max(0, Math.min(365, Math.round(Number(remindIn.value) || 0)));
    try {
      const text = await api.stayIcs({ trips: trips.map((tr) => ({ country: tr.country, entry: tr.entry, exit: tr.exit, status: tr.status })), on, doc }, getLang(), remind);
      download(`relok-stay-${on}.ics`, text, 'text/calendar');
      ioMsg.textContent = t('stay.ics_done');
    } catch (err) {
      ioMsg.textContent = errorText(err);
    }
  } }, t('stay.ics'));

  const io = h('div', { class: 'toolbar' },
    h('button', { type: 'button', id: 'trips-export', onclick: () => {
      download(`relok-trips-${today()}.json`, `${JSON.stringify({ relok: 'trips', version: 1, trips }, null, 2)}\n`);
      ioMsg.textContent = t('stay.exported');
    } }, t('stay.export')),
    h('label', { class: 'button', for: 'trips-import' }, t('stay.import')), fileIn,
    h('button', { type: 'button', class: 'danger', onclick: () => {
      if (!trips.length || !window.confirm(t('stay.confirm_clear'))) return;
      trips = []; saveTrips(trips); resetForm(); drawList(); calculate();
    } }, t('stay.clear')));
  const icsBar = h('div', { class: 'toolbar ics-bar' }, icsBtn, field(t('stay.ics_remind'), remindIn));

  mount(root,
    h('h1', null, t('stay.title')),
    h('p', { class: 'lead' }, t('stay.lead')),
    h('aside', { class: 'privacy-note', 'aria-label': t('privacy.note_label') }, h('p', null, t('stay.privacy'), ' ', h('a', { href: '#/privacy' }, t('footer.more')))),
    h('form', { class: 'filters', onsubmit: (e) => e.preventDefault() }, field(t('stay.on'), onIn, t('stay.on_hint')),
      field(t('stay.doc'), docSel, t('stay.doc_hint'))),
    h('section', { 'aria-labelledby': 'trip-form-h', class: 'card-section' },
      h('h2', { id: 'trip-form-h' }, t('stay.add_trip')),
      h('form', { class: 'trip-form', id: 'trip-form', novalidate: true, onsubmit: onSubmit },
        field(t('stay.country'), countrySel),
        field(t('stay.entry'), entryIn),
        field(t('stay.exit'), exitIn, t('stay.exit_hint')),
        field(t('stay.ongoing_label'), ongoingCb),
        field(t('stay.status'), statusSel, t('stay.status_hint')),
        h('div', { class: 'form-actions' }, submitBtn, cancelBtn),
        formMsg)),
    h('section', { 'aria-labelledby': 'trips-h', class: 'card-section' },
      h('h2', { id: 'trips-h' }, t('stay.your_trips')),
      listBox, io, icsBar, ioMsg,
      h('p', { class: 'tax-link' }, h('a', { href: '#/stay/tax', id: 'trips-tax' }, t('stay.tax_link')))),
    h('section', { class: 'card-section', 'aria-labelledby': 'results-h' }, h('h2', { id: 'results-h' }, t('stay.results_h')), resultsBox));
  drawList();
  calculate();
}
