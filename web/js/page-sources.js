// SPDX-License-Identifier: MIT
// The sources the knowledge base cites (GET /api/sources), searchable; a
// source id in the query (#/sources?id=brief:XVI) is highlighted.

import { h, mount, debounce } from './util.js';
import { t } from './i18n.js';
import { api } from './api.js';
import { errorBox, loading, field } from './components.js';

export async function render(root, params, query) {
  const want = query.get('id') || '';
  mount(root, h('h1', null, t('sources.title')), loading());
  let data;
  try {
    data = await api.sources();
  } catch (e) {
    mount(root, h('h1', null, t('sources.title')), errorBox(e, () => render(root, params, query)));
    return;
  }
  const all = data.sources || [];
  const searchIn = h('input', { type: 'search', name: 'q', value: want, autocomplete: 'off' });
  const status = h('p', { class: 'muted', role: 'status' });
  const list = h('ol', { class: 'source-list full' });
  const more = h('div');
  const PAGE = 40;
  let limit = PAGE;
  function draw() {
    const q = searchIn.value.trim().toLowerCase();
    const rows = all.filter((s) => !q || [s.id, s.title, s.publisher, s.note, s.date].filter(Boolean).join(' ').toLowerCase().includes(q));
    status.textContent = t('sources.count', { n: rows.length, total: all.length });
    mount(more, rows.length > limit ? h('button', { type: 'button', onclick: () => { limit += 200; draw(); } },
      t('sources.more', { n: Math.min(200, rows.length - limit) })) : null);
    mount(list, rows.slice(0, limit).map((s) => h('li', { class: s.id === want ? 'highlight' : null, id: `src-${s.id}` },
      h('p', null, h('code', null, s.id), ' ',
        s.url ? h('a', { href: s.url, rel: 'noopener noreferrer external', target: '_blank' }, s.title) : h('strong', null, s.title)),
      h('p', { class: 'muted small' }, [s.publisher, s.date, s.accessed ? t('sources.accessed', { date: s.accessed }) : null].filter(Boolean).join(' · ')),
      s.note ? h('p', { class: 'note' }, s.note) : null)));
  }
  searchIn.addEventListener('input', debounce(() => { limit = PAGE; draw(); }, 120));
  mount(root,
    h('h1', null, t('sources.title')),
    h('p', { class: 'lead' }, t('sources.lead')),
    h('form', { class: 'filters', role: 'search', onsubmit: (e) => e.preventDefault() }, field(t('sources.search'), searchIn)),
    status, list, more);
  draw();
}
