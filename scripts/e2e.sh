#!/bin/sh
# SPDX-License-Identifier: MIT
# Browser end-to-end tests of the web UI (tests/e2e/):
#   scripts/e2e.sh [RELOK_BINARY [OUT_DIR [TEST_FILE...]]]
# TEST_FILEs are names in tests/e2e (default: every *.test.mjs there); ctest
# runs two parts side by side, each with its own server and OUT_DIR.
# Installs playwright-core offline from the vendored tarball (npm ci
# --offline, into $RELOK_E2E_NPM, default OUT_DIR/npm: the source tree is
# not touched; parts that share one directory take turns), starts
# `relok serve` on a free loopback port with the shipped data and web/,
# waits for /healthz, runs the tests in headless Debian Chromium, and stops
# the server whatever happens. Screenshots land in OUT_DIR/screenshots.
# Exit status: 0 when every test passed, 1 otherwise (2 for usage).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
relok=${1:-$root/build/release/cli/relok}
out=${2:-$root/build/e2e-out}
chromium=${RELOK_E2E_CHROMIUM:-/usr/bin/chromium-headless-shell}

fail() { echo "e2e: $*" >&2; exit 1; }

[ -x "$relok" ] || { echo "usage: $0 [RELOK_BINARY [OUT_DIR [TEST_FILE...]]] ($relok is not an executable)" >&2; exit 2; }
# From here on "$@" holds the test files, as full paths.
if [ $# -gt 2 ]; then shift 2; else set --; fi
if [ $# -eq 0 ]; then
  set -- "$root"/tests/e2e/*.test.mjs
else
  n=$#
  for f do
    [ -f "$root/tests/e2e/$f" ] || { echo "usage: $0: no test file tests/e2e/$f" >&2; exit 2; }
    set -- "$@" "$root/tests/e2e/$f"
  done
  shift "$n"
fi
command -v node >/dev/null 2>&1 || fail "node is missing (scripts/deps.sh test installs it)"
command -v npm >/dev/null 2>&1 || fail "npm is missing (scripts/deps.sh test installs it)"
[ -x "$chromium" ] || fail "$chromium is missing (scripts/deps.sh test installs Debian's chromium-headless-shell)"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || fail "node $node_major is too old (playwright-core needs 20 or later)"

mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -rf "$out/screenshots"

# playwright-core from the tarball in tests/e2e/vendor, pinned by the
# lockfile's integrity hash; --offline: no registry is ever asked. Reinstall
# only when the lockfile changed.
npmdir=${RELOK_E2E_NPM:-$out/npm}
mkdir -p "$(dirname "$npmdir")"
exec 8>"$npmdir.lock"
flock 8 || fail "cannot lock $npmdir.lock"
if ! cmp -s "$root/tests/e2e/package-lock.json" "$npmdir/package-lock.json" 2>/dev/null ||
   [ ! -f "$npmdir/node_modules/playwright-core/package.json" ]; then
  rm -rf "$npmdir"
  mkdir -p "$npmdir/vendor"
  cp "$root/tests/e2e/package.json" "$root/tests/e2e/package-lock.json" "$npmdir/"
  cp "$root/tests/e2e/vendor/"*.tgz "$npmdir/vendor/"
  (cd "$npmdir" && npm ci --offline --no-audit --no-fund --ignore-scripts --loglevel=error \
     --cache "$npmdir/.npm-cache") || fail "npm ci --offline failed in $npmdir"
fi
flock -u 8

# The server: port 0 lets the kernel pick a free port, which relok prints.
log="$out/server.log"
: >"$log"
# Emptied here, not only by the server's redirection: that happens in the
# background child, and on a loaded machine the loop below could read the
# previous run's URL before it (and wait for a server long gone).
: >"$out/server.out"
LANG=C LC_ALL=C "$relok" serve --bind 127.0.0.1 --port 0 --kb "$root/data" --web "$root/web" \
  --threads 4 --sim-agents 1000 --sim-runs 4 >"$out/server.out" 2>"$log" &
pid=$!
stop_server() {
  if [ -n "${pid:-}" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    # SIGTERM lets requests in flight finish (at most 10 s); then insist.
    i=0
    while kill -0 "$pid" 2>/dev/null && [ $i -lt 120 ]; do sleep 0.1; i=$((i + 1)); done
    kill -KILL "$pid" 2>/dev/null || true
  fi
}
trap 'stop_server' EXIT
trap 'stop_server; exit 1' INT TERM HUP

url=""
i=0
while [ $i -lt 100 ]; do
  url=$(sed -n 's#.*\(http://[^ /]*\)/.*#\1#p' "$out/server.out" | head -n 1)
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; fail "relok serve exited before listening"; }
  sleep 0.1
  i=$((i + 1))
done
[ -n "$url" ] || fail "relok serve did not say where it listens (see $log)"

# /healthz with node (curl may not be installed where the tests run).
node -e '
  const url = process.argv[1] + "/healthz";
  const deadline = Date.now() + 30000;
  (async function poll() {
    try { const r = await fetch(url); if (r.ok && (await r.json()).status === "ok") return; } catch (e) {}
    if (Date.now() > deadline) { console.error("e2e: no answer from " + url); process.exit(1); }
    setTimeout(poll, 100);
  })();
' "$url" || fail "the server is not healthy (see $log)"
echo "e2e: relok serve on $url (pid $pid); output in $out"

status=0
RELOK_E2E_URL=$url RELOK_E2E_OUT=$out RELOK_E2E_MODULES="$npmdir/node_modules" \
RELOK_E2E_CHROMIUM=$chromium RELOK_E2E_BIN=$relok TZ=UTC \
  node --test --test-concurrency=1 --test-reporter=spec \
    "$@" || status=1

# A server that crashed or reported a sanitizer error during the run fails it too.
if ! kill -0 "$pid" 2>/dev/null; then
  echo "e2e: relok serve died during the tests (see $log)" >&2
  status=1
fi
stop_server
srv=0
wait "$pid" 2>/dev/null || srv=$?
pid=""
if [ "$srv" -ne 0 ]; then
  echo "e2e: relok serve exited with status $srv after SIGTERM:" >&2
  tail -n 40 "$log" >&2
  status=1
fi

n=$(ls "$out/screenshots" 2>/dev/null | wc -l)
echo "e2e: $n screenshots in $out/screenshots"
exit $status
