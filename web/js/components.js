// SPDX-License-Identifier: MIT
// Pieces shared by the pages: how a fact shows its evidence (verified on a
// date, or "unverified — check: …", its basis and sources), enum labels,
// error and loading states, form fields with labels.

import { h, timeEl, newId } from './util.js';
import { t, tx } from './i18n.js';
import { errorText } from './errors.js';

/** Label for an enum value of the KB or the engines (group access, value visa_free), from GET /api/labels. */
export function label(group, value) {
  if (value === null || value === undefined) return t('unknown');
  const key = `${group}.${value}`;
  const v = t(key);
  return v === key ? String(value).replace(/_/g, ' ') : v;
}

/** A source id as a link: to its URL when it has one, else to the sources page. */
export function sourceLink(id, srcMap) {
  const src = srcMap ? srcMap.get(id) : null;
  const tip = src ? [src.title, src.publisher, src.date].filter(Boolean).join(' · ') : id;
  if (src && src.url) {
    return h('a', { class: 'src', href: src.url, title: tip, rel: 'noopener noreferrer external', target: '_blank' }, id);
  }
  return h('a', { class: 'src', href: `#/sources?id=${encodeURIComponent(id)}`, title: tip }, id);
}

/** The "verified" or "unverified — check: …" mark of a fact. */
export function verifiedMark(f) {
  if (f.verified) {
    return h('span', { class: 'badge ok' }, '✓ ', t('fact.verified'), f.verified_on ? [' ', timeEl(f.verified_on)] : null);
  }
  return h('span', { class: 'badge warn unverified' }, '⚠ ', t('fact.unverified'),
    f.to_check ? [' — ', t('fact.check'), ' ', tx(f.to_check)] : null);
}

/** The evidence line of a fact: validity, basis, verification, sources, note. */
export function factMeta(f, srcMap, { validity = true } = {}) {
  const parts = [];
  if (validity && (f.from !== undefined)) {
    const from = f.from === 'unknown' || !f.from ? t('fact.since_unknown') : [t('fact.from'), ' ', timeEl(f.from)];
    parts.push(h('span', { class: 'validity' }, from, f.to ? [' ', t('fact.to'), ' ', timeEl(f.to)] : null));
  }
  if (f.basis) parts.push(h('span', { class: `badge basis basis-${f.basis}` }, label('basis', f.basis)));
  parts.push(verifiedMark(f));
  if (f.sources && f.sources.length) {
    parts.push(h('span', { class: 'sources' }, t('fact.sources'), ' ',
      f.sources.map((id, i) => [i ? ', ' : '', sourceLink(id, srcMap)])));
  }
  return h('div', { class: 'fact-meta' }, parts,
    f.note ? h('p', { class: 'note' }, tx(f.note)) : null);
}

export function errorBox(err, retry) {
  return h('div', { class: 'alert error', role: 'alert' },
    h('p', null, h('strong', null, t('error.title')), ' ', errorText(err)),
    retry ? h('button', { type: 'button', onclick: retry }, t('error.retry')) : null);
}

/** A red "no entry" sign drawn in CSS (emoji fonts are not everywhere). */
export function stopIcon() {
  return h('span', { class: 'icon-stop', 'aria-hidden': 'true' });
}

export function loading() {
  return h('p', { class: 'loading', role: 'status' }, t('loading'));
}

/** A labelled form field. control is an <input>/<select>; returns the wrapper. */
export function field(labelText, control, hint) {
  if (!control.id) control.id = newId();
  const hintEl = hint ? h('span', { class: 'hint', id: `${control.id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  if (control.type === 'checkbox' || control.type === 'radio') {
    return h('div', { class: 'field check' }, control, h('label', { for: control.id }, labelText), hintEl);
  }
  return h('div', { class: 'field' }, h('label', { for: control.id }, labelText), control, hintEl);
}

export function select(options, value, attrs = {}) {
  return h('select', attrs, options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
}

/** A section with a heading (h2) and an id for in-page links. */
export function section(id, title, ...kids) {
  return h('section', { class: 'card-section', 'aria-labelledby': `${id}-h` },
    h('h2', { id: `${id}-h` }, title), ...kids);
}
