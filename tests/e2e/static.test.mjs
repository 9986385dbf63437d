// SPDX-License-Identifier: MIT
// Checks of the web UI's files that need no browser: every interface string
// exists in English and Russian; nothing breaks the server's
// Content-Security-Policy (default-src 'self': no inline scripts or styles,
// no eval); nothing is loaded from another origin; the service worker
// precaches every file the app needs.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REPO } from './lib.mjs';

const WEB = path.join(REPO, 'web');

function files(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) files(p, out); else out.push(p);
  }
  return out;
}

const all = files(WEB);
const js = all.filter((f) => f.endsWith('.js'));
const read = (f) => fs.readFileSync(f, 'utf8');
const stripComments = (s) => s.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

describe('web files', () => {
  it('have every interface string in both languages', async () => {
    const { STRINGS } = await import(path.join(WEB, 'js', 'strings.js'));
    const missing = [];
    for (const [k, v] of Object.entries(STRINGS)) {
      if (!v || !v.en || !v.ru) missing.push(`${k}: missing en or ru`);
    }
    const used = new Set();
    for (const f of js) {
      for (const m of read(f).matchAll(/\bt\('([a-z_][\w.]*)'/g)) used.add(m[1]);
      for (const m of read(f).matchAll(/\bnew Error\('([a-z_]+\.[\w.]+)'\)/g)) used.add(m[1]);
    }
    for (const k of used) if (!(k in STRINGS)) missing.push(`${k}: used but not defined`);
    assert.deepEqual(missing, []);
  });

  it('say every error reason of docs/api.md in both languages', async () => {
    const { STRINGS } = await import(path.join(WEB, 'js', 'strings.js'));
    const api = fs.readFileSync(path.join(REPO, 'docs', 'api.md'), 'utf8');
    const table = api.slice(api.indexOf('| reason |'), api.indexOf('\n\n', api.indexOf('| reason |')));
    const documented = new Set([...table.matchAll(/^\| (.*?) \|/gm)].flatMap((m) => [...m[1].matchAll(/`(\w+)`/g)].map((x) => x[1])));
    const general = ['malformed', 'invalid', 'method_not_allowed', 'media_type', 'not_implemented', 'internal'];
    const src = read(path.join(WEB, 'js', 'errors.js'));
    const known = new Set([...src.slice(src.indexOf('const REASONS')).split(';')[0].matchAll(/'(\w+)'/g)].map((m) => m[1]));
    assert.ok(documented.size > 15, `reasons found in docs/api.md: ${documented.size}`);
    const missing = [...documented].filter((r) => !general.includes(r) && !known.has(r));
    assert.deepEqual(missing, [], 'documented reasons the web does not say');
    const unsaid = [...known, 'internal', 'other'].filter((r) => !(`reason.${r}` in STRINGS));
    assert.deepEqual(unsaid, [], 'reasons without a sentence');
  });

  it('are compatible with a strict Content-Security-Policy', () => {
    const bad = [];
    for (const f of all.filter((x) => x.endsWith('.html'))) {
      const s = read(f);
      for (const m of s.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
        if (!/\bsrc=/.test(m[1]) || m[2].trim()) bad.push(`${f}: inline script`);
      }
      if (/<style\b/.test(s)) bad.push(`${f}: <style> element`);
      if (/\sstyle=/.test(s)) bad.push(`${f}: style attribute`);
      if (/\son[a-z]+=/.test(s)) bad.push(`${f}: inline event handler`);
    }
    for (const f of js) {
      const s = stripComments(read(f));
      if (/\beval\s*\(|new Function\s*\(|setTimeout\(\s*['"`]/.test(s)) bad.push(`${f}: eval-like code`);
      if (/\.innerHTML\s*=|insertAdjacentHTML|document\.write/.test(s)) bad.push(`${f}: HTML from strings`);
      if (/setAttribute\(\s*['"]style['"]|['"]style['"]\s*:/.test(s)) bad.push(`${f}: inline style attribute`);
    }
    assert.deepEqual(bad, []);
  });

  it('load nothing from another origin', () => {
    const bad = [];
    for (const f of all.filter((x) => /\.(html|css|js|webmanifest|svg)$/.test(x))) {
      const s = stripComments(read(f));
      for (const m of s.matchAll(/(?:src|href)\s*=\s*["'](https?:)?\/\/[^"']+/g)) bad.push(`${f}: ${m[0]}`);
      for (const m of s.matchAll(/url\(\s*["']?(https?:)?\/\/[^)]+\)/g)) bad.push(`${f}: ${m[0]}`);
      for (const m of s.matchAll(/@import\s+[^;]*(https?:)?\/\//g)) bad.push(`${f}: ${m[0]}`);
      for (const m of s.matchAll(/fetch\(\s*['"`]https?:/g)) bad.push(`${f}: ${m[0]}`);
    }
    assert.deepEqual(bad, []);
  });

  it('are all precached by the service worker', () => {
    const sw = read(path.join(WEB, 'sw.js'));
    const listed = new Set([...sw.matchAll(/^\s*'([^']+)',?$/gm)].map((m) => m[1]));
    const needed = all.map((f) => path.relative(WEB, f)).filter((f) => f !== 'sw.js');
    const missing = needed.filter((f) => !listed.has(f));
    assert.deepEqual(missing, []);
  });
});
