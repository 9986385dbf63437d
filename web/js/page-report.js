// SPDX-License-Identifier: MIT
// The model check (#/report): how well the population simulator fits the
// brief, from GET /api/sim/report (the same tables as `relok sim report`).
// First the calibration targets (the five stock figures the fit saw), each
// with the model's median, its 90 % band and whether the median is inside
// the brief's range; then the brief's other figures, which the fit never
// saw, with the verdict: in band, a miss (with miss_ratio, the model's
// median over the figure's nearer end) or what the model cannot express and
// why. The report is computed on the server once per knowledge base; until
// it is ready the page shows its progress and asks again every half second.

import { h, mount, num, longDate } from './util.js';
import { t, tx } from './i18n.js';
import { api } from './api.js';
import { errorBox, loading, section } from './components.js';

const POLL_MS = 500;

/** The report, polling while it is computed; onProgress(state, share). */
async function reportOf(onProgress, alive) {
  for (;;) {
    const r = await api.simReport();
    if (r && r.targets) return r;
    onProgress(r ? r.state : 'queued', r ? r.progress : 0);
    await new Promise((res) => setTimeout(res, POLL_MS));
    if (!alive()) return null;
  }
}

const pct = (x) => `${num(100 * x, 1)} %`;
const val = (x, share) => (share ? pct(x) : num(x));
const range = (lo, hi, share) => (lo === hi ? val(lo, share) : `${val(lo, share)}–${val(hi, share)}`);

function sourceLinks(ids) {
  return ids.map((id, k) => [k ? ', ' : '', h('a', { href: `#/sources?id=${encodeURIComponent(id)}` }, id)]);
}

/** A table cell that names its column on phones (the table turns into cards). */
const td = (col, ...kids) => h('td', { 'data-label': t(`rep.col.${col}`) }, ...kids);
const head = (cols) => h('thead', null, h('tr', null, cols.map((c) => h('th', { scope: 'col' }, t(`rep.col.${c}`)))));

function targetName(x, names) {
  if (x.country === 'RU') return t('rep.target.abroad');
  return t('rep.target.stock', { country: names.get(x.country) || x.country });
}

function targetsTable(rep, names) {
  const cols = ['target', 'date', 'brief', 'median', 'band', 'inside', 'source'];
  return h('table', { class: 'report-table', id: 'rep-targets-table' }, head(cols),
    h('tbody', null, rep.targets.map((x) => (x.in_kb ? h('tr', { 'data-country': x.country, 'data-inside': String(x.inside) },
      h('th', { scope: 'row', 'data-label': t('rep.col.target') }, targetName(x, names)),
      td('date', h('span', { class: 'rep-nowrap' }, x.date)),
      td('brief', range(x.low, x.high, false)),
      td('median', num(x.model.q50)),
      td('band', range(x.model.q05, x.model.q95, false)),
      td('inside', h('span', { class: x.inside ? 'badge ok' : 'badge warn' }, x.inside ? t('rep.inside') : t('rep.outside'))),
      td('source', sourceLinks(x.sources)))
      : h('tr', { 'data-country': x.country, 'data-inside': 'missing' },
        h('th', { scope: 'row', 'data-label': t('rep.col.target') }, targetName(x, names)),
        td('brief', t('rep.not_in_kb')))))));
}

function verdict(f) {
  if (!f.expressible) return h('span', { class: 'badge' }, t('rep.cannot'));
  if (f.hit) return h('span', { class: 'badge ok' }, t('rep.hit'));
  return h('span', { class: 'badge warn' }, t('rep.miss', { ratio: f.miss_ratio != null ? num(f.miss_ratio, 2) : '–' }));
}

function figuresTable(rep) {
  const cols = ['figure', 'source', 'brief', 'median', 'band', 'verdict'];
  return h('table', { class: 'report-table', id: 'rep-figures-table' }, head(cols),
    h('tbody', null, rep.out_of_sample.map((f, i) => {
      const share = f.unit === 'share';
      return h('tr', { 'data-id': f.id, 'data-verdict': !f.expressible ? 'cannot' : f.hit ? 'hit' : 'miss' },
        h('th', { scope: 'row', 'data-label': t('rep.col.figure') }, `${i + 1}. ${tx(f.figure)}`,
          h('span', { class: 'muted small rep-measure' }, `${t('rep.measure')}: ${tx(f.measure)}`)),
        td('source', sourceLinks([f.source])),
        td('brief', range(f.low, f.high, share)),
        td('median', f.expressible ? val(f.model.q50, share) : '—'),
        td('band', f.expressible ? range(f.model.q05, f.model.q95, share) : '—'),
        td('verdict', verdict(f)));
    })));
}

function paramsList(rep) {
  return h('ul', { class: 'rep-params' }, rep.parameters.map((p) => h('li', null,
    h('code', null, p.name), ': ', rep.calibrated ? t('rep.param', { value: num(p.value, 3), prior: num(p.prior, 3) })
      : t('rep.param_prior', { prior: num(p.prior, 3) }))));
}

/** Country names by code, in the reader's language; codes when they cannot be had. */
async function countryNames() {
  try {
    const list = await api.countries('passport');
    return new Map(list.countries.map((c) => [c.code, tx(c.name)]));
  } catch (e) {
    return new Map();
  }
}

export async function render(root) {
  const top = [h('h1', null, t('rep.title')), h('p', { class: 'lead' }, t('rep.lead'))];
  const body = h('div', { class: 'rep-body' }, loading());
  mount(root, ...top, body);
  let alive = true;
  const bar = h('progress', { max: 100, value: 0 });
  const text = h('span', { class: 'muted' });
  const prog = h('div', { class: 'sc-progress', role: 'status' }, h('p', null, t('rep.computing')), bar, ' ', text);
  async function load() {
    let rep, names;
    try {
      [rep, names] = await Promise.all([reportOf((state, share) => {
        if (!alive) return;
        if (prog.parentNode !== body) mount(body, prog);
        bar.value = Math.round(100 * (share || 0));
        text.textContent = t(`sc.state.${state}`, { pct: Math.round(100 * (share || 0)) });
      }, () => alive), countryNames()]);
    } catch (e) {
      if (alive) mount(body, errorBox(e, load));
      return;
    }
    if (!rep || !alive) return;
    const inside = rep.targets.filter((x) => x.in_kb && x.inside).length;
    const figs = rep.out_of_sample;
    const hits = figs.filter((f) => f.expressible && f.hit).length;
    const misses = figs.filter((f) => f.expressible && !f.hit).length;
    mount(body,
      h('p', { class: 'muted small' },
        rep.calibrated ? t('rep.calibrated', { date: longDate(rep.calibration_date), loss: num(rep.loss, 3) })
          : t('rep.uncalibrated'), ' ',
        t('rep.ensemble', { runs: rep.runs, agents: num(rep.agents), seed: rep.seed, pool: num(rep.pool) })),
      section('rep-targets', t('rep.targets_title'),
        h('p', null, t('rep.targets_lead', { inside, n: rep.targets.length })),
        targetsTable(rep, names),
        h('h3', null, t('rep.params_title')),
        paramsList(rep)),
      section('rep-figures', t('rep.figures_title'),
        h('p', null, t('rep.figures_lead', { hits, misses, cannot: figs.length - hits - misses })),
        figuresTable(rep)),
      h('p', { class: 'muted small' }, t('rep.more'), ' ', h('a', { href: '#/scenarios' }, t('rep.to_scenarios'))));
    body.dataset.drawn = 'report';
  }
  load();
  return () => { alive = false; };
}
