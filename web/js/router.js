// SPDX-License-Identifier: MIT
// Hash routes: the path and query of location.hash. The query holds only
// public choices (a document type, a date), never trips or a profile.

/** Parse location.hash into path and query. */
export function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, q = ''] = raw.split('?');
  return { path, query: new URLSearchParams(q) };
}

/** Change the query part of the current hash without a new history entry or re-render. */
export function setQuery(params) {
  const { path } = parseHash();
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) u.set(k, v);
  const q = u.toString();
  history.replaceState(null, '', `#${path}${q ? `?${q}` : ''}`);
}

