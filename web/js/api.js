// SPDX-License-Identifier: MIT
// Calls to our own server's JSON API (docs/api.md), and nothing else: every
// URL here is relative, so the browser only ever talks to the origin that
// served the page. GET answers are kept in memory for the session; POST
// bodies (trips, profiles) are sent once and not kept.

export class ApiError extends Error {
  constructor(status, body) {
    const e = body && body.error ? body.error : null;
    super(e ? e.message : `HTTP ${status}`);
    this.status = status;
    this.code = e ? e.code : null;
    this.reason = e ? e.reason || null : null;
    this.field = e ? e.field : null;
    this.text = e && e.text ? e.text : null; // the detail in en and ru
    this.offline = status === 0;
  }
}

const cache = new Map();

async function call(url, opts, asText = false) {
  let res;
  try {
    res = await fetch(url, opts);
  } catch (e) {
    throw new ApiError(0, null);
  }
  // A file answer (the iCalendar one) is text; errors are JSON all the same.
  if (asText && res.ok) return res.text();
  let body = null;
  try { body = await res.json(); } catch (e) { body = null; }
  if (!res.ok) throw new ApiError(res.status, body);
  return body;
}

function get(url) {
  if (cache.has(url)) return cache.get(url);
  const p = call(url, { headers: { Accept: 'application/json' } });
  cache.set(url, p);
  p.catch(() => cache.delete(url));
  return p;
}

function post(url, data, asText = false) {
  return call(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: asText ? 'text/calendar, application/json' : 'application/json' },
    body: JSON.stringify(data),
    cache: 'no-store',
    credentials: 'omit',
  }, asText);
}

function qs(params) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) u.set(k, v);
  const s = u.toString();
  return s ? `?${s}` : '';
}

export const api = {
  countries: (doc, asOf) => get(`/api/countries${qs({ doc, as_of: asOf })}`),
  country: (cc, asOf) => get(`/api/countries/${encodeURIComponent(cc)}${qs({ as_of: asOf })}`),
  history: (cc) => get(`/api/countries/${encodeURIComponent(cc)}/history`),
  sources: () => get('/api/sources'),
  stay: (req) => post('/api/stay', req),
  plan: (req) => post('/api/plan', req),
  // The tax-residency day counter of the same trips (`relok stay --tax --json`).
  tax: (req) => post('/api/tax', req),
  // The same trips as an iCalendar file (text): latest exits, re-entries, plan limits.
  stayIcs: (req, lang, remind) => post(`/api/stay${qs({ format: 'ics', lang, remind: remind ? String(remind) : '' })}`, req, true),
  // The profile is the body as docs/profile.md has it; the date goes in the query.
  advise: (profile, asOf) => post(`/api/advise${qs({ as_of: asOf })}`, profile),
  adviseCountry: (profile, asOf, cc) => post(`/api/advise/${encodeURIComponent(cc)}${qs({ as_of: asOf })}`, profile),
  // Scenarios: the list and a result change while ensembles are computed
  // (202 with progress), so they are not kept; a scenario's words are.
  scenarios: () => call('/api/scenarios', { headers: { Accept: 'application/json' } }),
  scenario: (name) => get(`/api/scenarios/${encodeURIComponent(name)}`),
  scenarioResult: (name) => call(`/api/scenarios/${encodeURIComponent(name)}/result`, { headers: { Accept: 'application/json' } }),
  simReport: () => call('/api/sim/report', { headers: { Accept: 'application/json' } }),
};

/** Source registry as a Map id -> source (fetched once). */
let sourceMap = null;
export async function sourcesById() {
  if (!sourceMap) {
    sourceMap = api.sources().then((d) => new Map((d.sources || []).map((x) => [x.id, x])));
    sourceMap.catch(() => { sourceMap = null; });
  }
  return sourceMap;
}
