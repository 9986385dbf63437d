// SPDX-License-Identifier: MIT
// The only place the web UI keeps anything: the browser's localStorage, under
// keys starting with "relok.". Nothing here is ever sent anywhere; the trip
// log and the profile travel only in the POST that asks our own server for a
// calculation, and the server forgets them once it has answered.

const PREFIX = 'relok.';

function safe(fn, fallback) {
  try { return fn(); } catch (e) { return fallback; }
}

export const store = {
  get(key, fallback = null) {
    return safe(() => {
      const v = localStorage.getItem(PREFIX + key);
      return v === null ? fallback : JSON.parse(v);
    }, fallback);
  },
  set(key, value) {
    safe(() => localStorage.setItem(PREFIX + key, JSON.stringify(value)));
  },
  remove(key) {
    safe(() => localStorage.removeItem(PREFIX + key));
  },
  /** Every key this app keeps, for the privacy page's "delete everything". */
  clearAll() {
    safe(() => {
      const keys = [];
      for (let i = 0; i < localStorage.length; i++) {
        const k = localStorage.key(i);
        if (k && k.startsWith(PREFIX)) keys.push(k);
      }
      keys.forEach((k) => localStorage.removeItem(k));
    });
  },
};

/** Offer data as a file download (made in the browser, nothing uploaded). */
export function download(name, text, type = 'application/json') {
  const blob = new Blob([text], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Read a file the person picked, as text. */
export function readFile(file) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.onerror = () => reject(r.error);
    r.readAsText(file);
  });
}
