#!/bin/sh
# SPDX-License-Identifier: MIT
# HTTP benchmark of `relok serve` on loopback with wrk (Debian package wrk;
# `scripts/deps.sh bench` installs it): requests/s and p99 latency for
#   GET  /api/countries
#   POST /api/stay      (a 10-trip log, bench/http/stay-10-trips.json)
#   POST /api/advise    (a profile, bench/http/advise-profile.json)
#   GET  /index.html    (a static file: the same server's ceiling)
# Targets (issue 14): POST /api/stay >= 50 % of the static ceiling with
# p99 < 10 ms; POST /api/advise >= 5 000 requests/s with p99 < 20 ms.
# Figures are printed, never asserted.
#
# Method: ROUNDS (default 5) alternating rounds of stay, ceiling and advise,
# so a change in the machine's load hits all three alike; the medians of
# requests/s, of p99 and of the per-round stay/ceiling ratio, each with its
# spread (min-max over the rounds). The server and wrk run on separate CPUs
# (taskset: the server on SERVER_CPUS, default the first half of the CPUs
# this shell may use, wrk on the rest) when taskset exists and there are at
# least 2 CPUs; otherwise unpinned, and it says so. Each round also gives the
# server's CPU time per request (from /proc/PID/stat): a figure the load of
# other processes moves far less than requests/s, to compare builds on a
# shared machine.
#
# Usage: bench/http.sh [BUILD_DIR]   (default build/release; a Release build)
# Environment: DURATION (default 10s per run), ROUNDS (5), CONNECTIONS (64),
#              WRK_THREADS (default: one per wrk CPU), SERVER_THREADS
#              (default: one per server CPU), SERVER_CPUS/WRK_CPUS (taskset
#              lists, e.g. 0 and 1), PIN=0 to not pin.
set -eu

build=${1:-build/release}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
relok="$build/cli/relok"
duration=${DURATION:-10s}
conns=${CONNECTIONS:-64}
rounds=${ROUNDS:-5}

command -v wrk >/dev/null 2>&1 || { echo "bench/http.sh: wrk is not installed (sh scripts/deps.sh bench)" >&2; exit 2; }
[ -x "$relok" ] || { echo "bench/http.sh: no $relok (build it first)" >&2; exit 2; }

# ---------------------------------------------------------------- pinning
# The CPUs this shell may use, as a list; split in two halves.
cpus=$(awk '/^Cpus_allowed_list:/ {print $2}' /proc/self/status 2>/dev/null || true)
expand() { # "0-3,6" -> "0 1 2 3 6"
  echo "$1" | tr ',' '\n' | awk -F- 'NF == 2 {for (i = $1; i <= $2; i++) print i; next} {print $1}' | tr '\n' ' '
}
srv_pin="" wrk_pin="" pinned="no (PIN=0, no taskset or a single CPU)"
if [ "${PIN:-1}" != 0 ] && command -v taskset >/dev/null 2>&1 && [ -n "$cpus" ]; then
  set -- $(expand "$cpus")
  if [ $# -ge 2 ]; then
    half=$(( $# / 2 ))
    s=$(echo "$@" | tr ' ' '\n' | head -n "$half" | paste -sd, -)
    w=$(echo "$@" | tr ' ' '\n' | tail -n +"$((half + 1))" | paste -sd, -)
    srv_cpus=${SERVER_CPUS:-$s}
    wrk_cpus=${WRK_CPUS:-$w}
    srv_pin="taskset -c $srv_cpus"
    wrk_pin="taskset -c $wrk_cpus"
    pinned="server on CPU $srv_cpus, wrk on CPU $wrk_cpus"
  fi
fi
n_of() { expand "$1" | wc -w; }
if [ -n "$srv_pin" ]; then
  sthreads=${SERVER_THREADS:-$(n_of "$srv_cpus")}
  wthreads=${WRK_THREADS:-$(n_of "$wrk_cpus")}
else
  sthreads=${SERVER_THREADS:-}
  wthreads=${WRK_THREADS:-2}
fi
[ "$conns" -ge "$wthreads" ] || conns=$wthreads

tmp=$(mktemp -d "${TMPDIR:-/tmp}/relok-http-bench.XXXXXX")
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

set -- serve --port 0 --kb "$top/data" --web "$top/web"
[ -n "$sthreads" ] && set -- "$@" --threads "$sthreads"
$srv_pin "$relok" "$@" >"$tmp/out" 2>"$tmp/err" &
pid=$!
url=""
i=0
while [ $i -lt 100 ]; do
  url=$(sed -n 's|.*\(http://[^ ]*/\).*|\1|p' "$tmp/out" | head -n 1)
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$tmp/err" >&2; exit 1; }
  sleep 0.1
  i=$((i + 1))
done
[ -n "$url" ] || { echo "bench/http.sh: the server did not start" >&2; cat "$tmp/err" >&2; exit 1; }
base=${url%/}

# Each endpoint must answer 200 before it is measured.
check() { # method path [body]
  if [ "$1" = POST ]; then
    code=$(curl -s -o "$tmp/check" -w '%{http_code}' -H 'Content-Type: application/json' --data-binary "@$3" "$base$2")
  else
    code=$(curl -s -o "$tmp/check" -w '%{http_code}' "$base$2")
  fi
  if [ "$code" != 200 ]; then
    echo "bench/http.sh: $1 $2 answered $code: $(head -c 300 "$tmp/check")" >&2
    return 1
  fi
}

# The server's CPU time so far, in clock ticks (utime + stime).
cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0; }
hz=$(getconf CLK_TCK 2>/dev/null || echo 100)

# run KEY METHOD PATH [BODY]: one wrk run; appends
# "KEY req/s p99 cpu-us-per-request" to results and prints the line.
run() {
  key=$1 method=$2 path=$3 body=${4:-}
  if ! check "$method" "$path" "$body"; then
    echo "$key 0 0 0" >>"$tmp/results"
    printf '%-20s %10s\n' "$method $path" "n/a"
    return 0
  fi
  t0=$(cpu_ticks)
  if [ "$method" = POST ]; then
    RELOK_BENCH_BODY=$body $wrk_pin wrk -t"$wthreads" -c"$conns" -d"$duration" --latency \
      -s "$here/http/post.lua" "$base$path" >"$tmp/wrk" 2>&1
  else
    $wrk_pin wrk -t"$wthreads" -c"$conns" -d"$duration" --latency "$base$path" >"$tmp/wrk" 2>&1
  fi
  t1=$(cpu_ticks)
  awk -v key="$key" -v name="$method $path" -v t0="$t0" -v t1="$t1" -v hz="$hz" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v + 0 }
    /^ +[0-9]+ requests in/ { n = $1 }
    /^Requests\/sec:/ { rps = $2 }
    $1 == "99%" { p99 = ms($2) }
    /Non-2xx or 3xx responses:/ { bad = $NF }
    END {
      cpu = n > 0 ? (t1 - t0) / hz * 1e6 / n : 0
      printf "%-20s %10.0f req/s  p99 %8.2f ms  server CPU %6.0f us/request%s\n", name, rps, p99, cpu, bad ? "  NON-2xx: " bad : ""
      print key, rps, p99, cpu >> "'"$tmp/results"'"
    }' "$tmp/wrk"
}

echo "relok serve at $base; wrk -t$wthreads -c$conns -d$duration; $rounds rounds; pinned: $pinned"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
run countries GET /api/countries
r=1
while [ "$r" -le "$rounds" ]; do
  echo "-- round $r"
  run stay POST /api/stay "$here/http/stay-10-trips.json"
  run ceiling GET /index.html
  run advise POST /api/advise "$here/http/advise-profile.json"
  r=$((r + 1))
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"

awk '
  function sort(a, n,    i, j, t) {
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
  }
  function median(a, n) { sort(a, n); return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
  function spread(a, n,    lo, hi, i) { lo = a[1]; hi = a[1]; for (i = 2; i <= n; i++) { if (a[i] < lo) lo = a[i]; if (a[i] > hi) hi = a[i] }; return sprintf("%.0f-%.0f", lo, hi) }
  function spreadf(a, n,    lo, hi, i) { lo = a[1]; hi = a[1]; for (i = 2; i <= n; i++) { if (a[i] < lo) lo = a[i]; if (a[i] > hi) hi = a[i] }; return sprintf("%.2f-%.2f", lo, hi) }
  { k = $1; n[k]++; rps[k, n[k]] = $2; p99[k, n[k]] = $3; cpu[k, n[k]] = $4 }
  $1 == "ceiling" && n["stay"] == n["ceiling"] && $2 > 0 { nr++; ratio[nr] = 100 * rps["stay", n["stay"]] / $2 }
  function report(k, label,    i, a, b, c, m) {
    m = n[k]; if (m == 0) return
    for (i = 1; i <= m; i++) { a[i] = rps[k, i]; b[i] = p99[k, i]; c[i] = cpu[k, i] }
    s1 = spread(a, m); s2 = spreadf(b, m); s3 = spread(c, m)
    printf "%-18s median %6.0f req/s (%s), p99 %6.2f ms (%s), server CPU %4.0f us/request (%s)\n", label, median(a, m), s1, median(b, m), s2, median(c, m), s3
  }
  END {
    print "medians over the rounds (spread: min-max):"
    report("stay", "POST /api/stay")
    report("ceiling", "GET /index.html")
    report("advise", "POST /api/advise")
    if (nr > 0) {
      s = spread(ratio, nr)
      printf "POST /api/stay at %.0f %% of the static ceiling (median of %d per-round ratios, spread %s %%; target >= 50 %%)\n", median(ratio, nr), nr, s
    }
  }' "$tmp/results"
