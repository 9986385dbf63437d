#!/bin/sh
# SPDX-License-Identifier: MIT
# One unit-test binary of a non-sanitized build under valgrind; any leak or
# memory error fails (exit 1), with the log's tail. Used by ctest's
# valgrind_<module> tests (tests/valgrind.cmake) and by valgrind-tests.sh.
#   scripts/valgrind-one.sh BUILD/tests/test_NAME
# Property tests read RELOK_PROPERTY_SCALE (percent of the full counts): 1
# here unless set, since valgrind is ~50x slower; test_sim's replay needs a
# population of over 100 visitors, so it gets at least 20.
set -eu
[ $# -eq 1 ] && [ -x "$1" ] || { echo "usage: $0 BUILD/tests/test_NAME (an executable)" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
name=$(basename "$bin")
export TZ=UTC LC_ALL=C RELOK_PROPERTY_SCALE=${RELOK_PROPERTY_SCALE:-1}
export RELOK_KB="$root/data" RELOK_TEST_DATA="$root/tests/data"
[ "$name" = test_sim ] && [ "$RELOK_PROPERTY_SCALE" -lt 20 ] && export RELOK_PROPERTY_SCALE=20
log=$(mktemp "${TMPDIR:-/tmp}/relok-vg-$name.XXXXXX")
if (cd "$root/tests" && valgrind -q --error-exitcode=99 --leak-check=full \
      --errors-for-leak-kinds=definite,indirect "$bin" >"$log" 2>&1); then
  echo "valgrind: $name ok"
  rm -f "$log"
else
  echo "valgrind: $name FAILED (log: $log)"
  tail -30 "$log"
  exit 1
fi
