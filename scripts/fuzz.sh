#!/bin/sh
# SPDX-License-Identifier: MIT
# Run libFuzzer harnesses for a set time each: fuzz.sh BUILD SECONDS NAME...
# The corpus in tests/fuzz/NAME/corpus seeds a working copy in
# BUILD/fuzz-corpus/NAME (the repo copy stays small); crashes land in
# BUILD/fuzz-out/NAME. Prints execs and coverage per harness.
set -eu
build=$(cd "$1" && pwd); secs=$2; shift 2
root=$(pwd)
export TZ=UTC LC_ALL=C RELOK_TEST_DATA="$root/tests/data"
fail=0
for name in "$@"; do
  bin="$build/tests/fuzz_$name"
  [ -x "$bin" ] || { echo "fuzz: $bin missing"; fail=1; continue; }
  work="$build/fuzz-corpus/$name"; out="$build/fuzz-out/$name"
  mkdir -p "$work" "$out"
  log="$out/fuzz.log"
  # argv runs the CLI, whose error messages would flood the log: its stderr
  # is closed (libFuzzer and the sanitizers keep their own descriptor).
  quiet=""; [ "$name" = argv ] && quiet="-close_fd_mask=2"
  if ! "$bin" $quiet -max_total_time="$secs" -max_len=600000 -rss_limit_mb=4096 -timeout=30 \
        -artifact_prefix="$out/" -print_final_stats=1 "$work" "$root/tests/fuzz/$name/corpus" \
        >"$log" 2>&1; then
    echo "fuzz $name: FAILED (see $log)"; fail=1
  fi
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 || true)
  echo "fuzz $name: ${execs:-?} execs in ${secs}s, $cov"
done
exit $fail
