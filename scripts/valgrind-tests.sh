#!/bin/sh
# SPDX-License-Identifier: MIT
# Run every unit-test binary of a non-sanitized build under valgrind; any
# leak or memory error fails. The binaries run in parallel (JOBS, default 2),
# each single-threaded under valgrind. Property tests read
# RELOK_PROPERTY_SCALE (percent of the full counts): 1 here, since valgrind
# is ~50x slower; the ASan run does 10 % and `make soak` the full set.
set -eu
build=${1:-build/plain}
jobs=${JOBS:-2}
export TZ=UTC LC_ALL=C RELOK_PROPERTY_SCALE=${RELOK_PROPERTY_SCALE:-1}
export RELOK_KB="$(pwd)/data" RELOK_TEST_DATA="$(pwd)/tests/data"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# One job per binary: prints "ok" or "FAILED" and keeps the log.
# The slowest binaries first (measured under valgrind: sweep_cli ~22 s,
# sim_fit ~15 s, plan and sim ~10 s; the rest under 7 s), so the two jobs
# end together instead of one long binary starting last.
slow="test_sweep_cli test_sim_fit test_plan test_sim test_server"
{ for n in $slow; do echo "$build/tests/$n"; done
  ls "$build"/tests/test_* 2>/dev/null | grep -v -x -F "$(for n in $slow; do echo "$build/tests/$n"; done)"
} | while read -r t; do [ -x "$t" ] && echo "$t"; done |
  xargs -P "$jobs" -I{} sh -c '
    t={}; name=$(basename "$t")
    # test_sim replays a population that must exceed 100 visitors: 20 %.
    [ "$name" = test_sim ] && [ "$RELOK_PROPERTY_SCALE" -lt 20 ] && export RELOK_PROPERTY_SCALE=20
    if (cd tests && valgrind -q --error-exitcode=99 --leak-check=full \
          --errors-for-leak-kinds=definite,indirect "../$t" >/tmp/relok-vg-$name.log 2>&1); then
      echo "valgrind: $name ok"
    else
      echo "valgrind: $name FAILED (log: /tmp/relok-vg-$name.log)"; tail -30 /tmp/relok-vg-$name.log
      touch "$0/failed"
    fi' "$out"
[ ! -e "$out/failed" ]
