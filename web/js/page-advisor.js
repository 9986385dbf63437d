// SPDX-License-Identifier: MIT
// Advisor: a profile form that mirrors docs/profile.md (documents, money,
// work, family, languages, risk factors, preferences), import of a profile
// file (YAML or JSON, read in the browser), and the ranking from
// POST /api/advise (a summary per country) shown as cards: blockers first
// and apart, must-haves, scores with their confidence and top reasons; a
// card's details (entry, stay, cost, risks, unknowns, pathways, and the
// "why" with the facts that moved each score and their sources) are fetched
// when opened (POST /api/advise/{cc}). The profile stays in localStorage.

import { h, mount, today, isDate, num, timeEl, newId, debounce } from './util.js';
import { t, tx, plural } from './i18n.js';
import { api, sourcesById } from './api.js';
import { label, errorBox, loading, field, select, stopIcon, sourceLink } from './components.js';
import { scoreBars, chartBox } from './charts.js';
import { store, download, readFile } from './store.js';
import { parseProfileText } from './yaml.js';

const PROFILE_KEY = 'advisor.profile';
const DOCS = ['passport', 'internal_id', 'birth_certificate'];
const WORK = ['remote_foreign', 'remote_russian', 'local_job', 'none'];
const FACTORS = ['criminal_case', 'draft_eligible', 'activist', 'lgbtqi', 'north_caucasus', 'entered_abkhazia_or_south_ossetia_from_russia'];
const DIMS = ['access', 'cost', 'society', 'opportunity', 'stability', 'safety'];
const MONEY = ['monthly_budget', 'savings', 'monthly_income', 'real_estate_value', 'investment', 'business_annual_turnover'];
const CURRENCIES = ['USD', 'EUR', 'RUB', 'GEL', 'AMD', 'KZT', 'KGS', 'TRY', 'RSD', 'AED', 'UZS'];

export const DEFAULT_PROFILE = {
  citizenships: ['RU'],
  documents: [{ type: 'internal_id' }, { type: 'passport', expires: '' }],
  money: { currency: 'USD' },
  work: { mode: 'remote_foreign', it: false },
  languages: ['ru'],
  risk_factors: [],
  preferences: { weights: { access: 1, cost: 1, society: 1, opportunity: 1, stability: 1, safety: 1 } },
};

const codes = (s) => String(s || '').split(/[\s,;]+/).map((x) => x.trim()).filter(Boolean);

const pct = (x) => Math.round((x || 0) * 100);

function plainObj(x) { return x && typeof x === 'object' && !Array.isArray(x) ? x : {}; }

export async function render(root) {
  let base = store.get(PROFILE_KEY, null) || structuredClone(DEFAULT_PROFILE);
  const asOfIn = h('input', { type: 'date', name: 'as_of', value: today() });

  // ------------------------------------------------------------ controls
  const c = {
    name: h('input', { type: 'text', name: 'name', autocomplete: 'off', maxlength: 200 }),
    citizenships: h('input', { type: 'text', name: 'citizenships', autocomplete: 'off', pattern: '[A-Za-z]{2}([ ,;]+[A-Za-z]{2})*' }),
    age: h('input', { type: 'number', name: 'age', min: 0, max: 120, inputmode: 'numeric' }),
    currency: h('input', { type: 'text', name: 'currency', list: 'currency-list', maxlength: 3, autocomplete: 'off' }),
    money: Object.fromEntries(MONEY.map((m) => [m, h('input', { type: 'number', name: m, min: 0, step: 'any', inputmode: 'decimal' })])),
    mode: select(WORK.map((w) => [w, label('work', w)]), 'remote_foreign', { name: 'mode' }),
    it: h('input', { type: 'checkbox', name: 'it' }),
    offer: h('input', { type: 'checkbox', name: 'local_job_offer' }),
    study: h('input', { type: 'checkbox', name: 'study_admission' }),
    partner: h('input', { type: 'checkbox', name: 'partner' }),
    children: h('input', { type: 'text', name: 'children', autocomplete: 'off', inputmode: 'numeric' }),
    ties: h('input', { type: 'text', name: 'ties', autocomplete: 'off' }),
    languages: h('input', { type: 'text', name: 'languages', autocomplete: 'off' }),
    factors: Object.fromEntries(FACTORS.map((f) => [f, h('input', { type: 'checkbox', name: `factor_${f}`, value: f })])),
    persecuted: select([['', t('advisor.persecuted_derive')], ['yes', t('yes')], ['no', t('no')]], '', { name: 'persecuted' }),
    weights: Object.fromEntries(DIMS.map((d) => [d, h('input', { type: 'range', name: `w_${d}`, min: 0, max: 10, step: 1 })])),
    mustRu: h('input', { type: 'checkbox', name: 'must_russian' }),
    mustMonths: h('input', { type: 'number', name: 'must_months', min: 1, max: 600, inputmode: 'numeric' }),
  };
  const weightOut = Object.fromEntries(DIMS.map((d) => [d, h('output', { for: c.weights[d].id || '', class: 'weight-out' })]));
  for (const d of DIMS) c.weights[d].addEventListener('input', () => { weightOut[d].textContent = c.weights[d].value; });
  const docRows = h('div', { class: 'doc-rows' });
  let moneyCur = {}; // a money field given in another currency than the section's

  function docRow(d) {
    const type = select(DOCS.map((x) => [x, label('doc', x)]), d.type || 'passport', { name: 'doc_type' });
    const cit = h('input', { type: 'text', name: 'doc_citizenship', value: d.citizenship || '', maxlength: 2, autocomplete: 'off', placeholder: 'RU' });
    const exp = h('input', { type: 'date', name: 'doc_expires', value: d.expires || '' });
    const row = h('fieldset', { class: 'doc-row' },
      h('legend', { class: 'sr-only' }, t('advisor.document')),
      field(t('advisor.doc_type'), type),
      field(t('advisor.doc_citizenship'), cit),
      field(t('advisor.doc_expires'), exp, t('advisor.doc_expires_hint')),
      h('button', { type: 'button', class: 'small danger', onclick: () => { row.remove(); changed(); } }, t('advisor.remove_doc')));
    row.read = () => {
      const o = { type: type.value };
      if (cit.value.trim()) o.citizenship = cit.value.trim().toUpperCase();
      if (exp.value) o.expires = exp.value;
      return o;
    };
    return row;
  }

  function profileToForm(p) {
    p = plainObj(p);
    base = structuredClone(p);
    c.name.value = p.name || '';
    c.citizenships.value = (p.citizenships || ['RU']).join(', ');
    c.age.value = p.age ?? '';
    mount(docRows, (Array.isArray(p.documents) ? p.documents : []).map((d) => docRow(plainObj(d))));
    const money = plainObj(p.money);
    c.currency.value = money.currency || '';
    moneyCur = {};
    for (const m of MONEY) {
      const v = money[m];
      if (v && typeof v === 'object') {
        c.money[m].value = v.amount ?? '';
        if (v.currency && v.currency !== money.currency) moneyCur[m] = v.currency;
      } else c.money[m].value = v ?? '';
    }
    const work = plainObj(p.work);
    c.mode.value = WORK.includes(work.mode) ? work.mode : 'none';
    c.it.checked = !!work.it; c.offer.checked = !!work.local_job_offer; c.study.checked = !!work.study_admission;
    const fam = plainObj(p.family);
    c.partner.checked = !!fam.partner;
    c.children.value = (Array.isArray(fam.children) ? fam.children : []).map((k) => plainObj(k).age).join(', ');
    c.ties.value = (fam.ties || []).join(', ');
    c.languages.value = (Array.isArray(p.languages) ? p.languages : ['ru']).join(', ');
    const fs = new Set(Array.isArray(p.risk_factors) ? p.risk_factors : []);
    for (const f of FACTORS) c.factors[f].checked = fs.has(f);
    c.persecuted.value = p.persecuted_in_russia === true ? 'yes' : p.persecuted_in_russia === false ? 'no' : '';
    const pref = plainObj(p.preferences);
    const w = plainObj(pref.weights);
    for (const d of DIMS) {
      c.weights[d].value = w[d] ?? 1; // docs/profile.md: an absent weight is 1
      weightOut[d].textContent = c.weights[d].value;
    }
    const must = plainObj(pref.must_have);
    c.mustRu.checked = !!must.russian_widely_spoken;
    c.mustMonths.value = must.residence_path_within_months ?? '';
    showMoneyNotes();
  }

  const moneyNotes = Object.fromEntries(MONEY.map((m) => [m, h('span', { class: 'hint' })]));
  function showMoneyNotes() {
    for (const m of MONEY) moneyNotes[m].textContent = moneyCur[m] ? t('advisor.in_currency', { cur: moneyCur[m] }) : '';
  }

  /** The profile as docs/profile.md has it, from the form (plus details the form has no control for). */
  function formToProfile() {
    const p = {};
    if (c.name.value.trim()) p.name = c.name.value.trim();
    p.citizenships = codes(c.citizenships.value).map((x) => x.toUpperCase());
    if (c.age.value !== '') p.age = Number(c.age.value);
    p.documents = [...docRows.children].map((r) => r.read());
    const money = {};
    const cur = c.currency.value.trim().toUpperCase();
    if (cur) money.currency = cur;
    for (const m of MONEY) {
      if (c.money[m].value === '') continue;
      const v = Number(c.money[m].value);
      money[m] = moneyCur[m] ? { amount: v, currency: moneyCur[m] } : v;
    }
    if (Object.keys(money).length) p.money = money;
    p.work = { mode: c.mode.value, it: c.it.checked };
    if (c.offer.checked) p.work.local_job_offer = true;
    if (c.study.checked) p.work.study_admission = true;
    const oldFam = plainObj(base.family);
    const fam = {};
    if (c.partner.checked) fam.partner = oldFam.partner && typeof oldFam.partner === 'object' ? oldFam.partner : true;
    const ages = codes(c.children.value);
    if (ages.length) {
      const oldKids = Array.isArray(oldFam.children) ? oldFam.children : [];
      fam.children = ages.map((a, i) => {
        const k = { age: Number(a) };
        const old = plainObj(oldKids[i]);
        if (old.documents && Number(old.age) === k.age) k.documents = old.documents;
        return k;
      });
    }
    const ties = codes(c.ties.value).map((x) => x.toUpperCase());
    if (ties.length) fam.ties = ties;
    if (Object.keys(fam).length) p.family = fam;
    p.languages = codes(c.languages.value).map((x) => x.toLowerCase());
    p.risk_factors = FACTORS.filter((f) => c.factors[f].checked);
    if (c.persecuted.value) p.persecuted_in_russia = c.persecuted.value === 'yes';
    const pref = { weights: Object.fromEntries(DIMS.map((d) => [d, Number(c.weights[d].value)])) };
    const must = {};
    if (c.mustRu.checked) must.russian_widely_spoken = true;
    if (c.mustMonths.value !== '') must.residence_path_within_months = Number(c.mustMonths.value);
    if (Object.keys(must).length) pref.must_have = must;
    p.preferences = pref;
    return p;
  }

  const save = debounce(() => store.set(PROFILE_KEY, formToProfile()), 300);
  function changed() { save(); }

  // ------------------------------------------------------------ import / export
  const ioMsg = h('p', { class: 'form-msg', role: 'status' });
  const fileIn = h('input', { type: 'file', accept: '.yaml,.yml,.json,application/json,text/yaml', class: 'visually-hidden-file', id: 'profile-import' });
  const pasteArea = h('textarea', { rows: 8, name: 'profile_text', spellcheck: 'false', autocomplete: 'off' });
  function importText(text, from) {
    try {
      const p = parseProfileText(text);
      if (!p || typeof p !== 'object' || Array.isArray(p)) throw new Error(t('advisor.import_not_profile'));
      profileToForm(p);
      store.set(PROFILE_KEY, formToProfile());
      ioMsg.textContent = t('advisor.imported', { from });
      return true;
    } catch (e) {
      ioMsg.textContent = `${t('advisor.import_failed')} ${e.message}`;
      return false;
    }
  }
  fileIn.addEventListener('change', async () => {
    const f = fileIn.files && fileIn.files[0];
    if (!f) return;
    if (importText(await readFile(f), f.name)) submit();
    fileIn.value = '';
  });

  // ------------------------------------------------------------ results
  const results = h('div', { class: 'advice-results', id: 'advice-results' });
  let srcMap = null;

  function sourcesLine(x) {
    if (!x || !x.sources || !x.sources.length) return null;
    return h('span', { class: 'sources small' }, ' ', x.sources.map((id, i) => [i ? ', ' : '', sourceLink(id, srcMap)]),
      x.verified === false ? h('span', { class: 'badge warn unverified' }, '⚠ ', t('fact.unverified')) : null);
  }

  function blockersBox(cn) {
    if (!cn.blockers || !cn.blockers.length) return null;
    return h('div', { class: 'blockers', role: 'group', 'aria-label': t('advisor.blockers') },
      h('h4', null, stopIcon(), t('advisor.blockers')),
      h('ul', null, cn.blockers.map((b) => h('li', { class: 'blocker', 'data-kind': b.kind },
        tx(b.text) ? tx(b.text) : h('strong', null, label('block', b.kind)), sourcesLine(b)))));
  }

  // The must-haves with the same three states as the CLI: met, not met,
  // unconfirmed (an unconfirmed one is never called "not met").
  function mustBox(cn) {
    const ms = cn.must_haves || [];
    if (!ms.length) return null;
    const unmet = ms.some((m) => m.status === 'unmet');
    return h('div', { class: `musts${unmet ? ' alert warn' : ''}` },
      h('strong', null, t(unmet ? 'advisor.must_unmet' : 'advisor.musts')),
      h('ul', { class: 'plain' }, ms.map((m) => h('li', { class: `must must-${m.status}`, 'data-kind': m.kind, 'data-status': m.status },
        h('span', { class: 'must-state' }, label('must', m.status)), ': ', tx(m.text)))));
  }

  // Why the document limits the stays: its expiry and the rule's margin.
  function validityWhy(e) {
    if (!e.document_expires) return null;
    const why = e.validity_months
      ? t(e.validity_counted_from === 'entry' ? 'advisor.validity_entry' : 'advisor.validity_departure', { date: e.document_expires, n: e.validity_months })
      : t('advisor.validity_expiry', { date: e.document_expires });
    return h('span', { class: 'muted small validity-why' }, ` (${why})`, e.validity_months ? sourcesLine(e) : null);
  }

  // Whose risks the knowledge base looked for: researched, none found, or
  // not researched (for everyone and for each of the person's factors).
  function researchLine(cn) {
    const rr = cn.risks_researched || [];
    const mine = Object.entries(c.factors).filter(([, el]) => el.checked).map(([f]) => f);
    const found = new Set((cn.risks || []).flatMap((r) => r.factors || []));
    const parts = [t(rr.includes('general') ? 'advisor.research_general_yes' : 'advisor.research_general_no')];
    for (const f of mine) {
      if (found.has(f)) continue;
      parts.push(t(rr.includes(f) ? 'advisor.research_factor_yes' : 'advisor.research_factor_no', { factor: label('factor', f) }));
    }
    return h('p', { class: 'muted small risk-research' }, parts.join(' '));
  }

  function risksBox(cn) {
    const rs = (cn.risks || []).slice().sort((a, b) => (b.personal - a.personal) || (b.blocker - a.blocker));
    if (!rs.length) return h('div', { class: 'risks' }, h('h4', null, t('advisor.risks')), researchLine(cn));
    const personal = rs.filter((r) => r.personal || r.blocker);
    const general = rs.filter((r) => !(r.personal || r.blocker));
    const item = (r) => h('li', { class: `risk sev-${r.severity}` },
      h('span', { class: `badge sev sev-${r.severity}` }, label('severity', r.severity)), ' ',
      r.personal ? h('span', { class: 'badge warn' }, t('advisor.for_you')) : null, ' ',
      h('strong', null, tx(r.title)), r.detail ? [' — ', tx(r.detail)] : null,
      h('span', { class: 'muted small' }, ` (${label('basis', r.basis)})`), sourcesLine(r));
    return h('div', { class: 'risks' },
      h('h4', null, t('advisor.risks')),
      personal.length ? h('ul', { class: 'plain' }, personal.map(item)) : h('p', { class: 'muted small' }, t('advisor.no_personal_risks')),
      general.length ? h('details', null, h('summary', null, t('advisor.general_risks', { n: general.length })), h('ul', { class: 'plain' }, general.map(item))) : null,
      researchLine(cn));
  }

  function keyFacts(cn) {
    const e = cn.entry || {}, st = cn.stay || {}, cost = cn.cost || {};
    const dl = [];
    const row = (k, ...v) => dl.push(h('dt', null, t(k)), h('dd', null, ...v));
    row('advisor.entry', label('verdict', e.verdict),
      e.document ? ` · ${label('doc', e.document)}` : '', e.access ? ` · ${label('access', e.access)}` : '',
      // One route only (a closed land border): say which.
      e.modes && e.modes.length === 1 ? ` (${label('mode', e.modes[0])})` : '',
      e.document_valid_until ? [' · ', t('advisor.valid_until'), ' ', timeEl(e.document_valid_until), validityWhy(e)] : null);
    if (st.known) {
      row('advisor.stay', tx(st.rule_text),
        st.cautious ? h('span', { class: 'badge warn' }, t('advisor.cautious')) : null,
        st.unbounded ? ` · ${t('advisor.unbounded')}` : st.max_stay_days >= 0 ? ` · ${t('advisor.max_stay', { n: st.max_stay_days })}` : '',
        st.days_next_365 >= 0 ? ` · ${t('advisor.days_365', { n: st.days_next_365, exits: st.exits_next_365 })}` : '');
    } else row('advisor.stay', h('span', { class: 'muted' }, t('advisor.stay_unknown')));
    if (cost.status && cost.status !== 'unknown') {
      const range = cost.low === cost.high ? num(cost.low) : `${num(cost.low)}–${num(cost.high)}`;
      const over = cost.budget !== null && cost.budget !== undefined && cost.low > cost.budget;
      row('advisor.cost', h('span', { class: over ? 'danger-text' : null }, `${range} ${cost.currency}`, ' ', t('advisor.per_month')),
        cost.status === 'partial' ? h('span', { class: 'muted small' }, ` (${t('advisor.cost_partial')})`) : null,
        // A range over places: from the cheapest place to the dearest.
        cost.low_place && cost.high_place ? h('span', { class: 'muted small cost-places' }, ` (${tx(cost.low_place)} – ${tx(cost.high_place)})`) : null,
        cost.budget !== null && cost.budget !== undefined ? h('span', { class: 'muted' }, ` · ${t('advisor.budget', { n: num(cost.budget), cur: cost.currency })}`) : null);
    } else row('advisor.cost', h('span', { class: 'muted' }, t('advisor.cost_unknown')));
    return h('dl', { class: 'key-facts' }, dl);
  }

  function pathwaysBox(cn) {
    const ps = cn.pathways || [];
    if (!ps.length) return null;
    const order = { qualifies: 0, unknown: 1, missing: 2, not_recorded: 3 };
    return h('details', { class: 'pathways' },
      h('summary', null, t('advisor.pathways', { q: ps.filter((p) => p.status === 'qualifies').length, n: ps.length })),
      h('ul', { class: 'plain' }, ps.slice().sort((a, b) => order[a.status] - order[b.status]).map((p) => h('li', { class: `pathway st-${p.status}` },
        h('span', { class: `badge st st-${p.status}` }, label('pstatus', p.status)), ' ',
        h('strong', null, tx(p.name)), h('span', { class: 'muted small' }, ` · ${label('pathway', p.kind)}`),
        p.months_to_residence >= 0 && p.months_to_residence !== null ? h('span', { class: 'muted small' }, ` · ${t('country.months_to_residence')}: ${p.months_to_residence}`) : null,
        sourcesLine(p),
        p.checks && p.checks.length ? h('ul', { class: 'checks' }, p.checks.map((ch) => h('li', { class: `check-${ch.status}` },
          ch.status === 'met' ? '✓ ' : ch.status === 'unmet' ? '✗ ' : '? ', tx(ch.text)))) : null))));
  }

  function whyBox(cn) {
    const ex = cn.explanation || {};
    return h('details', { class: 'why' },
      h('summary', null, t('advisor.why')),
      h('p', { class: 'muted small' }, t('advisor.why_lead')),
      DIMS.filter((d) => ex[d] && ex[d].length).map((d) => h('div', { class: 'why-dim' },
        h('h5', null, label('dim', d), ': ', num(cn.scores ? cn.scores[d] : 0, 1),
          cn.score_confidence ? h('span', { class: 'muted small score-conf' }, ` · ${t('advisor.confidence', { n: pct(cn.score_confidence[d]) })}`) : null),
        h('ul', { class: 'plain why-list' }, ex[d].map((r) => h('li', { class: r.base ? 'base' : r.cautious ? 'neutral' : r.points >= 0 ? 'plus' : 'minus' },
          h('span', { class: 'pts' }, r.base ? `${num(r.points, 1)}` : `${r.points >= 0 ? '+' : '−'}${num(Math.abs(r.points), 1)}`), ' ',
          tx(r.text), r.cautious ? h('span', { class: 'muted small' }, ` (${t('advisor.neutral')})`) : null, sourcesLine(r)))))));
  }

  // The summary's top reasons: what moved the scores most.
  function topReasons(cn) {
    const rs = cn.top_reasons || [];
    if (!rs.length) return null;
    return h('ul', { class: 'plain top-reasons small' }, rs.map((r) => h('li', { class: r.points >= 0 ? 'plus' : 'minus' },
      h('span', { class: 'muted' }, `${label('dim', r.dimension)} ${r.points >= 0 ? '+' : '−'}${num(Math.abs(r.points), 1)}: `), tx(r.text))));
  }

  // The full advice of one country, fetched when its details are opened
  // (POST /api/advise/{cc}); the summary draws the card.
  let lastQuery = null;
  const fullCache = new Map();
  function fullOf(code) {
    if (!fullCache.has(code)) {
      const q = lastQuery;
      fullCache.set(code, api.adviseCountry(q.profile, q.asOf, code).then((r) => r.country)
        .catch((e) => { fullCache.delete(code); throw e; }));
    }
    return fullCache.get(code);
  }

  function card(cn, weights) {
    // Scores (from the summary) show at once; the rest is fetched on demand.
    const scores = () => [
      cn.scores ? chartBox((w) => scoreBars({
        width: Math.min(w, 560),
        rows: DIMS.map((d) => ({ label: `${label('dim', d)} ×${num(weights[d] ?? 0, 1)}`, score: cn.scores[d] })),
        labels: { aria: t('advisor.scores_aria', { country: tx(cn.name) }) },
      }), 'scores-box') : null,
      cn.score_confidence ? h('p', { class: 'muted small score-confs' }, t('advisor.score_confs'), ' ',
        DIMS.map((d, i) => [i ? ', ' : '', `${label('dim', d)} ${pct(cn.score_confidence[d])}%`])) : null,
      topReasons(cn)];
    const more = h('div', { class: 'card-full' });
    const details = (full) => [
      keyFacts(full),
      risksBox(full),
      full.unknowns && full.unknowns.length ? h('details', { class: 'unknowns' },
        h('summary', null, t('advisor.unknowns', { n: full.unknowns.length })),
        h('ul', { class: 'plain' }, full.unknowns.map((u) => h('li', null, h('span', { class: 'muted small' }, `${label('dim', u.dimension)}: `), tx(u.text))))) : null,
      pathwaysBox(full),
      whyBox(full)];
    let loaded = false;
    const box = h('details', { class: 'card-more', 'data-country': cn.code }, h('summary', null, t('advisor.details')), more);
    box.addEventListener('toggle', async () => {
      if (!box.open || loaded) return;
      loaded = true;
      mount(more, loading());
      try {
        mount(more, details(await fullOf(cn.code)));
        more.dataset.loaded = '1';
      } catch (e) {
        loaded = false;
        mount(more, errorBox(e));
      }
    });

    return h('article', { class: `card advice-card${cn.blocked ? ' blocked' : ''}`, 'data-country': cn.code },
      h('header', { class: 'card-head' },
        h('h3', null, cn.blocked ? null : h('span', { class: 'rank' }, `${cn.rank}. `),
          h('a', { href: `#/country/${cn.code}` }, tx(cn.name))),
        cn.blocked ? h('span', { class: 'badge error-badge' }, t('advisor.blocked')) : h('span', { class: 'total' },
          h('span', { class: 'total-n' }, num(cn.total)), h('span', { class: 'muted small' }, ' / 100')),
        h('span', { class: 'confidence muted small' }, t('advisor.confidence', { n: Math.round((cn.confidence || 0) * 100) }))),
      blockersBox(cn),
      mustBox(cn),
      cn.blocked ? null : scores(),
      box);
  }

  let shown = 10;
  function drawResults(resp) {
    const ok = resp.countries || [];
    const blocked = resp.blocked || [];
    const weights = resp.weights || {};
    const list = ok.slice(0, shown);
    // Countries that are dangerous for this person come before those that
    // only need another document or a visa.
    const isDanger = (cn) => (cn.blockers || []).some((b) => b.kind === 'risk' || b.kind === 'entry_bar');
    const danger = blocked.filter(isDanger);
    const noEntry = blocked.filter((cn) => !isDanger(cn));
    mount(results,
      h('h2', { id: 'advice-h' }, t('advisor.results', { date: resp.as_of })),
      h('p', { class: 'lead' }, t('advisor.summary', { ok: ok.length, blocked: blocked.length })),
      blocked.length ? h('p', null, h('button', { type: 'button', class: 'linklike', onclick: () => {
        const el = document.getElementById('blocked-h'); if (el) { el.setAttribute('tabindex', '-1'); el.focus(); el.scrollIntoView(); }
      } }, t('advisor.jump_blocked', { n: blocked.length }))) : null,
      h('section', { 'aria-labelledby': 'ranked-h', class: 'ranked' },
        h('h3', { id: 'ranked-h', class: 'group-h' }, t('advisor.ranked')),
        list.length ? list.map((cn) => card(cn, weights)) : h('p', null, t('advisor.none_ok')),
        ok.length > shown ? h('button', { type: 'button', onclick: () => { shown = ok.length; drawResults(resp); } }, t('advisor.show_all', { n: ok.length - shown })) : null),
      blocked.length ? h('section', { 'aria-labelledby': 'blocked-h', class: 'blocked-list', id: 'blocked-section' },
        h('h3', { id: 'blocked-h', class: 'group-h' }, stopIcon(), t('advisor.blocked_h', { n: blocked.length })),
        h('p', { class: 'muted' }, t('advisor.blocked_lead')),
        danger.length ? [h('h4', { class: 'group-sub' }, t('advisor.blocked_danger', { n: danger.length })), danger.map((cn) => card(cn, weights))] : null,
        noEntry.length ? [h('h4', { class: 'group-sub' }, t('advisor.blocked_entry', { n: noEntry.length })), noEntry.map((cn) => card(cn, weights))] : null) : null);
  }

  const formMsg = h('p', { class: 'form-msg', role: 'alert' });
  let seq = 0;
  async function submit() {
    const profile = formToProfile();
    store.set(PROFILE_KEY, profile);
    formMsg.textContent = '';
    const asOf = isDate(asOfIn.value) ? asOfIn.value : today();
    const my = ++seq;
    mount(results, loading());
    try {
      const [resp, src] = await Promise.all([api.advise(profile, asOf), sourcesById().catch(() => new Map())]);
      if (my !== seq) return;
      lastQuery = { profile, asOf };
      fullCache.clear();
      srcMap = src;
      shown = 10;
      drawResults(resp);
      const hEl = document.getElementById('advice-h');
      if (hEl) { hEl.setAttribute('tabindex', '-1'); hEl.focus({ preventScroll: true }); hEl.scrollIntoView({ block: 'start' }); }
    } catch (e) {
      if (my !== seq) return;
      mount(results, errorBox(e));
    }
  }

  // ------------------------------------------------------------ layout
  const fsSet = (id, legend, ...kids) => h('fieldset', { class: 'form-group', id }, h('legend', null, legend), ...kids);
  const form = h('form', { class: 'profile-form', id: 'profile-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); submit(); }, oninput: changed, onchange: changed },
    fsSet('fs-about', t('advisor.about'),
      field(t('advisor.name'), c.name, t('advisor.name_hint')),
      field(t('advisor.citizenships'), c.citizenships, t('advisor.codes_hint')),
      field(t('advisor.age'), c.age)),
    fsSet('fs-docs', t('advisor.documents'),
      h('p', { class: 'hint' }, t('advisor.documents_hint')),
      docRows,
      h('button', { type: 'button', class: 'small', onclick: () => { docRows.append(docRow({ type: 'passport' })); changed(); } }, t('advisor.add_doc'))),
    fsSet('fs-money', t('advisor.money'),
      field(t('advisor.currency'), c.currency, t('advisor.currency_hint')),
      h('datalist', { id: 'currency-list' }, CURRENCIES.map((x) => h('option', { value: x }))),
      MONEY.map((m) => {
        const f = field(t(`advisor.money.${m}`), c.money[m]);
        f.append(moneyNotes[m]);
        return f;
      })),
    fsSet('fs-work', t('advisor.work'),
      field(t('advisor.work_mode'), c.mode),
      field(t('advisor.it'), c.it), field(t('advisor.offer'), c.offer), field(t('advisor.study'), c.study)),
    fsSet('fs-family', t('advisor.family'),
      field(t('advisor.partner'), c.partner),
      field(t('advisor.children'), c.children, t('advisor.children_hint')),
      field(t('advisor.ties'), c.ties, t('advisor.ties_hint'))),
    fsSet('fs-langs', t('advisor.languages'), field(t('advisor.languages_field'), c.languages, t('advisor.languages_hint'))),
    fsSet('fs-risk', t('advisor.risk_factors'),
      h('p', { class: 'hint' }, t('advisor.risk_hint')),
      FACTORS.map((f) => field(label('factor', f), c.factors[f])),
      field(t('advisor.persecuted'), c.persecuted, t('advisor.persecuted_hint'))),
    fsSet('fs-prefs', t('advisor.preferences'),
      h('p', { class: 'hint' }, t('advisor.weights_hint')),
      DIMS.map((d) => { const f = field(label('dim', d), c.weights[d]); f.classList.add('range'); f.append(weightOut[d]); return f; }),
      field(t('advisor.must_ru'), c.mustRu),
      field(t('advisor.must_months'), c.mustMonths, t('advisor.must_months_hint'))),
    h('div', { class: 'form-actions' },
      field(t('advisor.as_of'), asOfIn),
      h('button', { type: 'submit', class: 'primary', id: 'advise-submit' }, t('advisor.submit'))),
    formMsg);
  for (const d of DIMS) weightOut[d].setAttribute('for', c.weights[d].id);

  mount(root,
    h('h1', null, t('advisor.title')),
    h('p', { class: 'lead' }, t('advisor.lead')),
    h('aside', { class: 'privacy-note', 'aria-label': t('privacy.note_label') }, h('p', null, t('advisor.privacy'), ' ', h('a', { href: '#/privacy' }, t('footer.more')))),
    h('section', { class: 'card-section', 'aria-labelledby': 'import-h' },
      h('h2', { id: 'import-h' }, t('advisor.import_h')),
      h('p', null, t('advisor.import_lead')),
      h('div', { class: 'toolbar' },
        h('label', { class: 'button', for: 'profile-import' }, t('advisor.import_file')), fileIn,
        h('button', { type: 'button', id: 'profile-export', onclick: () => {
          download(`relok-profile-${today()}.json`, `${JSON.stringify(formToProfile(), null, 2)}\n`);
          ioMsg.textContent = t('advisor.exported');
        } }, t('advisor.export')),
        h('button', { type: 'button', class: 'danger', onclick: () => {
          if (!window.confirm(t('advisor.confirm_reset'))) return;
          store.remove(PROFILE_KEY); profileToForm(structuredClone(DEFAULT_PROFILE)); mount(results); ioMsg.textContent = '';
        } }, t('advisor.reset'))),
      h('details', null, h('summary', null, t('advisor.paste')),
        field(t('advisor.paste_label'), pasteArea),
        h('button', { type: 'button', id: 'profile-paste-load', onclick: () => { if (importText(pasteArea.value, t('advisor.pasted'))) submit(); } }, t('advisor.paste_load'))),
      ioMsg),
    h('section', { class: 'card-section', 'aria-labelledby': 'profile-h' }, h('h2', { id: 'profile-h' }, t('advisor.profile_h')), form),
    results);
  profileToForm(base);
}
