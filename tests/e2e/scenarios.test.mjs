// SPDX-License-Identifier: MIT
// The Scenarios page (issue 10): in English and Russian, on a desktop and at
// 360 px, two scenarios against the baseline with medians and 90 % bands,
// the events numbered on the chart and listed with their sources, the
// calibration targets drawn over the baseline, no horizontal scroll and no
// console error. scripts/e2e.sh starts the server with small ensembles
// (--sim-agents 1000 --sim-runs 4), computed when first asked for; the page
// shows their progress until they are ready. Screenshots: scenarios-*.png.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newContext, expectClean, open, settle, shot, horizontalOverflow } from './lib.mjs';

const ROUTE = '/scenarios?a=ge-visas&b=ge-unrest&place=GE';
const DRAWN = '.sc-body[data-drawn="ge-visas|ge-unrest|GE"]';

let browser;
before(async () => { browser = await launch(); });
after(async () => { if (browser) await browser.close(); });

for (const lang of ['en', 'ru']) {
  for (const width of [1280, 360]) {
    describe(`scenarios in ${lang === 'ru' ? 'Russian' : 'English'} at ${width} px`, () => {
      let ctx, page;
      before(async () => {
        ctx = await newContext(browser, { locale: lang === 'ru' ? 'ru-RU' : 'en-US', width, height: 800, mobile: width < 500 });
        page = await ctx.newPage();
      });
      after(async () => { if (ctx) await ctx.close(); });

      it(`two scenarios against the baseline, events and targets (screenshot scenarios-${lang}-${width}.png)`, async () => {
        await open(page, ROUTE);
        // The ensembles may still be computing: the page polls until drawn.
        await page.waitForSelector(DRAWN, { timeout: 120000 });
        await settle(page);
        assert.equal(await page.getAttribute('html', 'lang'), lang);
        const h1 = (await page.textContent('main h1')).trim();
        if (lang === 'ru') assert.match(h1, /[а-яё]/i, `the h1 "${h1}" is Russian`);
        else assert.doesNotMatch(h1, /[а-яё]/i, `the h1 "${h1}" is English`);
        // Two panels, each with a stock chart holding both medians and bands.
        const panels = page.locator('.sc-panel');
        assert.equal(await panels.count(), 2);
        for (const id of ['ge-visas', 'ge-unrest']) {
          const p = page.locator(`.sc-panel[data-scenario="${id}"]`);
          const stock = p.locator('svg.ch-series').first();
          assert.equal(await stock.locator('polyline.ch-sc-line.ch-sc-base').count(), 1, `${id}: baseline median`);
          assert.equal(await stock.locator('polygon.ch-sc-band.ch-sc-base').count(), 1, `${id}: baseline band`);
          assert.equal(await stock.locator('polyline.ch-sc-line.ch-sc-this').count(), 1, `${id}: scenario median`);
          assert.equal(await stock.locator('polygon.ch-sc-band.ch-sc-this').count(), 1, `${id}: scenario band`);
          // The brief's Georgian range (endnote XVI) over the baseline.
          assert.equal(await stock.locator('g.ch-target').count(), 1, `${id}: the calibration target for Georgia`);
          // Its own events: numbered on the axis, listed in words with sources.
          const n = await p.locator('.sc-events > li').count();
          assert.ok(n >= 1, `${id}: events listed`);
          const nums = (await stock.locator('g.ch-sc-event text').allTextContents()).join(',').split(',').map(Number);
          assert.deepEqual(nums.sort((u, v) => u - v), Array.from({ length: n }, (_, i) => i + 1), `${id}: each event on the time axis`);
          assert.ok(await p.locator('.sc-events a[href^="#/sources?id="]').count() >= n, `${id}: each event has a source link`);
          // Arrivals and departures by kind.
          assert.equal(await p.locator('svg.ch-series').nth(1).locator('polyline.ch-sc-line').count(), 4, `${id}: four flows`);
          const words = await p.locator('.sc-events').textContent();
          if (lang === 'ru') assert.match(words, /Грузия/, 'events in Russian');
          else assert.match(words, /Georgia/, 'events in English');
        }
        // The targets section names every figure with the model beside it.
        assert.equal(await page.locator('#sc-targets-h ~ ul > li').count(), 5, 'five calibration targets');
        assert.equal(await horizontalOverflow(page), 0, 'no horizontal scroll');
        await shot(page, `scenarios-${lang}-${width}`);
        expectClean(ctx);
      });

      it('choosing another place redraws without errors', async () => {
        await page.selectOption('select[name="place"]', 'abroad');
        await page.waitForSelector('.sc-body[data-drawn="ge-visas|ge-unrest|abroad"]', { timeout: 60000 });
        await settle(page);
        const stock = page.locator('.sc-panel').first().locator('svg.ch-series').first();
        assert.equal(await stock.locator('g.ch-target').count(), 1, 'the emigrants range (endnote I) on the abroad chart');
        assert.equal(await horizontalOverflow(page), 0, 'no horizontal scroll');
        expectClean(ctx);
      });
    });
  }
}
