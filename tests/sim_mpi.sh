#!/bin/sh
# SPDX-License-Identifier: MIT
# Issue 10: `mpirun -np 2 relok sim run` gives the threaded run's output byte
# for byte, both when the ranks share out the runs of an ensemble and when
# they split each run's agents (--partition); only rank 0 writes; a failure
# is told once. Small runs: MPI start-up is most of the time (seconds).
# Usage: sim_mpi.sh RELOK MPIEXEC
set -eu
relok=$1
mpiexec=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export TZ=UTC LC_ALL=C
# CI runs as root; Open MPI refuses that unless told. Two ranks on a machine
# that may have fewer free cores: --oversubscribe, and ranks yield when idle.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_mpi_yield_when_idle=1 OMPI_MCA_btl=self,vader

same() { # same DIR_A DIR_B: every file identical
  for f in "$1"/*; do
    cmp "$f" "$2/$(basename "$f")" || { echo "differs: $(basename "$f")"; exit 1; }
  done
}

# Ensemble: 5 runs over 2 ranks (3 + 2) against 2 threads in one process.
ens="sim run --scenario baseline --agents 2000 --runs 5 --seed 7 --until 2022-10-31"
"$relok" $ens --threads 2 --out "$tmp/t" --json > "$tmp/t.json"
"$mpiexec" -np 2 --oversubscribe "$relok" $ens --out "$tmp/m" --json > "$tmp/m.json" 2> "$tmp/m.err"
cmp "$tmp/t.json" "$tmp/m.json"
same "$tmp/t" "$tmp/m"
grep -q "MPI: 2" "$tmp/m.err"
echo "ok: ensemble over 2 ranks == 2 threads"

# Partition: the run's 2000 agents split over 2 ranks, against one process
# (five months: the ranks exchange counts daily, and waiting for each other
# on a loaded machine is what costs).
part="sim run --scenario baseline --agents 2000 --seed 3 --until 2022-05-31"
"$relok" $part --out "$tmp/p1" > "$tmp/p1.txt"
"$mpiexec" -np 2 --oversubscribe "$relok" $part --partition --out "$tmp/p2" > "$tmp/p2.txt" 2> "$tmp/p2.err"
cmp "$tmp/p1.txt" "$tmp/p2.txt"
same "$tmp/p1" "$tmp/p2"
grep -q "MPI: 2" "$tmp/p2.err"
echo "ok: --partition over 2 ranks == 1 rank"

# A bad scenario: every rank fails alike, and the message comes once.
if "$mpiexec" -np 2 --oversubscribe "$relok" sim run --scenario no-such > /dev/null 2> "$tmp/bad.err"; then
  echo "a missing scenario succeeded"; exit 1
fi
n=$(grep -c "no scenario 'no-such'" "$tmp/bad.err" || true)
[ "$n" = 1 ] || { echo "the error came $n times"; cat "$tmp/bad.err"; exit 1; }
echo "ok: a failure is told once"

# One rank cannot read its KB (a node without the shared files): nobody
# waits for it, and it says why, with its rank.
if timeout 120 "$mpiexec" --oversubscribe -np 1 -x RELOK_KB="$RELOK_KB" "$relok" sim run --scenario baseline \
     --agents 300 --until 2022-01-31 : -np 1 -x RELOK_KB="$tmp/none" "$relok" sim run \
     --scenario baseline --agents 300 --until 2022-01-31 > /dev/null 2> "$tmp/one.err"; then
  echo "a rank without a KB succeeded"; exit 1
fi
grep -q "MPI rank 1: relok: .*none" "$tmp/one.err" || { echo "rank 1 did not say why"; cat "$tmp/one.err"; exit 1; }
grep -q "another MPI rank failed" "$tmp/one.err"
echo "ok: a rank that fails alone stops the job and says why"
