// SPDX-License-Identifier: MIT
// The charts, drawn as plain SVG by our own code (no chart library): a rule
// history timeline, indicator charts with ranges drawn as bands and single
// figures as points, and a stay timeline for the calculator. Colours come
// from app.css classes (so the dark theme and print work); every chart has a
// role="img" label and the page shows the same facts as text beside it.

import { s, h, dayOf, isoOf, obsDay, obsDate, compact, num, longDate } from './util.js';

// ------------------------------------------------------------------ scales

function linear(d0, d1, r0, r1) {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  const f = (x) => r0 + (x - d0) * k;
  f.domain = [d0, d1];
  return f;
}

/** About n round ticks covering [lo, hi]. */
export function niceTicks(lo, hi, n = 4) {
  if (!(hi > lo)) { hi = lo + 1; }
  const raw = (hi - lo) / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((st) => st >= raw) || 10 * mag;
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.round(v / step) * step);
  return { ticks: out, step };
}

/** Time ticks for a day range: years, quarters or months. */
function timeTicks(d0, d1, width) {
  const y0 = new Date(d0 * 86400000).getUTCFullYear();
  const y1 = new Date(d1 * 86400000).getUTCFullYear();
  const spanDays = d1 - d0;
  const maxTicks = Math.max(2, Math.floor(width / 70));
  let months;
  if (spanDays > 365 * 2.5) {
    const years = [];
    const every = Math.max(1, Math.ceil((y1 - y0 + 1) / maxTicks));
    for (let y = y0; y <= y1 + 1; y++) if ((y - y0) % every === 0) years.push(y);
    return years.map((y) => ({ day: dayOf(`${y}-01-01`), label: String(y) })).filter((t) => t.day >= d0 && t.day <= d1);
  }
  if (spanDays > 300) months = 3; else if (spanDays > 120) months = 1; else months = 1;
  const out = [];
  for (let y = y0; y <= y1; y++) {
    for (let m = 1; m <= 12; m += months) {
      const iso = `${y}-${String(m).padStart(2, '0')}-01`;
      const d = dayOf(iso);
      if (d >= d0 && d <= d1) out.push({ day: d, label: m === 1 ? String(y) : iso.slice(0, 7) });
    }
  }
  while (out.length > maxTicks) {
    // Keep every other tick, always keeping January.
    const kept = out.filter((t, i) => i % 2 === 0 || t.label.length === 4);
    if (kept.length === out.length) break;
    out.splice(0, out.length, ...kept);
  }
  return out;
}

function title(text) { return s('title', null, text); }

function timeAxis(x, top, bottom, width) {
  const g = s('g', { class: 'ch-axis' });
  let lastEnd = -Infinity;
  for (const tk of timeTicks(x.domain[0], x.domain[1], width)) {
    const px = x(tk.day);
    const w = 6.6 * tk.label.length;
    // Skip a tick whose label would run into the previous one or off the edge.
    if (px > x.range1 - w || px < lastEnd + 8) continue;
    lastEnd = px + 3 + w;
    g.append(s('line', { x1: px, x2: px, y1: top, y2: bottom, class: 'ch-grid' }));
    g.append(s('text', { x: px + 3, y: bottom + 14, class: 'ch-tick' }, tk.label));
  }
  g.append(s('line', { x1: x.range0, x2: x.range1, y1: bottom, y2: bottom, class: 'ch-baseline' }));
  return g;
}

// The left margin that fits the widest tick label of a value axis.
function tickMargin(ticks) {
  return Math.max(36, Math.round(Math.max(...ticks.map((v) => compact(v).length)) * 6.8) + 10);
}

// A value axis from padL to right: a grid line per tick (the baseline at 0)
// and its label on the left.
function valueAxis(ticks, y, padL, right) {
  const g = s('g', { class: 'ch-axis' });
  for (const v of ticks) {
    g.append(s('line', { x1: padL, x2: right, y1: y(v), y2: y(v), class: v === 0 ? 'ch-baseline' : 'ch-grid' }));
    g.append(s('text', { x: padL - 5, y: y(v) + 4, class: 'ch-tick', 'text-anchor': 'end' }, compact(v)));
  }
  return g;
}

function fitText(text, px, charPx = 6.6) {
  const n = Math.floor(px / charPx);
  if (n < 3) return '';
  return text.length <= n ? text : `${text.slice(0, n - 1)}…`;
}

/** A text cut to about px wide by a guess of its glyph width, and marked
 * (data-fit) so that fitLabels() cuts it to the width it really has once
 * it is drawn: a guess alone let bold Russian labels run into the bars. */
function fitted(attrs, text, px, charPx) {
  const label = fitText(text, px, charPx);
  return label ? s('text', { ...attrs, 'data-fit': Math.floor(px) }, label) : null;
}

/** Shorten every drawn text[data-fit] under root until it fits its width (measured). */
function fitLabels(root) {
  for (const el of root.querySelectorAll('text[data-fit]')) {
    const max = Number(el.dataset.fit);
    let text = el.textContent;
    while (text.length > 2 && el.getComputedTextLength() > max) {
      text = `${text.replace(/…$/, '').slice(0, -1).trimEnd()}…`;
      el.textContent = text;
    }
    if (el.getComputedTextLength() > max) el.remove();
  }
}

// -------------------------------------------------------- rule history

/**
 * Centres near xs for items ws wide, in the order of xs, at least pad apart
 * edge to edge, inside [lo, hi]. Items that cannot all fit keep inside the
 * edges and overlap rather than leave the screen.
 */
function placeApart(xs, ws, pad, lo, hi) {
  const order = xs.map((v, i) => i).sort((a, b) => xs[a] - xs[b]);
  const out = xs.slice();
  let prevEdge = -Infinity;
  for (const i of order) {
    out[i] = Math.max(xs[i], lo + ws[i] / 2, prevEdge + pad + ws[i] / 2);
    prevEdge = out[i] + ws[i] / 2;
  }
  // Pushed past the right edge: pull back from the right.
  let nextEdge = Infinity;
  for (const i of order.slice().reverse()) {
    out[i] = Math.min(out[i], hi - ws[i] / 2, nextEdge - pad - ws[i] / 2);
    nextEdge = out[i] - ws[i] / 2;
  }
  for (const i of order) out[i] = Math.max(out[i], lo + ws[i] / 2);
  return out;
}

/**
 * Change marks of one day drawn as one dot: a day on which many entries were
 * logged (a review of the whole country) would otherwise need more dots than
 * a phone's width holds. marks come sorted by date and numbered in order, so
 * one day's numbers run on ("12–22").
 */
function marksByDay(marks) {
  const days = [];
  for (const m of marks) {
    const last = days[days.length - 1];
    if (last && last.date === m.date) {
      last.last = m.n;
      last.text = `${last.text}\n${m.n}. ${m.date}: ${m.text}`;
      if (m.kind === 'rule_change') last.kind = m.kind;
    } else {
      days.push({ date: m.date, first: m.n, last: m.n, kind: m.kind, text: `${m.n}. ${m.date}: ${m.text}` });
    }
  }
  for (const d of days) d.label = d.first === d.last ? String(d.first) : `${d.first}–${d.last}`;
  return days;
}

/**
 * A timeline of rule versions.
 * lanes: [{label, spans: [{from: ISO|'unknown', to: ISO|null, text, verified}]}]
 * marks: [{date: ISO, n: label number, kind: 'rule_change'|'correction', text}]
 * asOf: ISO date drawn as a line; width: pixels.
 */
export function ruleTimeline({ lanes, marks, asOf, width, labels }) {
  const known = [];
  for (const l of lanes) for (const sp of l.spans) {
    if (sp.from && sp.from !== 'unknown') known.push(dayOf(sp.from));
    if (sp.to) known.push(dayOf(sp.to));
  }
  for (const m of marks) known.push(dayOf(m.date));
  if (asOf) known.push(dayOf(asOf));
  const lo = Math.min(dayOf('2022-01-01'), ...known.filter(Number.isFinite));
  const hi = Math.max(dayOf('2024-12-31'), ...known.filter(Number.isFinite));
  const d0 = dayOf(`${new Date(lo * 86400000).getUTCFullYear()}-01-01`);
  const d1 = dayOf(`${new Date(hi * 86400000).getUTCFullYear() + 1}-01-01`) - 1;
  const padL = 8, padR = 8, laneH = 42, top = 26;
  const x = linear(d0, d1 + 1, padL, width - padR);
  x.range0 = padL; x.range1 = width - padR;
  const height = top + lanes.length * laneH + 36;
  const svg = s('svg', {
    class: 'chart ch-timeline', width, height, viewBox: `0 0 ${width} ${height}`,
    role: 'img', 'aria-label': labels.aria,
  });
  svg.append(timeAxis(x, top - 6, top + lanes.length * laneH, width));
  // Change marks above the lanes, numbered as in the list under the chart,
  // one dot a day. Changes a few weeks apart would put their numbered dots
  // on top of each other on a phone: a dot moves aside (its line stays on
  // the date).
  const days = marksByDay(marks);
  const dotW = days.map((d) => (d.first === d.last && d.label.length < 3 ? 14 : 6 * d.label.length + 6));
  const dots = placeApart(days.map((d) => x(dayOf(d.date))), dotW, 2, 1, width - 1);
  days.forEach((d, i) => {
    const px = x(dayOf(d.date));
    const g = s('g', { class: `ch-mark ch-mark-${d.kind}` }, title(d.text));
    g.append(s('line', { x1: px, x2: px, y1: 14, y2: top + lanes.length * laneH, class: 'ch-mark-line' }));
    if (dots[i] !== px) g.append(s('line', { x1: dots[i], x2: px, y1: 9, y2: 14, class: 'ch-mark-line' }));
    g.append(dotW[i] === 14
      ? s('circle', { cx: dots[i], cy: 9, r: 7, class: 'ch-mark-dot' })
      : s('rect', { x: dots[i] - dotW[i] / 2, y: 2, width: dotW[i], height: 14, rx: 7, class: 'ch-mark-dot' }));
    g.append(s('text', { x: dots[i], y: 12.5, class: 'ch-mark-n', 'text-anchor': 'middle' }, d.label));
    svg.append(g);
  });
  lanes.forEach((lane, i) => {
    const y = top + i * laneH;
    const laneLabel = fitted({ x: padL, y: y + 12, class: 'ch-lane-label' }, lane.label, width - padL - padR, 7.9);
    if (laneLabel) svg.append(laneLabel);
    for (const sp of lane.spans) {
      const open = !sp.from || sp.from === 'unknown';
      const a = open ? d0 : dayOf(sp.from);
      const b = sp.to ? dayOf(sp.to) + 1 : d1 + 1;
      const x0 = x(a), x1 = Math.max(x(b), x0 + 2);
      const cls = ['ch-span', sp.verified ? '' : 'ch-unverified', open ? 'ch-open' : '', sp.cls || ''].filter(Boolean).join(' ');
      const g = s('g', { class: 'ch-span-g' },
        title(`${sp.text} — ${open ? labels.since_unknown : sp.from} … ${sp.to || labels.now}${sp.verified ? '' : ` (${labels.unverified})`}`));
      g.append(s('rect', { x: x0, y: y + 17, width: x1 - x0, height: 20, rx: 3, class: cls }));
      if (open) g.append(s('text', { x: x0 + 3, y: y + 31, class: 'ch-span-q' }, '?'));
      const label = fitted({ x: x0 + (open ? 14 : 5), y: y + 31, class: 'ch-span-text' }, sp.text, x1 - x0 - (open ? 16 : 8), 7.4);
      if (label) g.append(label);
      svg.append(g);
    }
  });
  if (asOf) {
    const px = x(dayOf(asOf) + 0.5);
    svg.append(s('line', { x1: px, x2: px, y1: top - 6, y2: top + lanes.length * laneH, class: 'ch-asof' }));
    svg.append(s('text', { x: px - 3, y: height - 2, class: 'ch-asof-label', 'text-anchor': 'end' }, labels.asOf));
  }
  return svg;
}

// ------------------------------------------------------------ indicators

/** One observation: its mark (a point, or a bar for a range) with the value
 * and its date beside it, not a lone dot on an empty year-long axis. */
function singleFigure(p, width, unitLabel, labels) {
  const range = p.low !== undefined && p.low !== null;
  const cls = p.verified ? '' : ' ch-unverified';
  const value = range ? `${num(p.low)}–${num(p.high)}` : num(p.value, 2);
  const height = 48;
  const svg = s('svg', { class: 'chart ch-indicator ch-single', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': labels.aria });
  const g = s('g', { class: range ? 'ch-range' : 'ch-pt' }, title(`${p.date}: ${value} ${unitLabel}${p.verified ? '' : ` (${labels.unverified})`}`));
  if (range) g.append(s('rect', { x: 8, y: 6, width: 12, height: 36, rx: 2, class: `ch-band${cls}` }));
  else g.append(s('circle', { cx: 14, cy: 24, r: 6, class: `ch-point${cls}` }));
  for (const text of [fitted({ x: 30, y: 20, class: 'ch-single-value' }, `${value} ${unitLabel}`, width - 34, 8.4),
    fitted({ x: 30, y: 39, class: 'ch-tick ch-single-date' }, obsDate(p.date), width - 34, 6.6)]) if (text) g.append(text);
  svg.append(g);
  return svg;
}

/** Where a value label beside its mark at px goes: on the right, or on the
 * left when the right side has no room for it (the last mark of a narrow
 * chart), so it never runs off the chart; with its box, estimated at 6.6 px
 * a character (wider than the chart font's digits). */
function valuePlace(px, gap, y, text, width) {
  const w = text.length * 6.6;
  const right = px + gap + w <= width - 2;
  const x0 = right ? px + gap : px - gap - w;
  return { right, x: right ? px + gap : px - gap, y, box: { x0, x1: x0 + w, y0: y - 10, y1: y + 2 } };
}

function valueText(place, text) {
  return s('text', { x: place.x, y: place.y, class: 'ch-value', 'text-anchor': place.right ? 'start' : 'end' }, text);
}

const boxesMeet = (a, b) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/** The first of the candidate heights ys at which a value label meets no
 * label placed so far and stays between top and bottom; null when none
 * does (two observations a month apart at 360 px: the later one's value
 * is then left to its tooltip and the table under the chart). */
function freeValuePlace(placed, px, gap, ys, text, width, top, bottom) {
  for (const y of ys) {
    const p = valuePlace(px, gap, y, text, width);
    if (p.box.y0 < top - 16 || p.box.y1 > bottom) continue;
    if (!placed.some((b) => boxesMeet(b, p.box))) { placed.push(p.box); return p; }
  }
  return null;
}

/**
 * An indicator series: points with `value` are drawn as dots; points with
 * `low` and `high` as a bar from low to high, and neighbouring ranges are
 * joined into a band, so a range never turns into a single line.
 */
export function indicatorChart({ points, width, unitLabel, labels }) {
  const pts = points.map((p) => ({ ...p, x: obsDay(p.date) })).filter((p) => Number.isFinite(p.x)).sort((a, b) => a.x - b.x);
  if (pts.length === 1) return singleFigure(pts[0], width, unitLabel, labels);
  const vals = [];
  for (const p of pts) {
    if (p.value !== undefined && p.value !== null) vals.push(p.value);
    if (p.low !== undefined && p.low !== null) vals.push(p.low, p.high);
  }
  let ylo = Math.min(0, ...vals), yhi = Math.max(...vals);
  if (!(yhi > ylo)) yhi = ylo + 1;
  const { ticks, step } = niceTicks(ylo, yhi, 4);
  if (ticks[ticks.length - 1] < yhi * 1.02) ticks.push(ticks[ticks.length - 1] + step);
  if (ticks[0] > ylo) ticks.unshift(ticks[0] - step);
  ylo = ticks[0]; yhi = ticks[ticks.length - 1];
  let x0 = pts[0].x, x1 = pts[pts.length - 1].x;
  // A lone date still gets a readable axis of about a year and a half.
  const spanD = Math.max(x1 - x0, 365);
  const extra = Math.max(0, 540 - (x1 - x0)) / 2;
  x0 -= spanD * 0.1 + extra; x1 += spanD * 0.1 + extra;
  const padL = tickMargin(ticks);
  const padR = 12, top = 18, height = 196, bottom = height - 26;
  const x = linear(x0, x1, padL, width - padR);
  x.range0 = padL; x.range1 = width - padR;
  const y = linear(ylo, yhi, bottom, top);
  const svg = s('svg', { class: 'chart ch-indicator', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': labels.aria });
  svg.append(valueAxis(ticks, y, padL, width - padR));
  svg.append(timeAxis(x, top, bottom, width));
  // Bands: runs of consecutive range points become one polygon.
  let run = [];
  const flush = () => {
    if (run.length >= 2) {
      const up = run.map((p) => `${x(p.x)},${y(p.high)}`);
      const down = run.slice().reverse().map((p) => `${x(p.x)},${y(p.low)}`);
      svg.append(s('polygon', { points: [...up, ...down].join(' '), class: 'ch-band-area' }));
    }
    run = [];
  };
  for (const p of pts) { if (p.low !== undefined && p.low !== null) run.push(p); else flush(); }
  flush();
  // A line through the single values, when there are several.
  const singles = pts.filter((p) => p.value !== undefined && p.value !== null);
  if (singles.length >= 2) {
    svg.append(s('polyline', { points: singles.map((p) => `${x(p.x)},${y(p.value)}`).join(' '), class: 'ch-line' }));
  }
  const showLabels = pts.length <= 6;
  const placed = [];
  for (const p of pts) {
    const px = x(p.x);
    const cls = p.verified ? '' : ' ch-unverified';
    if (p.low !== undefined && p.low !== null) {
      const g = s('g', { class: 'ch-range' }, title(`${p.date}: ${num(p.low)}–${num(p.high)} ${unitLabel}${p.verified ? '' : ` (${labels.unverified})`}`));
      g.append(s('rect', { x: px - 6, y: y(p.high), width: 12, height: Math.max(2, y(p.low) - y(p.high)), rx: 2, class: `ch-band${cls}` }));
      const text = `${compact(p.low)}–${compact(p.high)}`;
      const mid = (y(p.high) + y(p.low)) / 2 + 4;
      const at = showLabels && freeValuePlace(placed, px, 9, [mid, y(p.high) - 4, y(p.low) + 14], text, width, top, bottom);
      if (at) g.append(valueText(at, text));
      svg.append(g);
    } else {
      const g = s('g', { class: 'ch-pt' }, title(`${p.date}: ${num(p.value, 2)} ${unitLabel}${p.verified ? '' : ` (${labels.unverified})`}`));
      g.append(s('circle', { cx: px, cy: y(p.value), r: 5, class: `ch-point${cls}` }));
      const text = compact(p.value);
      const at = showLabels && freeValuePlace(placed, px, 8, [y(p.value) - 6, y(p.value) + 16], text, width, top, bottom);
      if (at) g.append(valueText(at, text));
      svg.append(g);
    }
  }
  return svg;
}

// ------------------------------------------------------------ stay timeline

/**
 * One country's trips on a time axis with the counting window, the check
 * date, the latest lawful exit and the earliest lawful re-entry.
 * trips: [{entry, exit|null, status}], on: ISO; window: {from, to}|null;
 * marks: {latestExit, earliestReentry, overstay} (ISO or null).
 */
export function stayTimeline({ trips, on, window: win, marks, width, labels }) {
  const onD = dayOf(on);
  const ds = [onD];
  for (const tr of trips) { ds.push(dayOf(tr.entry)); ds.push(tr.exit ? dayOf(tr.exit) : onD); }
  if (win) ds.push(dayOf(win.from));
  for (const k of ['latestExit', 'earliestReentry', 'overstay']) if (marks[k]) ds.push(dayOf(marks[k]));
  let d0 = Math.min(...ds), d1 = Math.max(...ds);
  const pad = Math.max(7, Math.round((d1 - d0) * 0.06));
  d0 -= pad; d1 += pad;
  const padL = 8, padR = 8, top = 34, laneH = 26, height = top + laneH * 2 + 30;
  const x = linear(d0, d1 + 1, padL, width - padR);
  x.range0 = padL; x.range1 = width - padR;
  const bottom = top + laneH * 2 + 4;
  const svg = s('svg', { class: 'chart ch-stay', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': labels.aria });
  svg.append(timeAxis(x, top - 4, bottom, width));
  if (win) {
    const a = x(dayOf(win.from)), b = x(dayOf(win.to) + 1);
    svg.append(s('rect', { x: a, y: top - 4, width: Math.max(1, b - a), height: bottom - top + 4, class: 'ch-window' }, title(labels.window)));
  }
  for (const tr of trips) {
    const a = dayOf(tr.entry), b = (tr.exit ? dayOf(tr.exit) : onD) + 1;
    const permit = tr.status === 'permit';
    const yy = top + (permit ? laneH : 0) + 2;
    svg.append(s('rect', {
      x: x(a), y: yy, width: Math.max(2, x(b) - x(a)), height: laneH - 6, rx: 3,
      class: `ch-trip ${permit ? 'ch-trip-permit' : 'ch-trip-visit'}${tr.exit ? '' : ' ch-ongoing'}`,
    }, title(`${permit ? labels.permit : labels.visit}: ${tr.entry} … ${tr.exit || labels.ongoing}`)));
  }
  // A stay in progress may go on until the latest lawful exit.
  if (marks.latestExit && dayOf(marks.latestExit) > onD) {
    const a = x(onD + 1), b = x(dayOf(marks.latestExit) + 1);
    svg.append(s('rect', { x: a, y: top + 2, width: Math.max(1, b - a), height: laneH - 6, rx: 3, class: 'ch-projection' },
      title(`${labels.projection}: ${longDate(marks.latestExit)}`)));
  }
  if (trips.some((tr) => tr.status === 'permit')) {
    svg.append(s('text', { x: padL + 2, y: top + laneH * 2 - 4, class: 'ch-lane-label ch-faint' }, labels.permitLane));
  }
  // Vertical marks with their labels in two rows above the lanes (the check
  // date on the upper one), each label kept inside the chart.
  const line = (iso, cls, text, row) => {
    const px = x(dayOf(iso) + 0.5);
    const w = text.length * 6.4;
    const end = px + 3 + w > width - padR;
    const g = s('g', { class: cls }, title(`${text}: ${longDate(iso)}`));
    g.append(s('line', { x1: px, x2: px, y1: top - 8 - (row ? 0 : 12), y2: bottom, class: 'ch-vline' }));
    g.append(s('text', { x: end ? px - 3 : Math.max(px + 3, padL), y: top - 10 - (row ? 0 : 12), 'text-anchor': end ? 'end' : 'start', class: 'ch-vlabel' }, text));
    svg.append(g);
  };
  line(on, 'ch-on', labels.on, 0);
  if (marks.latestExit) line(marks.latestExit, 'ch-latest', labels.latestExit, 1);
  if (marks.earliestReentry) line(marks.earliestReentry, 'ch-reentry', labels.earliestReentry, 1);
  if (marks.overstay) line(marks.overstay, 'ch-overstay', labels.overstay, 1);
  return svg;
}

/**
 * Draw chart(width) into a container at the container's own width, and again
 * whenever that width changes (phone rotation, window resize).
 */
export function responsive(container, draw) {
  let last = 0;
  const render = () => {
    if (!container.isConnected || container.clientWidth === 0) return;
    const w = Math.max(260, Math.floor(container.clientWidth));
    if (Math.abs(w - last) < 8) return;
    last = w;
    const chart = draw(w);
    container.replaceChildren(chart);
    fitLabels(container);
  };
  render();
  if ('ResizeObserver' in window) {
    const ro = new ResizeObserver(() => render());
    ro.observe(container);
  }
  return container;
}

/** A <div> that will hold a responsive chart; draw after it is in the page. */
export function chartBox(draw, cls = '') {
  const box = h('div', { class: `chart-box ${cls}` });
  queueMicrotask(() => responsive(box, draw));
  return box;
}

export { isoOf };

// ------------------------------------------------------------ score bars

/**
 * Horizontal bars, one per dimension score (0..100), with the person's
 * weight written beside each label.
 * rows: [{label, score, weight}]
 */
export function scoreBars({ rows, width, labels }) {
  // On a phone the label goes above its bar: beside it, a Russian label
  // ("Возможности ×1") leaves the bar too little room.
  const stacked = width < 420;
  const labelW = stacked ? 0 : Math.min(150, Math.round(width * 0.38));
  const rowH = stacked ? 34 : 22, barY = stacked ? 15 : 3, height = rows.length * rowH + 4;
  const x = linear(0, 100, labelW, width - 40);
  const svg = s('svg', { class: 'chart ch-scores', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': labels.aria });
  rows.forEach((r, i) => {
    const y = i * rowH + 2;
    const text = fitted({ x: 0, y: y + (stacked ? 11 : 14), class: 'ch-lane-label' }, r.label, (stacked ? width : labelW) - 6, 6.4);
    if (text) svg.append(text);
    svg.append(s('rect', { x: labelW, y: y + barY, width: x(100) - labelW, height: 14, rx: 3, class: 'ch-score-bg' }));
    const cls = r.score >= 66 ? 'ch-score-hi' : r.score >= 33 ? 'ch-score-mid' : 'ch-score-lo';
    svg.append(s('rect', { x: labelW, y: y + barY, width: Math.max(1, x(Math.max(0, Math.min(100, r.score))) - labelW), height: 14, rx: 3, class: `ch-score ${cls}` },
      title(`${r.label}: ${num(r.score, 1)} / 100`)));
    svg.append(s('text', { x: x(100) + 4, y: y + barY + 11, class: 'ch-value' }, num(r.score)));
  });
  return svg;
}

// ------------------------------------------------------- scenario series

/**
 * Monthly model series on a time axis (the Scenarios page): each series a
 * median line, with its 5-95 % band when given; dated marks (a scenario's
 * events, numbered) as vertical lines; and target ranges (the calibration
 * targets) as bars at their dates.
 * months: ['YYYY-MM', ...]; series: [{label, cls, q50, q05?, q95?}];
 * marks: [{date: ISO, n}]; ranges: [{date: ISO, low, high, label}].
 */
export function seriesChart({ months, series, marks = [], ranges = [], width, height = 220, labels }) {
  const days = months.map((m) => dayOf(`${m}-01`) + 15);
  const vals = [0];
  for (const se of series) vals.push(...(se.q95 || se.q50));
  for (const r of ranges) vals.push(r.high);
  const { ticks, step } = niceTicks(0, Math.max(...vals) || 1, 4);
  if (ticks[ticks.length - 1] < Math.max(...vals)) ticks.push(ticks[ticks.length - 1] + step);
  const padL = tickMargin(ticks);
  const padR = 10, top = 16, bottom = height - 26;
  const x = linear(days[0] - 15, days[days.length - 1] + 15, padL, width - padR);
  x.range0 = padL; x.range1 = width - padR;
  const y = linear(0, ticks[ticks.length - 1], bottom, top);
  const svg = s('svg', { class: 'chart ch-series', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': labels.aria });
  svg.append(valueAxis(ticks, y, padL, width - padR));
  svg.append(timeAxis(x, top, bottom, width));
  // Events on the same day share one mark ("1,2").
  const byDate = new Map();
  for (const m of marks) {
    const g = byDate.get(m.date);
    if (g) { g.n = `${g.n},${m.n}`; g.text = `${g.text}\n${m.n}. ${m.text || ''}`; } else byDate.set(m.date, { ...m, n: String(m.n), text: `${m.n}. ${m.text || m.date}` });
  }
  for (const m of byDate.values()) {
    const px = x(dayOf(m.date));
    if (!(px >= padL && px <= width - padR)) continue;
    const rw = Math.max(14, 6 * m.n.length + 6);
    svg.append(s('g', { class: 'ch-mark ch-sc-event' }, title(m.text),
      s('line', { x1: px, x2: px, y1: top, y2: bottom, class: 'ch-mark-line' }),
      s('rect', { x: px - rw / 2, y: top - 7, width: rw, height: 14, rx: 7, class: 'ch-mark-dot' }),
      s('text', { x: px, y: top + 3.5, 'text-anchor': 'middle', class: 'ch-mark-n' }, m.n)));
  }
  for (const se of series) {
    if (se.q05 && se.q95) {
      const up = days.map((d, i) => `${x(d)},${y(se.q95[i])}`);
      const down = days.map((d, i) => `${x(d)},${y(se.q05[i])}`).reverse();
      svg.append(s('polygon', { points: [...up, ...down].join(' '), class: `ch-sc-band ${se.cls}` }));
    }
    svg.append(s('polyline', { points: days.map((d, i) => `${x(d)},${y(se.q50[i])}`).join(' '), class: `ch-sc-line ${se.cls}` },
      title(se.label)));
  }
  for (const r of ranges) {
    const px = x(obsDay(r.date));
    if (!(px >= padL && px <= width - padR)) continue;
    svg.append(s('g', { class: 'ch-range ch-target' },
      title(`${r.label}: ${num(r.low)}–${num(r.high)}`),
      s('rect', { x: px - 5, y: y(r.high), width: 10, height: Math.max(2, y(r.low) - y(r.high)), rx: 2, class: 'ch-band' })));
  }
  return svg;
}
