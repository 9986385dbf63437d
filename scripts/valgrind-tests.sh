#!/bin/sh
# SPDX-License-Identifier: MIT
# Every unit-test binary of a non-sanitized build under valgrind (each by
# scripts/valgrind-one.sh: any leak or memory error fails), JOBS at a time
# (default 2). `make test` runs the same binaries as ctest tests beside the
# ASan tests instead (tests/valgrind.cmake); this is `make valgrind`.
set -eu
build=${1:-build/plain}
jobs=${JOBS:-2}
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# The slowest binaries first (tests/valgrind-slow.txt, which ctest's order
# reads too), so the jobs end together instead of one long binary starting
# last.
slow=$(sed -n 's/^\([a-z_][a-z_]*\)$/test_\1/p' "$here/../tests/valgrind-slow.txt")
{ for n in $slow; do echo "$build/tests/$n"; done
  ls "$build"/tests/test_* 2>/dev/null | grep -v -x -F "$(for n in $slow; do echo "$build/tests/$n"; done)"
} | while read -r t; do [ -x "$t" ] && echo "$t"; done |
  xargs -P "$jobs" -I{} sh -c 'sh "$1" "$2" || touch "$0/failed"' "$out" "$here/valgrind-one.sh" {}
[ ! -e "$out/failed" ]
