#!/bin/sh
# SPDX-License-Identifier: MIT
# Run every unit-test binary of a non-sanitized build under valgrind; any
# leak or memory error fails. Property tests read RELOK_PROPERTY_SCALE to run
# fewer cases here (valgrind is ~50x slower); the ASan run does the full set.
set -eu
build=${1:-build/plain}
export TZ=UTC LC_ALL=C RELOK_PROPERTY_SCALE=${RELOK_PROPERTY_SCALE:-20}
export RELOK_KB="$(pwd)/data" RELOK_TEST_DATA="$(pwd)/tests/data"
fail=0
for t in "$build"/tests/test_*; do
  [ -x "$t" ] || continue
  name=$(basename "$t")
  if ! (cd tests && valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
        "../$t" >/tmp/relok-vg-$name.log 2>&1); then
    echo "valgrind: $name FAILED (log: /tmp/relok-vg-$name.log)"; tail -30 /tmp/relok-vg-$name.log; fail=1
  else
    echo "valgrind: $name ok"
  fi
done
exit $fail
