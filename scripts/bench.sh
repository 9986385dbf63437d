#!/bin/sh
# SPDX-License-Identifier: MIT
# Run every benchmark of a release build and print its figures.
set -eu
build=${1:-build/release}
for b in "$build"/bench/bench_*; do
  [ -x "$b" ] || continue
  echo "== $(basename "$b")"
  "$b"
done
echo "== http (wrk on loopback)"
sh "$(dirname "$0")/../bench/http.sh" "$build"
