// SPDX-License-Identifier: MIT
// The shell of the web UI: header with navigation and the language switch,
// hash routing (#/, #/country/GE, #/stay, #/stay/tax, #/planner, #/advisor, #/scenarios, #/report, #/sources, #/privacy),
// focus and title on every page change, and the service worker that keeps
// the app usable offline once it has been loaded.

import { h, mount } from './util.js';
import { initLang, getLang, setLang, t } from './i18n.js';
import { parseHash } from './router.js';
import * as compare from './page-compare.js';
import * as country from './page-country.js';
import * as stay from './page-stay.js';
import * as advisor from './page-advisor.js';
import * as planner from './page-planner.js';
import * as tax from './page-tax.js';
import * as scenarios from './page-scenarios.js';
import * as report from './page-report.js';
import * as sources from './page-sources.js';
import * as privacy from './page-privacy.js';

const ROUTES = [
  { re: /^\/?$/, page: compare, nav: 'compare' },
  { re: /^\/country\/([A-Za-z]{2})$/, page: country, nav: 'compare' },
  { re: /^\/stay$/, page: stay, nav: 'stay' },
  { re: /^\/stay\/tax$/, page: tax, nav: 'stay' },
  { re: /^\/planner$/, page: planner, nav: 'planner' },
  { re: /^\/advisor$/, page: advisor, nav: 'advisor' },
  { re: /^\/scenarios$/, page: scenarios, nav: 'scenarios' },
  // The model check belongs to the scenarios (linked from their page), so
  // the navigation keeps its width at 360 px.
  { re: /^\/report$/, page: report, nav: 'scenarios' },
  { re: /^\/sources$/, page: sources, nav: 'sources' },
  { re: /^\/privacy$/, page: privacy, nav: 'privacy' },
];

const NAV = [
  { id: 'compare', href: '#/' },
  { id: 'stay', href: '#/stay' },
  { id: 'planner', href: '#/planner' },
  { id: 'advisor', href: '#/advisor' },
  { id: 'scenarios', href: '#/scenarios' },
  { id: 'sources', href: '#/sources' },
  { id: 'privacy', href: '#/privacy' },
];

let current = null;      // { page, cleanup }
let lastPath = null;
let navSeq = 0;

function renderHeader(active) {
  const header = document.getElementById('site-header');
  const other = getLang() === 'ru' ? 'en' : 'ru';
  const navList = h('ul', { class: 'nav-list' },
    NAV.map((n) => h('li', null, h('a', {
      href: n.href, class: n.id === active ? 'active' : null, 'aria-current': n.id === active ? 'page' : null,
    }, t(`nav.${n.id}`)))));
  mount(header,
    h('a', { class: 'brand', href: '#/' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, '↗'), 'relok'),
    h('nav', { 'aria-label': t('nav.label'), class: 'site-nav' }, navList),
    h('button', {
      type: 'button', class: 'lang-switch', id: 'lang-switch', lang: other,
      'aria-label': t('lang.switch_label'),
      onclick: () => { setLang(other); route(true); },
    }, other === 'ru' ? 'RU' : 'EN'));
  document.getElementById('skip-link').textContent = t('skip');
  mount(document.getElementById('site-footer'),
    h('p', null, t('footer.privacy'), ' ', h('a', { href: '#/privacy' }, t('footer.more'))),
    h('p', { class: 'faint' }, t('footer.data'), ' ', h('a', { href: '/api/openapi.json' }, 'JSON API'), '.'));
}

async function route(langChanged = false) {
  const { path, query } = parseHash();
  let match = null, page = null, nav = null;
  for (const r of ROUTES) {
    const m = r.re.exec(path);
    if (m) { match = m; page = r.page; nav = r.nav; break; }
  }
  const main = document.getElementById('main');
  // data-ready names the route once it has rendered (the e2e tests wait for it).
  delete document.body.dataset.ready;
  if (current && current.cleanup) current.cleanup();
  current = null;
  renderHeader(nav);
  if (!page) {
    navSeq += 1;
    document.title = `${t('notfound.title')} — relok`;
    mount(main, h('h1', { tabindex: '-1' }, t('notfound.title')), h('p', null, h('a', { href: '#/' }, t('notfound.back'))));
    document.body.dataset.ready = path;
    return;
  }
  const samePage = lastPath === path;
  const firstLoad = lastPath === null;
  lastPath = path;
  // Each navigation renders into its own view: a slow page that finishes
  // after the person has moved on writes into a view no longer shown.
  const token = ++navSeq;
  const view = h('div', { class: 'view' });
  mount(main, view);
  const cleanup = await page.render(view, match.slice(1), query, { langChanged, samePage });
  if (token !== navSeq) { if (cleanup) cleanup(); return; }
  current = { page, cleanup };
  document.body.dataset.ready = path;
  const h1 = main.querySelector('h1');
  document.title = h1 ? `${h1.textContent} — relok` : 'relok';
  // On a new page (not the first: the skip link stays the first Tab stop),
  // move focus to its heading so screen readers announce it.
  if (!firstLoad && !samePage && !langChanged && h1) {
    h1.setAttribute('tabindex', '-1');
    h1.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }
  if (langChanged) {
    const sw = document.getElementById('lang-switch');
    if (sw) sw.focus();
  }
}

function start() {
  initLang();
  document.getElementById('skip-link').addEventListener('click', (e) => {
    e.preventDefault();
    const m = document.getElementById('main');
    m.focus();
    m.scrollIntoView();
  });
  window.addEventListener('hashchange', () => route(false));
  route(false);
  // The service worker keeps the app shell (and the public KB answers already
  // seen) for offline use. It never stores POST bodies or answers.
  if ('serviceWorker' in navigator && location.protocol !== 'file:') {
    navigator.serviceWorker.register('sw.js').catch(() => { /* offline support is optional */ });
  }
}

start();
