// SPDX-License-Identifier: MIT
// What the web UI keeps and where: everything the person types stays in this
// browser's localStorage; the server gets trips and profiles only to answer
// one request and keeps nothing. A button deletes everything kept here.

import { h, mount } from './util.js';
import { t } from './i18n.js';
import { store } from './store.js';

export async function render(root) {
  const msg = h('p', { class: 'form-msg', role: 'status' });
  mount(root,
    h('h1', null, t('privacy.title')),
    h('p', { class: 'lead' }, t('privacy.lead')),
    h('h2', null, t('privacy.kept_h')),
    h('ul', null, ['privacy.kept_trips', 'privacy.kept_profile', 'privacy.kept_prefs'].map((k) => h('li', null, t(k)))),
    h('h2', null, t('privacy.sent_h')),
    h('ul', null, ['privacy.sent_calc', 'privacy.sent_server', 'privacy.sent_none', 'privacy.sent_offline'].map((k) => h('li', null, t(k)))),
    h('h2', null, t('privacy.risk_h')),
    h('ul', null, ['privacy.risk_device', 'privacy.risk_host', 'privacy.risk_export'].map((k) => h('li', null, t(k)))),
    h('h2', null, t('privacy.delete_h')),
    h('p', null, t('privacy.delete_lead')),
    h('button', { type: 'button', class: 'danger', id: 'delete-all', onclick: () => {
      if (!window.confirm(t('privacy.confirm'))) return;
      store.clearAll();
      msg.textContent = t('privacy.deleted');
    } }, t('privacy.delete')),
    msg,
    h('h2', null, t('privacy.honesty_h')),
    h('p', null, t('privacy.honesty')));
}
