// SPDX-License-Identifier: MIT
// relok's service worker: keeps the app shell and the public knowledge-base
// answers already seen, so the UI works offline once loaded. Network first
// (so a KB update or a new release shows at once), the cache when offline.
// It never stores POST requests or their answers (trips, profiles), and it
// only ever handles requests to this origin.

const VERSION = 'relok-v1';
const SHELL = [
  './',
  'index.html',
  'app.css',
  'manifest.webmanifest',
  'icon.svg',
  'js/main.js',
  'js/router.js',
  'js/util.js',
  'js/i18n.js',
  'js/strings.js',
  'js/store.js',
  'js/api.js',
  'js/components.js',
  'js/errors.js',
  'js/charts.js',
  'js/yaml.js',
  'js/page-compare.js',
  'js/page-country.js',
  'js/page-stay.js',
  'js/page-planner.js',
  'js/page-tax.js',
  'js/page-advisor.js',
  'js/page-scenarios.js',
  'js/page-report.js',
  'js/page-sources.js',
  'js/page-privacy.js',
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(VERSION).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k !== VERSION).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin) return;
  // Public GETs only: the app files and the KB's own answers.
  if (url.pathname.startsWith('/api/') && !/^\/api\/(countries|sources|labels|openapi\.json)/.test(url.pathname)) return;
  event.respondWith(fetch(req).then((res) => {
    if (res.ok) {
      const copy = res.clone();
      caches.open(VERSION).then((c) => c.put(req, copy)).catch(() => {});
    }
    return res;
  }).catch(() => caches.match(req).then((hit) => hit || (req.mode === 'navigate' ? caches.match('index.html') : Response.error()))));
});
