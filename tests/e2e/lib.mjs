// SPDX-License-Identifier: MIT
// Helpers for the browser end-to-end tests: launch Debian's Chromium through
// playwright-core (installed offline from vendor/ by scripts/e2e.sh), open
// pages that fail the test on any console error, page error or request to
// another origin, and save screenshots next to the test output.
//
// Environment (set by scripts/e2e.sh):
//   RELOK_E2E_URL      base URL of the running `relok serve` (http://127.0.0.1:PORT)
//   RELOK_E2E_OUT      directory for screenshots and downloads
//   RELOK_E2E_MODULES  node_modules directory that holds playwright-core
//   RELOK_E2E_CHROMIUM the browser binary (default /usr/bin/chromium-headless-shell)

import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';

const here = path.dirname(new URL(import.meta.url).pathname);
const modules = process.env.RELOK_E2E_MODULES || path.join(here, 'node_modules');
const require = createRequire(path.join(path.resolve(modules), 'noop.js'));
const { chromium } = require('playwright-core');

export const BASE = (process.env.RELOK_E2E_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
export const OUT = process.env.RELOK_E2E_OUT || path.join(here, 'out');
export const SHOTS = path.join(OUT, 'screenshots');
export const REPO = path.resolve(here, '..', '..');
fs.mkdirSync(SHOTS, { recursive: true });

// The browser's clock is pinned so that "today" in the UI is known.
export const TODAY = '2024-06-01';

const ORIGIN = new URL(BASE).origin;

/**
 * Launch headless Chromium with a fresh profile and no background traffic.
 * The default is Debian's chromium-headless-shell, the headless-only build
 * that playwright itself uses for headless runs: the full browser in its
 * new headless mode also runs the browser's own WebUI renderers, and took
 * twice the CPU for the same tests (60 against 31 CPU-seconds for
 * browser.test.mjs, issue 14).
 */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.RELOK_E2E_CHROMIUM || '/usr/bin/chromium-headless-shell',
    headless: true,
    // playwright-core itself adds --user-data-dir with a new empty temporary
    // profile for every launch.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage'],
  });
}

/**
 * A new browser context (its own localStorage) that records every problem:
 * console errors, uncaught page errors, failed requests and any request that
 * leaves our own origin. ctx.problems is checked by expectClean().
 */
export async function newContext(browser, { locale = 'en-US', width = 1280, height = 900, mobile = false } = {}) {
  const ctx = await browser.newContext({
    locale, timezoneId: 'UTC', viewport: { width, height }, isMobile: mobile, hasTouch: mobile,
    deviceScaleFactor: 1, acceptDownloads: true, serviceWorkers: 'allow',
  });
  await ctx.clock.setFixedTime(new Date(`${TODAY}T10:00:00Z`));
  ctx.problems = [];
  ctx.requests = [];
  ctx.on('request', (req) => {
    const url = req.url();
    ctx.requests.push({ method: req.method(), url });
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    let origin;
    try { origin = new URL(url).origin; } catch (e) { origin = url; }
    if (origin !== ORIGIN) ctx.problems.push(`request to another origin: ${req.method()} ${url}`);
  });
  ctx.on('requestfailed', (req) => {
    // A download's request is aborted by design once it is saved, and a
    // navigation or reload aborts what the previous page still had in flight.
    const why = req.failure() ? req.failure().errorText : '';
    if (req.url().startsWith('blob:') || why === 'net::ERR_ABORTED') return;
    ctx.problems.push(`request failed: ${req.method()} ${req.url()} (${req.failure() && req.failure().errorText})`);
  });
  ctx.setDefaultTimeout(10000);
  ctx.on('page', (page) => watch(ctx, page));
  return ctx;
}

function watch(ctx, page) {
  page.on('console', (msg) => {
    if (msg.type() === 'error') ctx.problems.push(`console.error on ${page.url()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => ctx.problems.push(`page error on ${page.url()}: ${err.message}`));
  page.on('dialog', (d) => d.accept());
}

/** Fail the test if anything went wrong in this context so far. */
export function expectClean(ctx) {
  assert.deepEqual(ctx.problems, [], `problems in the browser:\n${ctx.problems.join('\n')}`);
}

/** Open a route (#/…) and wait until the page says it has rendered. */
export async function open(page, route) {
  await page.goto(`${BASE}/#${route}`);
  await page.waitForSelector(`body[data-ready="${routeKey(route)}"]`, { timeout: 15000 });
  await settle(page);
}

export function routeKey(route) {
  return route.split('?')[0] || '/';
}

/** Wait for charts (drawn on the next layout) and fonts. */
export async function settle(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.evaluate(() => document.fonts.ready);
}

/** A screenshot of the page from the top, at most MAX_SHOT_PX tall (long pages are cut). */
const MAX_SHOT_PX = 6000;
export async function shot(page, name) {
  const file = path.join(SHOTS, `${name}.png`);
  const { w, hgt } = await page.evaluate(() => ({ w: window.innerWidth, hgt: document.documentElement.scrollHeight }));
  await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y: 0, width: w, height: Math.min(hgt, MAX_SHOT_PX) }, timeout: 30000 });
  return file;
}

/** Horizontal overflow of the page, in CSS pixels (0 when none). */
export async function horizontalOverflow(page) {
  return page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth);
}

/** Wait for the stay calculator's answer; fail at once with the server's error. */
export async function waitStay(page, cc = null) {
  const card = cc ? `.stay-card[data-country="${cc}"] svg.chart` : '.stay-card svg.chart';
  await page.waitForSelector(`${card}, .stay-results > .alert.error`);
  const err = page.locator('.stay-results > .alert.error');
  if (await err.count()) assert.fail(`the stay calculation failed: ${(await err.first().textContent()).trim()}`);
}

/**
 * Boxes that overlap, by element geometry: in every element matching scope,
 * the items matching items must not overlap each other (0.5 px tolerance)
 * and must lie inside the viewport's width. Returns the faults as text.
 */
export async function overlapping(page, scope, items) {
  return page.evaluate(([sc, it]) => {
    const faults = [];
    const name = (el) => `${el.tagName.toLowerCase()}${el.getAttribute('class') ? `.${el.getAttribute('class').split(' ')[0]}` : ''} "${(el.textContent || '').trim().slice(0, 30)}"`;
    for (const root of document.querySelectorAll(sc)) {
      const boxes = [...root.querySelectorAll(it)].map((el) => ({ el, r: el.getBoundingClientRect() }))
        .filter((b) => b.r.width > 0 && b.r.height > 0);
      for (const b of boxes) {
        if (b.r.left < -0.5 || b.r.right > window.innerWidth + 0.5) faults.push(`${name(b.el)} leaves the screen (${Math.round(b.r.left)}..${Math.round(b.r.right)})`);
      }
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i].r, b = boxes[j].r;
          const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const hgt = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (w > 0.5 && hgt > 0.5) faults.push(`${name(boxes[i].el)} overlaps ${name(boxes[j].el)} (${w.toFixed(1)}×${hgt.toFixed(1)} px)`);
        }
      }
    }
    return faults;
  }, [scope, items]);
}
