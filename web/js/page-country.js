// SPDX-License-Identifier: MIT
// A country page: everything the knowledge base holds on one country as of a
// date (GET /api/countries/{cc}?as_of=), its rule history drawn as a
// timeline (GET /api/countries/{cc}/history), indicator charts and the
// sources cited, each fact with its verified or "unverified — check" mark.

import { h, mount, today, isDate, num, timeEl } from './util.js';
import { t, tx, getLang } from './i18n.js';
import { api, sourcesById } from './api.js';
import { label, factMeta, errorBox, loading, field, section, sourceLink } from './components.js';
import { ruleTimeline, indicatorChart, chartBox } from './charts.js';
import { setQuery } from './router.js';

const SEVERITY_RANK = { blocker: 0, high: 1, medium: 2, low: 3 };

function docsText(docs) {
  return (docs || []).map((d) => label('doc', d)).join(', ');
}

function langName(code) {
  try {
    return new Intl.DisplayNames([getLang()], { type: 'language' }).of(code) || code;
  } catch (e) { return code; }
}

function countryName(code) {
  try {
    return new Intl.DisplayNames([getLang()], { type: 'region' }).of(code) || code;
  } catch (e) { return code; }
}

function money(amount, currency) {
  return `${num(amount)} ${currency || ''}`.trim();
}

function entryItem(e, src) {
  return h('li', { class: 'fact' },
    h('p', { class: 'fact-head' },
      h('strong', null, docsText(e.documents)), ': ',
      h('span', { class: `access access-${e.access}` }, label('access', e.access)),
      e.modes && e.modes.length < 2 ? h('span', { class: 'muted' }, ` (${e.modes.map((m) => label('mode', m)).join(', ')})`) : null,
      e.via_zone ? h('span', { class: 'muted' }, ` · ${t('compare.via_zone', { zone: label('zone', e.via_zone) })}`) : null),
    e.passport_validity ? h('p', null, t('country.passport_validity', {
      months: e.passport_validity.months,
      from: label('counted_from', e.passport_validity.counted_from),
    })) : null,
    e.conditions ? h('p', null, tx(e.conditions)) : null,
    factMeta(e, src));
}

function stayItem(st, src) {
  const kind = st.rule.kind;
  return h('li', { class: 'fact' },
    h('p', { class: 'fact-head' },
      h('strong', { class: 'rule-text' }, tx(st.rule_text)),
      h('span', { class: 'muted' }, ` · ${docsText(st.documents)} · ${label('kind', kind)}`)),
    kind === 'unknown' ? h('p', { class: 'alert warn-inline' }, '⚠ ', t('country.unknown_rule')) : null,
    kind === 'none' ? h('p', { class: 'alert warn-inline' }, t('country.none_rule')) : null,
    st.summary ? h('p', null, tx(st.summary)) : null,
    st.registration_days ? h('p', null, t('country.registration', { n: st.registration_days })) : null,
    st.rule.counts_from ? h('p', null, t('country.counts_from'), ' ', timeEl(st.rule.counts_from)) : null,
    factMeta(st, src));
}

function requirementText(r) {
  const ops = { gt: '>', ge: '≥', lt: '<', le: '≤' };
  const head = label('req', r.field);
  if (r.op === 'true') return head;
  const val = r.currency ? money(r.amount, r.currency) : num(r.amount);
  return `${head} ${ops[r.op] || r.op} ${val}`;
}

function pathwayItem(p, src) {
  return h('li', { class: 'fact pathway' },
    h('h3', null, tx(p.name), ' ', h('span', { class: 'badge kind' }, label('pathway', p.kind))),
    p.summary ? h('p', null, tx(p.summary)) : null,
    p.requires && p.requires.length ? [
      h('p', { class: 'sub' }, t('country.requires')),
      h('ul', { class: 'reqs' }, p.requires.map((r) => h('li', null, requirementText(r), r.text ? h('span', { class: 'muted' }, ` — ${tx(r.text)}`) : null))),
    ] : h('p', { class: 'muted' }, t('country.no_requirements')),
    h('dl', { class: 'inline-dl' },
      p.documents && p.documents.length ? [h('dt', null, t('country.apply_with')), h('dd', null, docsText(p.documents))] : null,
      p.duration_months ? [h('dt', null, t('country.duration')), h('dd', null, t('months', { n: p.duration_months }))] : null,
      p.months_to_residence ? [h('dt', null, t('country.months_to_residence')), h('dd', null, t('months', { n: p.months_to_residence }))] : null),
    factMeta(p, src));
}

function costItem(c, src) {
  // The API gives a single figure as `value` (`amount` in the YAML).
  const value = c.value !== undefined && c.value !== null
    ? money(c.value, c.currency)
    : `${num(c.low)}–${num(c.high)} ${c.currency}`;
  return h('li', { class: 'fact' },
    h('p', { class: 'fact-head' }, h('strong', null, label('cost', c.item)), c.place ? ` (${tx(c.place)})` : null, ': ',
      h('span', { class: 'figure' }, value)),
    h('p', { class: 'muted small' }, t('country.observed'), ' ', c.date,
      c.undated ? h('span', { class: 'undated' }, ` · ${t('country.undated')}`) : null,
      c.sample_size ? ` · ${t('country.sample', { n: c.sample_size })}` : null),
    factMeta(c, src, { validity: false }));
}

function riskItem(r, src) {
  return h('li', { class: `fact risk sev-${r.severity}` },
    h('p', { class: 'fact-head' },
      h('span', { class: `badge sev sev-${r.severity}` }, label('severity', r.severity)), ' ',
      h('strong', null, tx(r.title))),
    h('p', { class: 'muted small' },
      label('dim', r.dimension), ' · ',
      r.factors && r.factors.length ? t('country.applies_to', { who: r.factors.map((f) => label('factor', f)).join(', ') }) : t('country.applies_all')),
    r.detail ? h('p', null, tx(r.detail)) : null,
    factMeta(r, src));
}

/** A chart legend of the keys given ([class, text], falsy ones left out). */
function legend(keys) {
  const shown = keys.filter(Boolean);
  return shown.length ? h('p', { class: 'legend muted small' },
    shown.map(([cls, text]) => [h('span', { class: `key ${cls}`, 'aria-hidden': 'true' }, ''), text, ' '])) : null;
}

/**
 * A figure of one dated series: its chart (a lone observation is drawn as
 * that point or range with its date), a legend of only what is drawn, and
 * the figures with their sources and notes as a table. points: [{date,
 * value | low+high, verified, sources, note}].
 */
function seriesFigure({ attrs, caption, lab, unitLabel, points, src }) {
  const tableRows = points.map((p) => h('tr', null,
    h('td', null, p.date),
    h('td', null, p.value !== undefined && p.value !== null ? num(p.value, 2) : `${num(p.low)}–${num(p.high)}`),
    h('td', null, p.verified ? '✓' : h('span', { class: 'unverified' }, '⚠ ', t('fact.unverified'))),
    h('td', null, (p.sources || []).map((id, i) => [i ? ', ' : '', sourceLink(id, src)]))));
  return h('figure', attrs,
    h('figcaption', null, caption),
    chartBox((w) => indicatorChart({
      points, width: w, unitLabel,
      labels: { aria: t('country.chart_aria', { label: lab }), unverified: t('fact.unverified') },
    })),
    // The legend lists only what the chart draws.
    legend([
      points.some((p) => p.value !== undefined && p.value !== null) && ['key-point', t('country.legend_point')],
      points.some((p) => p.low !== undefined && p.low !== null) && ['key-band', t('country.legend_band')],
      points.some((p) => !p.verified) && ['key-unverified', t('country.legend_unverified')],
    ]),
    h('details', null, h('summary', null, t('country.data_table')),
      h('table', { class: 'data-table' },
        h('thead', null, h('tr', null, [t('country.th_date'), t('country.th_value'), t('country.th_verified'), t('fact.sources')].map((x) => h('th', { scope: 'col' }, x)))),
        h('tbody', null, tableRows)),
      points.filter((p) => p.note).map((p) => h('p', { class: 'note' }, `${p.date}: `, tx(p.note)))));
}

function indicatorCard(ind, src) {
  const unitLabel = label('unit', ind.unit);
  const lab = tx(ind.label);
  return seriesFigure({
    attrs: { class: 'indicator', 'data-indicator': ind.id },
    caption: [h('strong', null, lab), h('span', { class: 'muted' }, ` · ${unitLabel} · ${label('dim', ind.dimension)}`)],
    lab, unitLabel, points: ind.points, src,
  });
}

const FEES = new Set(['visa_fee', 'permit_fee']);

/**
 * Living costs observed on several dates, one chart per item, city, area and
 * currency: amounts are not converted, so a series never mixes currencies
 * (a conversion would put the exchange rate's movement into the line).
 * Fees are left out: they are prices set by law, not observations; so are
 * figures whose source gives no date (their date is an estimate, and a time
 * axis would place them as if it were known). Both stay in the list above.
 */
export function costSeries(costs) {
  const groups = new Map();
  for (const c of costs) {
    if (FEES.has(c.item) || c.undated) continue;
    const place = c.place ? c.place.en : '';
    const key = [c.item, place, c.area || 'any', c.currency].join('|');
    if (!groups.has(key)) groups.set(key, { key, item: c.item, place: c.place, area: c.area || 'any', currency: c.currency, points: [] });
    // The API gives a single figure as `value` and a range as `low` + `high`.
    const single = c.value !== undefined && c.value !== null;
    groups.get(key).points.push({
      date: c.date,
      ...(single ? { value: c.value } : { low: c.low, high: c.high }),
      verified: !!c.verified, sources: c.sources, note: c.note,
    });
  }
  return [...groups.values()].filter((g) => new Set(g.points.map((p) => p.date)).size >= 2)
    .map((g) => ({ ...g, points: g.points.slice().sort((a, b) => String(a.date).localeCompare(String(b.date))) }));
}

function costSeriesCard(g, src) {
  const where = [g.place ? tx(g.place) : null, g.area !== 'any' ? label('area', g.area) : null].filter(Boolean).join(', ');
  const lab = `${label('cost', g.item)}${where ? ` (${where})` : ''}`;
  return seriesFigure({
    attrs: { class: 'indicator cost-series', 'data-series': g.key },
    caption: [h('strong', null, lab), h('span', { class: 'muted' }, ` · ${g.currency}`)],
    lab, unitLabel: g.currency, points: g.points, src,
  });
}

/** The costs section: the observations as a list, then how they moved over
 * time (series with several dates) and the reported rent rises, which are
 * the country's cost-dimension indicators, each point dated and cited. */
function costsView(country, src) {
  if (!country.costs.length && !country.indicators.some((i) => i.dimension === 'cost')) return h('p', { class: 'muted' }, t('country.none_recorded'));
  const series = costSeries(country.costs);
  const rises = country.indicators.filter((i) => i.dimension === 'cost');
  return [
    country.costs.length ? h('ul', { class: 'facts' }, country.costs.map((c) => costItem(c, src))) : null,
    h('h3', { id: 'costs-time-h' }, t('country.costs_over_time')),
    series.length || rises.length
      ? h('div', { class: 'indicators costs-over-time' }, series.map((g) => costSeriesCard(g, src)), rises.map((i) => indicatorCard(i, src)))
      : h('p', { class: 'muted' }, t('country.costs_one_date')),
  ];
}

function historyView(hist, asOf, src) {
  const lanes = [];
  const group = (items, keyFn, labelFn, textFn, cls) => {
    const m = new Map();
    for (const it of items) {
      const k = keyFn(it);
      if (!m.has(k)) m.set(k, { label: labelFn(it), spans: [] });
      m.get(k).spans.push({ from: it.from, to: it.to, text: textFn(it), verified: it.verified, cls });
    }
    lanes.push(...m.values());
  };
  group(hist.entry || [], (e) => `e:${(e.documents || []).join(',')}:${(e.modes || []).join(',')}`,
    (e) => `${t('country.lane_entry')} — ${docsText(e.documents)}`, (e) => label('access', e.access), 'ch-entry');
  group(hist.stay || [], (st) => `s:${st.id}:${(st.documents || []).join(',')}`,
    (st) => `${t('country.lane_stay')} — ${docsText(st.documents)}`, (st) => tx(st.rule_text), 'ch-stay-rule');
  group(hist.bars || [], (b) => `b:${b.factor}`,
    (b) => `${t('country.lane_bar')} — ${label('factor', b.factor)}`, (b) => tx(b.title), 'ch-bar');
  const changes = (hist.changes || []).slice().sort((a, b) => a.date.localeCompare(b.date));
  const marks = changes.map((c, i) => ({ date: c.date, n: i + 1, kind: c.kind, text: tx(c.what) }));
  const out = [];
  if (lanes.length) {
    out.push(chartBox((w) => ruleTimeline({
      lanes, marks, asOf, width: w,
      labels: {
        aria: t('country.timeline_aria'), asOf: t('country.as_of_short', { date: asOf }),
        since_unknown: t('fact.since_unknown'), now: t('country.now'), unverified: t('fact.unverified'),
      },
    }), 'timeline-box'));
    const spans = lanes.flatMap((l) => l.spans);
    out.push(legend([
      spans.some((sp) => sp.verified) && ['key-span', t('country.legend_rule')],
      spans.some((sp) => !sp.verified) && ['key-span-unverified', t('country.legend_unverified')],
      spans.some((sp) => !sp.from || sp.from === 'unknown') && ['key-open', t('country.legend_open')],
      marks.length > 0 && ['key-mark', t('country.legend_change')],
    ]));
  }
  if (changes.length) {
    out.push(h('ol', { class: 'changes' }, changes.map((c) => h('li', { class: `change change-${c.kind}` },
      h('p', null, timeEl(c.date), ' ', h('span', { class: `badge ${c.kind === 'rule_change' ? 'kind' : 'muted-badge'}` }, label('change', c.kind)),
        c.rule ? h('span', { class: 'muted small' }, ` · ${t('country.rule_id', { id: c.rule })}`) : null),
      h('p', null, tx(c.what)),
      factMeta(c, src, { validity: false })))));
  } else {
    out.push(h('p', { class: 'muted' }, t('country.no_changes')));
  }
  return out;
}

function sourcesView(country, hist, src) {
  const ids = new Set();
  const walk = (o) => {
    if (Array.isArray(o)) o.forEach(walk);
    else if (o && typeof o === 'object') {
      if (Array.isArray(o.sources)) o.sources.forEach((id) => typeof id === 'string' && ids.add(id));
      Object.values(o).forEach(walk);
    }
  };
  walk(country); walk(hist);
  const list = [...ids].sort();
  return h('ul', { class: 'source-list' }, list.map((id) => {
    const s = src.get(id);
    return h('li', { id: `src-${id}` }, h('code', null, id), ' ',
      s ? [s.url ? h('a', { href: s.url, rel: 'noopener noreferrer external', target: '_blank' }, s.title) : h('span', null, s.title),
        h('span', { class: 'muted small' }, [s.publisher, s.date].filter(Boolean).map((x) => ` · ${x}`).join(''))] : null);
  }));
}

export async function render(root, params, query) {
  const cc = params[0].toUpperCase();
  const asOf = isDate(query.get('as_of')) ? query.get('as_of') : today();
  mount(root, h('h1', null, cc), loading());
  let country, hist, src;
  try {
    [country, hist, src] = await Promise.all([api.country(cc, asOf), api.history(cc), sourcesById()]);
  } catch (e) {
    mount(root, h('h1', null, cc), errorBox(e, () => render(root, params, query)),
      h('p', null, h('a', { href: '#/' }, t('country.back'))));
    return;
  }
  setQuery({ as_of: asOf });
  const dateIn = h('input', { type: 'date', value: asOf, name: 'as_of' });
  dateIn.addEventListener('change', () => {
    if (isDate(dateIn.value)) location.hash = `#/country/${cc}?as_of=${dateIn.value}`;
  });
  const risks = (country.risks || []).slice().sort((a, b) => (SEVERITY_RANK[a.severity] ?? 9) - (SEVERITY_RANK[b.severity] ?? 9));
  // Cost indicators (reported rent rises) are drawn with the costs.
  const otherIndicators = country.indicators.filter((i) => i.dimension !== 'cost');
  const sections = [
    ['entry', t('country.entry'), country.entry.length ? h('ul', { class: 'facts' }, country.entry.map((e) => entryItem(e, src))) : h('p', { class: 'muted' }, t('country.none_recorded'))],
    ['stay', t('country.stay'), country.stay.length ? h('ul', { class: 'facts' }, country.stay.map((st) => stayItem(st, src))) : h('p', { class: 'muted' }, t('country.none_recorded'))],
    ['history', t('country.history'), historyView(hist, asOf, src)],
    ['bars', t('country.bars'), country.bars.length ? h('ul', { class: 'facts' }, country.bars.map((b) => h('li', { class: 'fact' },
      h('p', { class: 'fact-head' }, h('strong', null, label('factor', b.factor)), ': ', tx(b.title)), factMeta(b, src)))) : h('p', { class: 'muted' }, t('country.none_recorded'))],
    ['pathways', t('country.pathways'), country.pathways.length ? h('ul', { class: 'facts' }, country.pathways.map((p) => pathwayItem(p, src))) : h('p', { class: 'muted' }, t('country.none_recorded'))],
    ['costs', t('country.costs'), costsView(country, src)],
    ['banking', t('country.banking'), country.banking.length ? h('ul', { class: 'facts' }, country.banking.map((b) => h('li', { class: 'fact' },
      h('dl', { class: 'inline-dl' }, ['account', 'card', 'transfers'].map((k) => [h('dt', null, t(`bank.${k}`)), h('dd', { class: `yn yn-${b[k]}` }, label('yn', b[k]))])),
      factMeta(b, src)))) : h('p', { class: 'muted' }, t('country.none_recorded'))],
    ['risks', t('country.risks'), risks.length ? h('ul', { class: 'facts' }, risks.map((r) => riskItem(r, src))) : h('p', { class: 'muted' }, t('country.none_recorded'))],
    ['indicators', t('country.indicators'), otherIndicators.length ? h('div', { class: 'indicators' }, otherIndicators.map((i) => indicatorCard(i, src))) : h('p', { class: 'muted' }, t('country.none_recorded'))],
    ['languages', t('country.languages'), country.languages.length ? h('ul', { class: 'facts' }, country.languages.map((l) => h('li', { class: 'fact' },
      h('p', { class: 'fact-head' }, h('strong', null, langName(l.language)), ': ', label('spread', l.spread)), factMeta(l, src)))) : h('p', { class: 'muted' }, t('country.none_recorded'))],
    ['neighbours', t('country.neighbours'), country.neighbours.length ? h('ul', { class: 'facts' }, country.neighbours.map((n) => h('li', { class: 'fact' },
      h('p', { class: 'fact-head' }, h('strong', null, countryName(n.country)), ': ',
        n.land_border ? [t('country.land_border'), ', ', t('country.crossing'), ' ', label('crossing', n.crossing)] : t('country.no_land_border')),
      factMeta(n, src)))) : h('p', { class: 'muted' }, t('country.none_recorded'))],
    ['sources', t('country.sources'), sourcesView(country, hist, src)],
  ];
  const toc = h('nav', { class: 'toc', 'aria-label': t('country.toc') }, h('ul', null, sections.map(([id, title]) =>
    h('li', null, h('button', { type: 'button', class: 'linklike', onclick: () => {
      const el = document.getElementById(`${id}-h`);
      if (el) { el.setAttribute('tabindex', '-1'); el.focus(); el.scrollIntoView({ block: 'start' }); }
    } }, title)))));
  const unverifiedCount = [...country.entry, ...country.stay, ...country.pathways, ...country.risks].filter((f) => !f.verified).length;
  mount(root,
    h('p', { class: 'crumbs' }, h('a', { href: `#/?as_of=${asOf}` }, `← ${t('country.back')}`)),
    h('h1', null, tx(country.name)),
    h('p', { class: 'muted' }, [country.code, country.currency, country.zone ? label('zone', country.zone) : null,
      country.origin ? t('compare.origin') : null].filter(Boolean).join(' · ')),
    h('form', { class: 'filters', onsubmit: (e) => e.preventDefault() }, field(t('country.as_of'), dateIn, t('country.as_of_hint'))),
    unverifiedCount ? h('p', { class: 'alert warn' }, '⚠ ', t('country.unverified_note', { n: unverifiedCount })) : null,
    toc,
    sections.map(([id, title, body]) => section(id, title, body)));
}
