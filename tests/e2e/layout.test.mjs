// SPDX-License-Identifier: MIT
// Browser end-to-end tests of the relok web UI, second part (the first is
// browser.test.mjs; scripts/e2e.sh runs the files as two ctest tests, each
// with its own server): every page on a 360-px phone without sideways
// scrolling, costs over time, label geometry at 360 px, offline use,
// keyboard basics and the library's enum labels. Screenshots go to
// $RELOK_E2E_OUT/screenshots.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  launch, newContext, expectClean, open, settle, shot, horizontalOverflow, waitStay, overlapping, BASE, OUT, TODAY,
} from './lib.mjs';
import { ACTIVIST, KZ_TRIPS, KZ_ON, PAGES, seed } from './fixtures.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { if (browser) await browser.close(); });

for (const lang of ['en', 'ru']) {
  describe(`phone, 360 px wide, ${lang === 'ru' ? 'Russian' : 'English'}`, () => {
    let ctx, page;
    before(async () => {
      ctx = await newContext(browser, { locale: lang === 'ru' ? 'ru-RU' : 'en-US', width: 360, height: 740, mobile: true });
      await seed(ctx, { trips: KZ_TRIPS });
      page = await ctx.newPage();
    });
    after(async () => { if (ctx) await ctx.close(); });
    for (const p of PAGES) {
      it(`${p.name} does not scroll sideways (screenshot ${p.name}-${lang}-phone.png)`, async () => {
        ctx.problems = [];
        await open(page, p.route);
        await page.waitForSelector(p.ready);
        if (p.name === 'stay') {
          await page.fill('input[name="on"]', KZ_ON);
          await waitStay(page);
        }
        if (p.name === 'advisor') {
          await page.setInputFiles('#profile-import', ACTIVIST);
          await page.waitForSelector('#blocked-section');
        }
        await settle(page);
        const over = await horizontalOverflow(page);
        if (over > 0) await shot(page, `overflow-${p.name}-${lang}-phone`);
        assert.ok(over <= 0, `${p.name} (${lang}) scrolls sideways by ${over}px at 360 px`);
        await shot(page, `${p.name}-${lang}-phone`);
        expectClean(ctx);
      });
    }
  });
}


// Issue 12: a cost observed on several dates is drawn as a series in the
// costs section (one item, city, area and currency per chart), and the
// reported rent rises (Tbilisi, Yerevan, Bishkek; the brief's endnotes XXXVIII
// and LXXXIX among the sources) as dated points beside them; a lone rise is
// drawn as that range with its date.
describe('costs over time', () => {
  it('draws cost series and the rent rises in the costs section', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    const sec = 'section[aria-labelledby="costs-h"]';
    // Costs observed after the date asked are not shown: ask for a recent date.
    const RECENT = '2026-12-01';
    await open(page, `/country/KZ?as_of=${RECENT}`);
    await page.waitForSelector(`${sec} figure.cost-series svg.chart`);
    await settle(page);
    // A single figure is written out (it was shown as dashes: the page read
    // `amount`, which the API calls `value`).
    const list = await page.locator(`${sec} ul.facts`).textContent();
    assert.ok(/365,760/.test(list), `the Almaty centre rent is written out: ${list.slice(0, 300)}`);
    assert.ok(!/–––/.test(list), 'no figure is shown as dashes');
    // A figure whose source gives no date says so, and stays off the time axis.
    assert.ok(await page.locator(`${sec} ul.facts .undated`).count() >= 1, 'undated figures are marked');
    const almaty = page.locator(`${sec} figure.cost-series[data-series="rent_1br|Almaty|centre|KZT"]`);
    assert.equal(await almaty.locator('table.data-table tbody tr').count(), 2, 'Almaty centre: 2022 and 2026');
    assert.equal(await almaty.locator('svg.ch-single').count(), 0, 'two dates: a chart with a time axis');
    assert.equal(await almaty.locator('svg circle.ch-point').count(), 2, 'two single figures, two points');
    assert.match(await almaty.locator('svg').textContent(), /2026/, 'the time axis reaches 2026');
    // Fees are prices set by law, not observations: never a series.
    assert.equal(await page.locator(`${sec} figure.cost-series[data-series^="visa_fee"], ${sec} figure.cost-series[data-series^="permit_fee"]`).count(), 0);
    for (const [cc, rows, single] of [['GE', 2, false], ['AM', 2, false], ['KG', 2, false]]) {
      await open(page, `/country/${cc}?as_of=${RECENT}`);
      await page.waitForSelector(`${sec} figure[data-indicator="rent_change"] svg.chart`);
      await settle(page);
      const fig = page.locator(`${sec} figure[data-indicator="rent_change"]`);
      assert.equal(await fig.locator('table.data-table tbody tr').count(), rows, `${cc}: rent rises recorded`);
      assert.equal(await fig.locator('svg.ch-single').count(), single ? 1 : 0, `${cc}: ${single ? 'one rise, drawn with its date' : 'several dates, one chart'}`);
      if (single) assert.match(await fig.locator('svg').textContent(), /2022/, `${cc}: the rise's date is written`);
      // Shown with the costs, not again among the other indicators.
      assert.equal(await page.locator('section[aria-labelledby="indicators-h"] figure[data-indicator="rent_change"]').count(), 0, `${cc}: rent rise shown once`);
      // Every rise cites a source that the page links.
      assert.ok(await fig.locator('table.data-table a').count() >= rows, `${cc}: each rise cites its source`);
    }
    await page.locator(`${sec} .costs-over-time`).screenshot({ path: path.join(OUT, 'screenshots', 'costs-over-time-KG-en.png') });
    expectClean(ctx);
    await ctx.close();
  });
});

// Issue 11: at 360 px, in both languages, no sideways scroll and no two
// labels on top of each other, checked by element geometry for the
// advisor's score labels, the rule-timeline labels, the trip list (above
// the results) and the navigation. Screenshots: layout-*-{en,ru}-360.png.
for (const lang of ['en', 'ru']) {
  describe(`layout at 360 px, ${lang === 'ru' ? 'Russian' : 'English'}`, () => {
    let ctx, page;
    before(async () => {
      ctx = await newContext(browser, { locale: lang === 'ru' ? 'ru-RU' : 'en-US', width: 360, height: 740, mobile: true });
      await seed(ctx, { trips: [
        { country: 'KZ', entry: '2024-01-10', exit: '2024-02-08', status: 'visit' },
        { country: 'BA', entry: '2024-02-10', exit: '2024-02-20', status: 'permit' },
        { country: 'TR', entry: '2024-02-21', exit: '2024-02-28', status: 'visit' },
        { country: 'KZ', entry: '2024-03-01', exit: null, status: 'visit' },
      ] });
      page = await ctx.newPage();
    });
    after(async () => { if (ctx) await ctx.close(); });
    const noScroll = async (what) => {
      const { sw, iw } = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, iw: window.innerWidth }));
      assert.ok(sw <= iw, `${what}: scrollWidth ${sw} > innerWidth ${iw}`);
    };

    it('navigation: every item on screen, none over another', async () => {
      await open(page, '/');
      await noScroll('home');
      assert.deepEqual(await overlapping(page, 'header', '.nav-list a, .brand, #lang-switch'), []);
      await page.locator('header').screenshot({ path: path.join(OUT, 'screenshots', `layout-nav-${lang}-360.png`) });
    });

    it('rule timelines: lane, span, tick and change labels apart', async () => {
      for (const cc of ['KZ', 'GE', 'TR', 'AM', 'RS']) {
        await open(page, `/country/${cc}?as_of=${TODAY}`);
        await page.waitForSelector('section[aria-labelledby="history-h"] svg.ch-timeline');
        await settle(page);
        await noScroll(cc);
        assert.deepEqual(await overlapping(page, 'svg.ch-timeline', 'text:not(.ch-mark-n), .ch-mark-dot'), [], cc);
        if (cc === 'KZ') await page.locator('section[aria-labelledby="history-h"]').screenshot({ path: path.join(OUT, 'screenshots', `layout-timeline-KZ-${lang}-360.png`) });
        // One dot a day: the changes logged on one day (a review of the
        // country) share a dot numbered as a run ("12–22"), so a country
        // with more changes than a phone's width holds dots still fits.
        const { dates, labels, listed } = await page.evaluate(() => {
          const sec = document.querySelector('section[aria-labelledby="history-h"]');
          const ds = [...sec.querySelectorAll('ol.changes > li time')].map((el) => el.getAttribute('datetime'));
          return {
            dates: [...new Set(ds)].length,
            listed: sec.querySelectorAll('ol.changes > li').length,
            labels: [...sec.querySelectorAll('svg.ch-timeline .ch-mark-n')].map((el) => el.textContent),
          };
        });
        assert.equal(labels.length, dates, `${cc}: one mark a day`);
        const last = labels[labels.length - 1] || '';
        assert.equal(Number(last.split('–').pop()), listed, `${cc}: the last mark ends at the last change`);
      }
    });

    it('costs over time: charts fit, labels apart', async () => {
      for (const cc of ['KZ', 'GE', 'AM', 'TR']) {
        await open(page, `/country/${cc}?as_of=2026-12-01`);
        await page.waitForSelector('section[aria-labelledby="costs-h"] .costs-over-time svg.chart');
        await settle(page);
        await noScroll(cc);
        assert.deepEqual(await overlapping(page, 'section[aria-labelledby="costs-h"] .costs-over-time svg.chart', 'text'), [], cc);
        if (cc === 'KZ') await page.locator('section[aria-labelledby="costs-h"] .costs-over-time').screenshot({ path: path.join(OUT, 'screenshots', `layout-costs-KZ-${lang}-360.png`) });
      }
    });

    it('advisor: score labels clear of the bars and of each other', async () => {
      await open(page, '/advisor');
      await page.setInputFiles('#profile-import', ACTIVIST);
      await page.waitForSelector('section.ranked .advice-card svg.ch-scores');
      await settle(page);
      await noScroll('advisor');
      assert.ok(await page.locator('svg.ch-scores text.ch-lane-label').count() >= 6, 'score labels drawn');
      assert.deepEqual(await overlapping(page, 'svg.ch-scores', 'text, rect.ch-score-bg'), []);
      assert.deepEqual(await overlapping(page, '.advice-card .card-head', 'h3, .total, .confidence, .badge'), []);
      await page.locator('section.ranked .advice-card').first().screenshot({ path: path.join(OUT, 'screenshots', `layout-advisor-${lang}-360.png`) });
    });

    it('stay: the trip list, compact and apart, above the results', async () => {
      await open(page, '/stay');
      await page.fill('input[name="on"]', '2024-03-10');
      await waitStay(page, 'KZ');
      await settle(page);
      await noScroll('stay');
      assert.deepEqual(await overlapping(page, '#trips-table tbody', 'tr'), [], 'rows');
      assert.deepEqual(await overlapping(page, '#trips-table tbody tr', 'th, td'), [], 'cells');
      const { list, results, rowH } = await page.evaluate(() => ({
        list: document.querySelector('section[aria-labelledby="trips-h"]').getBoundingClientRect().bottom,
        results: document.querySelector('section[aria-labelledby="results-h"]').getBoundingClientRect().top,
        rowH: Math.max(...[...document.querySelectorAll('#trips-table tbody tr')].map((r) => r.getBoundingClientRect().height)),
      }));
      assert.ok(list <= results, `the trip list (to ${list}) ends above the results (from ${results})`);
      // One label per line, as before, took about 175 px a trip.
      assert.ok(rowH < 140, `a trip takes ${rowH} px`);
      await page.locator('section[aria-labelledby="trips-h"]').screenshot({ path: path.join(OUT, 'screenshots', `layout-trips-${lang}-360.png`) });
      await shot(page, `layout-stay-${lang}-360`);
    });

    it('tax counter: cards, badges, days and rules apart and on screen', async () => {
      await open(page, '/stay/tax');
      await page.fill('#tax-on', '2024-03-10');
      await page.dispatchEvent('#tax-on', 'change');
      await page.waitForFunction(() => document.querySelector('#tax-window')?.dataset.on === '2024-03-10');
      await settle(page);
      await noScroll('tax');
      assert.ok(await page.locator('.tax-card').count() >= 3, 'RU and the hosts');
      assert.deepEqual(await overlapping(page, '#tax-countries', '.tax-card'), [], 'cards');
      assert.deepEqual(await overlapping(page, '.tax-card', 'h3, dl, .tax-rule, .tax-changes, p'), [], 'inside a card');
      assert.deepEqual(await overlapping(page, '.tax-card h3', '.badge'), [], 'badges');
      await shot(page, `layout-tax-${lang}-360`);
    });
  });
}

describe('offline', () => {
  it('keeps working from the service worker cache once loaded', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await open(page, '/');
    await page.waitForSelector('#compare-table tbody tr');
    await page.evaluate(async () => { await navigator.serviceWorker.ready; });
    // The first load happened before the worker controlled the page; load once more under it.
    await page.reload();
    await page.waitForSelector('#compare-table tbody tr');
    await page.waitForFunction(() => !!navigator.serviceWorker.controller);
    await ctx.setOffline(true);
    await page.reload();
    await page.waitForSelector('body[data-ready="/"]');
    await page.waitForSelector('#compare-table tbody tr');
    assert.equal((await page.textContent('main h1')).trim(), 'Compare countries');
    await ctx.setOffline(false);
    // Going offline makes the browser report failed requests; those are expected here.
    ctx.problems = ctx.problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|request failed/.test(p));
    expectClean(ctx);
    await ctx.close();
  });
});

describe('accessibility basics', () => {
  it('has a skip link as the first Tab stop and keyboard-operable sorting', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    // On a fresh load the skip link is the first Tab stop.
    await open(page, '/');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'skip-link');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
    await page.waitForSelector('#compare-table tbody tr');
    await page.focus('button.sort[data-col="verified"]');
    await page.keyboard.press('Enter');
    assert.equal(await page.getAttribute('th:has(button.sort[data-col="verified"])', 'aria-sort'), 'ascending');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.col), 'verified', 'focus stays on the sort button');
    expectClean(ctx);
    await ctx.close();
  });
});

describe('enum labels from the library', () => {
  it('shows the labels of GET /api/labels in Russian (no copy in strings.js)', async () => {
    const ctx = await newContext(browser, { locale: 'ru-RU' });
    const page = await ctx.newPage();
    const labels = await (await page.request.get(`${BASE}/api/labels`)).json();
    await open(page, '/?doc=internal_id&as_of=2023-06-01');
    await page.waitForSelector('#compare-table tbody tr');
    const kz = await page.locator('#compare-table tr[data-code="KZ"]').textContent();
    assert.ok(kz.includes(labels.access.visa_free.ru), `KZ row shows "${labels.access.visa_free.ru}": ${kz}`);
    assert.ok(kz.includes(labels.kind.rolling.ru), `KZ row shows "${labels.kind.rolling.ru}": ${kz}`);
    const ge = await page.locator('#compare-table tr[data-code="GE"]').textContent();
    assert.ok(ge.includes(labels.access.not_accepted.ru), ge);
    expectClean(ctx);
    await ctx.close();
  });
});
