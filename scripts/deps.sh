#!/bin/sh
# SPDX-License-Identifier: MIT
# Install the Debian packages a goal needs: `deps.sh run` (build and run),
# `deps.sh test` (the test suite), `deps.sh bench` (benchmarks), `deps.sh
# docs` (the architecture picture), `deps.sh mpi` (the Open MPI build).
# As root it runs apt-get; otherwise it prints the exact command and stops.
set -eu

goal=${1:-run}
pkgs="gcc make cmake pkg-config libyaml-dev libjansson-dev libsqlite3-dev libmicrohttpd-dev"
case "$goal" in
  run) ;;
  # Open MPI: `make test` builds with -DRELOK_MPI=ON and runs 2 ranks (issue 10).
  # python3-pandas: tests/flee/check_out.py reads Flee's out.csv as Flee does.
  test) pkgs="$pkgs libcmocka-dev valgrind clang sqlite3 curl python3 python3-pandas chromium-headless-shell nodejs libopenmpi-dev openmpi-bin" ;;
  mpi) pkgs="$pkgs libopenmpi-dev openmpi-bin" ;;  # -DRELOK_MPI=ON builds
  bench) pkgs="$pkgs wrk valgrind linux-perf" ;;
  docs) pkgs="$pkgs python3 graphviz" ;;  # regenerating docs/architecture.svg
  *) echo "usage: $0 run|test|bench|docs|mpi" >&2; exit 2 ;;
esac

missing=""
for p in $pkgs; do
  # nodejs may come from another repository with npm bundled; any node will do.
  if [ "$p" = nodejs ] && command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
    continue
  fi
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done
# Debian's nodejs does not include npm; ask for it only when node came from Debian.
if echo "$missing" | grep -q nodejs; then missing="$missing npm"; fi

[ -z "$missing" ] && exit 0

cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" -ne 0 ]; then
  echo "relok needs these Debian packages:$missing" >&2
  echo "Run as root:  $cmd" >&2
  exit 1
fi
echo "installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# A fresh machine may have no package lists yet.
if ! apt-get install -y --no-install-recommends $missing; then
  apt-get update -qq
  apt-get install -y --no-install-recommends $missing
fi
