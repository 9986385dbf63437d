// SPDX-License-Identifier: MIT
// The model check page (#/report, issue 10): the out-of-sample report of
// GET /api/sim/report as two tables, in English and Russian, on a desktop
// and at 360 px (where the tables turn into one card per row): every
// calibration target with the model's median, band and inside/outside,
// every out-of-sample figure with its verdict (in band, miss with a ratio,
// or cannot express), no horizontal scroll, no overlapping cells, no
// console error. scripts/e2e.sh starts the server with --sim-agents 1000
// --sim-runs 4, so the report is small; the page shows its progress until
// it is ready. Screenshots: report-{en,ru}-{1280,360}.png.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newContext, expectClean, open, settle, shot, horizontalOverflow, overlapping } from './lib.mjs';

const DRAWN = '.rep-body[data-drawn="report"]';

let browser;
before(async () => { browser = await launch(); });
after(async () => { if (browser) await browser.close(); });

for (const lang of ['en', 'ru']) {
  for (const width of [1280, 360]) {
    describe(`model check in ${lang === 'ru' ? 'Russian' : 'English'} at ${width} px`, () => {
      let ctx, page;
      before(async () => {
        ctx = await newContext(browser, { locale: lang === 'ru' ? 'ru-RU' : 'en-US', width, height: 800, mobile: width < 500 });
        page = await ctx.newPage();
      });
      after(async () => { if (ctx) await ctx.close(); });

      it(`targets and out-of-sample tables (screenshot report-${lang}-${width}.png)`, async () => {
        await open(page, '/report');
        await page.waitForSelector(DRAWN, { timeout: 120000 });
        await settle(page);
        assert.equal(await page.getAttribute('html', 'lang'), lang);
        const h1 = (await page.textContent('main h1')).trim();
        if (lang === 'ru') assert.match(h1, /[а-яё]/i, `the h1 "${h1}" is Russian`);
        else assert.doesNotMatch(h1, /[а-яё]/i, `the h1 "${h1}" is English`);
        // The Scenarios item is the current one in the navigation.
        assert.equal(await page.getAttribute('.nav-list a[aria-current="page"]', 'href'), '#/scenarios');
        // Five calibration targets, each with a median, a band and a verdict.
        const rows = page.locator('#rep-targets-table tbody tr');
        assert.equal(await rows.count(), 5, 'five calibration targets');
        for (let i = 0; i < 5; i++) {
          const r = rows.nth(i);
          assert.match(await r.getAttribute('data-inside'), /^(true|false)$/);
          assert.match(await r.locator('td').nth(2).textContent(), /\d/, 'a median');
          assert.match(await r.locator('td').nth(3).textContent(), /\d.*–.*\d/, 'a band');
          assert.ok(await r.locator('a[href^="#/sources?id=brief"]').count() >= 1, 'the brief cited');
        }
        const ge = await page.locator('#rep-targets-table tr[data-country="GE"] th').textContent();
        assert.match(ge, lang === 'ru' ? /Грузия/ : /Georgia/, 'the target named by its country');
        // Ten out-of-sample figures: three the model cannot express, the
        // others in band or a miss with its ratio.
        const figs = page.locator('#rep-figures-table tbody tr');
        assert.equal(await figs.count(), 10, 'ten figures');
        assert.equal(await page.locator('#rep-figures-table tr[data-verdict="cannot"]').count(), 3);
        const judged = await page.locator('#rep-figures-table tr[data-verdict="hit"], #rep-figures-table tr[data-verdict="miss"]').count();
        assert.equal(judged, 7, 'the other seven judged');
        for (const m of await page.locator('#rep-figures-table tr[data-verdict="miss"] td:last-child').allTextContents()) {
          assert.match(m, /×\d/, `a miss shows its ratio: ${m}`);
        }
        const words = await page.locator('#rep-figures-table').textContent();
        if (lang === 'ru') assert.match(words, /Казахстан/, 'figures in Russian');
        else assert.match(words, /Kazakhstan/, 'figures in English');
        assert.ok((await page.locator('.rep-params li').count()) >= 4, 'the fitted parameters listed');
        // Geometry: no sideways scroll; cells of a row apart (cards at 360 px).
        assert.equal(await horizontalOverflow(page), 0, 'no horizontal scroll');
        assert.deepEqual(await overlapping(page, '.report-table tbody tr', 'th, td'), []);
        await shot(page, `report-${lang}-${width}`);
        expectClean(ctx);
      });

      // Once is enough for the link (the browser suite is make test's longest).
      if (lang === 'en' && width === 1280) {
        it('the Scenarios page links here', async () => {
          await open(page, '/scenarios?a=ge-visas&b=ge-unrest&place=GE');
          await page.click('a[href="#/report"]');
          await page.waitForSelector(DRAWN, { timeout: 120000 });
          expectClean(ctx);
        });
      }
    });
  }
}
