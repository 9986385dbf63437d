// SPDX-License-Identifier: MIT
// Fixtures shared by the browser test files: example trips and profile, the
// pages every language is checked on, and helpers that seed a context's
// localStorage and fill the stay form.

import path from 'node:path';
import { newContext, open, REPO, TODAY } from './lib.mjs';

export const ACTIVIST = path.join(REPO, 'examples', 'profiles', 'activist-criminal-case.yaml');

// Two trips to Kazakhstan (90 days in any 180 since 27 January 2023):
// 10 Jan – 8 Feb 2024 is 30 days (both ends count); back on 1 March and still
// there on 10 March: 10 more days, so 40 used and 50 left. Staying on, day
// 90 of the window is 29 April (30 + 1 Mar…29 Apr = 30 + 60), so the latest
// lawful exit is 2024-04-29; on 30 April the count would be 91.
export const KZ_TRIPS = [
  { country: 'KZ', entry: '2024-01-10', exit: '2024-02-08', status: 'visit' },
  { country: 'KZ', entry: '2024-03-01', exit: null, status: 'visit' },
];
export const KZ_ON = '2024-03-10';
export const KZ_LATEST_EXIT = '2024-04-29';

export const PAGES = [
  { name: 'compare', route: '/', ready: '#compare-table tbody tr' },
  { name: 'country-KZ', route: `/country/KZ?as_of=${TODAY}`, ready: 'section[aria-labelledby="history-h"] svg.chart' },
  { name: 'country-GE', route: `/country/GE?as_of=${TODAY}`, ready: 'section[aria-labelledby="indicators-h"] svg.chart' },
  { name: 'stay', route: '/stay', ready: '#trip-form' },
  { name: 'planner', route: '/planner', ready: '#plan-form' },
  { name: 'tax', route: '/stay/tax', ready: '.tax-results[data-state="tax"]' },
  { name: 'advisor', route: '/advisor', ready: '#profile-form' },
  { name: 'sources', route: '/sources', ready: '.source-list li' },
  { name: 'privacy', route: '/privacy', ready: '#delete-all' },
];


/** Put trips and a profile in a context's localStorage before any page runs. */
export async function seed(ctx, { trips, profile, lang } = {}) {
  await ctx.addInitScript(([tr, pr, lg]) => {
    // A new page starts on about:blank, whose storage may not be read.
    if (location.protocol === 'about:') return;
    if (sessionStorage.getItem('relok-e2e-seeded')) return;
    sessionStorage.setItem('relok-e2e-seeded', '1');
    if (tr) localStorage.setItem('relok.stay.trips', JSON.stringify(tr));
    if (pr) localStorage.setItem('relok.advisor.profile', JSON.stringify(pr));
    if (lg) localStorage.setItem('relok.lang', JSON.stringify(lg));
  }, [trips || null, profile || null, lang || null]);
}

export async function fillTrip(page, trip) {
  await page.selectOption('#trip-form select[name="country"]', trip.country);
  await page.fill('#trip-form input[name="entry"]', trip.entry);
  if (trip.exit) {
    await page.fill('#trip-form input[name="exit"]', trip.exit);
  } else {
    await page.check('#trip-form input[name="ongoing"]');
  }
  await page.selectOption('#trip-form select[name="status"]', trip.status || 'visit');
  await page.click('#trip-submit');
}

/** A new context in lang with trips seeded, on route; the stay page's check date set to on. */
export async function openWith(browser, lang, trips, route, on = null) {
  const ctx = await newContext(browser, { locale: lang === 'ru' ? 'ru-RU' : 'en-US' });
  await seed(ctx, { trips });
  const page = await ctx.newPage();
  await open(page, route);
  if (on) await page.fill('input[name="on"]', on);
  return { ctx, page };
}
