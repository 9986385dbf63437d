// SPDX-License-Identifier: MIT
// The Scenarios page (#/scenarios?a=NAME&b=NAME&place=CC): the simulator's
// precomputed ensembles (GET /api/scenarios/{name}/result) of two scenarios
// side by side, each against the baseline: the stock in a host (or abroad in
// all) as a median line with its 90 % band, the calibration targets drawn as
// ranges over the baseline, the scenario's events numbered on the time axis
// and listed in words with their sources, and the month's arrivals and
// departures by kind. While an ensemble is computed the page shows its
// progress and asks again every half second.

import { h, mount, num, longDate } from './util.js';
import { t, tx } from './i18n.js';
import { api } from './api.js';
import { setQuery } from './router.js';
import { errorBox, loading, field, select, section } from './components.js';
import { chartBox, seriesChart } from './charts.js';

const BASE = 'baseline';
const POLL_MS = 500;
const ABROAD = 'abroad';

/** The result of a scenario, polling while it is computed; onProgress(state, share). */
async function resultOf(name, onProgress, alive) {
  for (;;) {
    const r = await api.scenarioResult(name);
    if (r && r.months) return r;
    onProgress(r ? r.state : 'queued', r ? r.progress : 0);
    await new Promise((res) => setTimeout(res, POLL_MS));
    if (!alive()) return null;
  }
}

function stockOf(res, place) {
  if (place === ABROAD) return res.abroad;
  const p = res.places.find((x) => x.code === place);
  if (p) return p.stock;
  const zero = res.months.map(() => 0);
  return { q05: zero, q50: zero, q95: zero };
}

function placeName(res, place) {
  if (place === ABROAD) return t('sc.abroad');
  const p = res.places.find((x) => x.code === place);
  return p && p.name ? tx(p.name) : place;
}

/** Monthly index of an ISO date in res.months, or -1. */
function monthIndex(res, iso) {
  return res.months.indexOf(iso.slice(0, 7));
}

function progressBox(label) {
  const bar = h('progress', { max: 100, value: 0 });
  const text = h('span', { class: 'muted' });
  const box = h('div', { class: 'sc-progress', role: 'status' }, h('p', null, label), bar, ' ', text);
  box.update = (state, share) => {
    bar.value = Math.round(100 * (share || 0));
    text.textContent = t(`sc.state.${state}`, { pct: Math.round(100 * (share || 0)) });
  };
  return box;
}

function eventList(sc) {
  const own = sc.events.filter((e) => e.own);
  if (!own.length) return h('p', { class: 'muted' }, t('sc.no_events'));
  return h('ol', { class: 'sc-events' }, own.map((e) => h('li', null,
    h('p', null, h('strong', null, e.to ? t('sc.from_to', { from: longDate(e.from), to: longDate(e.to) })
      : t('sc.from', { from: longDate(e.from) })), ' ', tx(e.text)),
    e.note ? h('p', { class: 'note' }, tx(e.note)) : null,
    h('p', { class: 'muted small' }, `${t('sc.sources')}: `, e.sources.map((src, i) => [i ? ', ' : '',
      h('a', { href: `#/sources?id=${encodeURIComponent(src.id)}` }, src.title || src.id)])))));
}

/** One scenario against the baseline: stock chart, flows chart, events. */
function panel(sc, res, base, place, targets) {
  const own = sc.events.filter((e) => e.own);
  const marks = own.map((e, i) => ({ date: e.from, n: i + 1, text: tx(e.text) }));
  const ranges = targets.filter((x) => x.place === place)
    .map((x) => ({ date: x.date, low: x.low, high: x.high, label: t('sc.target', { date: x.date }) }));
  const bs = stockOf(base, place), ss = stockOf(res, place);
  const last = res.months.length - 1;
  const hp = res.places.find((x) => x.code === place);
  const flows = hp ? [
    { label: t('sc.arrivals'), cls: 'ch-fl-arr', q50: hp.arrivals },
    { label: t('sc.onward'), cls: 'ch-fl-on', q50: hp.departures_onward },
    { label: t('sc.return'), cls: 'ch-fl-ret', q50: hp.departures_return },
    { label: t('sc.border_run'), cls: 'ch-fl-br', q50: hp.departures_border_run },
  ] : [];
  const name = placeName(res, place);
  return h('article', { class: 'sc-panel', 'data-scenario': sc.id, 'data-state': 'ready' },
    h('h2', null, tx(sc.title)),
    h('p', { class: 'muted' }, tx(sc.description)),
    h('h3', null, t('sc.stock_in', { place: name })),
    h('ul', { class: 'sc-legend' },
      h('li', null, h('span', { class: 'sc-key ch-sc-base' }), t('sc.legend_base')),
      h('li', null, h('span', { class: 'sc-key ch-sc-this' }), t('sc.legend_this')),
      ranges.length ? h('li', null, h('span', { class: 'sc-key sc-key-target' }), t('sc.legend_target')) : null),
    chartBox((w) => seriesChart({
      months: res.months,
      series: [{ label: t('sc.legend_base'), cls: 'ch-sc-base', ...bs }, { label: tx(sc.title), cls: 'ch-sc-this', ...ss }],
      marks, ranges, width: w, labels: { aria: t('sc.stock_aria', { place: name, scenario: tx(sc.title) }) },
    })),
    h('p', { class: 'small' }, t('sc.at_end', {
      month: res.months[last], base: num(bs.q50[last]), lo: num(ss.q05[last]), mid: num(ss.q50[last]), hi: num(ss.q95[last]),
    })),
    hp ? [h('h3', null, t('sc.flows_in', { place: name })),
      h('ul', { class: 'sc-legend' }, flows.map((f) => h('li', null, h('span', { class: `sc-key ${f.cls}` }), f.label))),
      chartBox((w) => seriesChart({ months: res.months, series: flows, marks, width: w, height: 180,
        labels: { aria: t('sc.flows_aria', { place: name }) } }))] : null,
    h('h3', null, t('sc.events')),
    eventList(sc));
}

export async function render(root, params, query) {
  const head = [h('h1', null, t('sc.title')), h('p', { class: 'lead' }, t('sc.lead'))];
  mount(root, ...head, loading());
  let list;
  try {
    list = await api.scenarios();
  } catch (e) {
    mount(root, ...head, errorBox(e, () => render(root, params, query)));
    return null;
  }
  let alive = true;
  const names = list.scenarios.filter((x) => x.id !== BASE && x.state !== 'failed');
  const pick = (key, dflt) => (names.some((x) => x.id === query.get(key)) ? query.get(key) : dflt);
  const a = pick('a', names[0] ? names[0].id : BASE);
  const b = pick('b', (names.find((x) => x.id !== a) || names[0] || { id: BASE }).id);
  let place = query.get('place') || 'GE';
  const opts = names.map((x) => [x.id, tx(x.title)]);
  const selA = select(opts, a, { name: 'a' });
  const selB = select(opts, b, { name: 'b' });
  const selPlace = select([[place, place]], place, { name: 'place' });
  const cal = list.calibration;
  const calNote = h('p', { class: 'muted small' }, cal
    ? t('sc.calibrated', { date: longDate(cal.date), pool: num(cal.pool) })
    : t('sc.uncalibrated'),
  ' ', t('sc.ensemble', { runs: list.ensemble.runs, agents: num(list.ensemble.agents) }),
  ' ', h('a', { href: '#/report' }, t('sc.report_link')));
  const body = h('div', { class: 'sc-body' });
  const go = () => {
    setQuery({ a: selA.value, b: selB.value, place: selPlace.value });
    place = selPlace.value;
    draw(selA.value, selB.value);
  };
  for (const sel of [selA, selB, selPlace]) sel.addEventListener('change', go);
  mount(root, ...head,
    h('form', { class: 'filters', onsubmit: (e) => e.preventDefault() },
      field(t('sc.pick_a'), selA), field(t('sc.pick_b'), selB), field(t('sc.place'), selPlace)),
    calNote, body);

  let seq = 0;
  async function draw(na, nb) {
    const my = ++seq;
    const live = () => alive && my === seq;
    const prog = [BASE, na, nb].map((n) => progressBox(tx((list.scenarios.find((x) => x.id === n) || {}).title) || n));
    mount(body, h('div', { class: 'sc-waiting' }, prog));
    let got;
    try {
      got = await Promise.all([BASE, na, nb].map((n, i) => Promise.all([
        api.scenario(n), resultOf(n, (st, share) => prog[i].update(st, share), live)])));
    } catch (e) {
      if (live()) mount(body, errorBox(e, () => draw(na, nb)));
      return;
    }
    if (!live() || got.some(([, r]) => !r)) return;
    const [[, base], [scA, resA], [scB, resB]] = got;
    // Hosts that ever held someone in the baseline, largest first.
    const peak = (p) => Math.max(...p.stock.q50);
    const hosts = base.places.slice().sort((p, q) => peak(q) - peak(p)).filter((p) => peak(p) > 0);
    const placeOpts = [[ABROAD, t('sc.abroad')], ...hosts.map((p) => [p.code, p.name ? tx(p.name) : p.code])];
    if (!placeOpts.some(([v]) => v === place)) place = 'GE';
    mount(selPlace, placeOpts.map(([v, text]) => h('option', { value: v, selected: v === place }, text)));
    const targets = base.targets || [];
    mount(body,
      h('div', { class: 'sc-grid' }, panel(scA, resA, base, place, targets), panel(scB, resB, base, place, targets)),
      section('sc-targets', t('sc.targets_title'),
        h('p', { class: 'muted' }, t('sc.targets_lead')),
        h('ul', null, targets.map((x) => {
          const i = monthIndex(base, x.day || `${x.date}-01`);
          const st = i >= 0 ? stockOf(base, x.place) : null;
          return h('li', null, `${x.place === ABROAD ? t('sc.abroad') : placeName(base, x.place)}, ${x.date}: `,
            `${num(x.low)}–${num(x.high)}`, ' (', x.sources.map((id, k) => [k ? ', ' : '',
              h('a', { href: `#/sources?id=${encodeURIComponent(id)}` }, id)]), '). ',
            st ? t('sc.model_at', { lo: num(st.q05[i]), mid: num(st.q50[i]), hi: num(st.q95[i]) }) : null);
        }))),
      h('p', { class: 'muted small' }, tx(scA.assumptions)));
    body.dataset.drawn = `${na}|${nb}|${place}`;
  }
  draw(a, b);
  return () => { alive = false; };
}
