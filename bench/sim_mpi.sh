#!/bin/sh
# SPDX-License-Identifier: MIT
# Issue 10: the ensemble's time on 1 and on 2 MPI ranks, and the bytes each
# rank sends per day under --partition. Needs a build with -DRELOK_MPI=ON
# and -DRELOK_BENCH=ON (e.g. cmake -S . -B build/mpi -DCMAKE_BUILD_TYPE=Release
# -DRELOK_MPI=ON -DRELOK_TESTS=OFF). Minutes: 64 runs of a million agents.
# Usage: bench/sim_mpi.sh [BUILD] [agents runs rounds until threads]
set -eu
build=${1:-build/mpi}
[ $# -gt 0 ] && shift
bin="$build/bench/bench_sim_mpi"
[ -x "$bin" ] || { echo "no $bin: configure with -DRELOK_MPI=ON -DRELOK_BENCH=ON" >&2; exit 2; }
export RELOK_KB=${RELOK_KB:-$(cd "$(dirname "$0")/.." && pwd)/data}
# Root (CI, containers) must be allowed explicitly; ranks yield when idle.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_mpi_yield_when_idle=1
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
for np in 1 2; do
  mpirun -np "$np" --oversubscribe "$bin" "$@"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
