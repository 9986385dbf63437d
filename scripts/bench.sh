#!/bin/sh
# SPDX-License-Identifier: MIT
# Run every benchmark of a release build and print its figures.
set -eu
build=${1:-build/release}
for b in "$build"/bench/bench_*; do
  [ -x "$b" ] || continue
  # Only under mpirun, with 1 and 2 ranks (minutes): bench/sim_mpi.sh.
  [ "$(basename "$b")" = bench_sim_mpi ] && continue
  echo "== $(basename "$b")"
  "$b"
done
echo "== http (wrk on loopback)"
sh "$(dirname "$0")/../bench/http.sh" "$build"
