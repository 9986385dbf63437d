#!/bin/sh
# SPDX-License-Identifier: MIT
# Golden CLI tests (as jq's tests/shtest): every tests/golden/<cmd>/<case>.args
# holds the arguments (shell words); <case>.stdout, .stderr (optional) and
# .exit hold what relok must print and return; <case>.env (optional) holds
# VAR=value lines; <case>.stdin (optional) is fed to relok.
# Cases run with TZ=UTC, LC_ALL unset, LANG=C, RELOK_NOW=2026-11-28 and the
# test KB (tests/data/kb-example) unless their .args say otherwise.
# RELOK_GOLDEN_UPDATE=1 rewrites the expectations (review the diff!).
set -u
relok=$1
root=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$root/../.." && pwd)
fail=0
n=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for args in "$root"/*/*.args; do
  [ -f "$args" ] || continue
  case_=${args%.args}
  name=${case_#"$root"/}
  n=$((n + 1))
  (
    cd "$top" || exit 99
    unset LC_ALL LC_MESSAGES RELOK_KB
    export TZ=UTC LANG=C RELOK_NOW=2026-11-28 RELOK_KB="$top/tests/data/kb-example"
    export XDG_DATA_HOME="$tmp/xdg-$n"
    if [ -f "$case_.env" ]; then
      while IFS= read -r line; do
        [ -n "$line" ] && export "$line"
      done < "$case_.env"
    fi
    eval "set -- $(cat "$args")"
    if [ -f "$case_.stdin" ]; then
      "$relok" "$@" < "$case_.stdin" > "$tmp/out" 2> "$tmp/err"
    else
      "$relok" "$@" < /dev/null > "$tmp/out" 2> "$tmp/err"
    fi
    echo $? > "$tmp/exit"
  )
  if [ "${RELOK_GOLDEN_UPDATE:-0}" = 1 ]; then
    cp "$tmp/out" "$case_.stdout"
    cp "$tmp/exit" "$case_.exit"
    if [ -s "$tmp/err" ] || [ -f "$case_.stderr" ]; then cp "$tmp/err" "$case_.stderr"; fi
    continue
  fi
  ok=1
  if ! diff -u "$case_.stdout" "$tmp/out" > "$tmp/diff" 2>&1; then
    echo "FAIL $name: stdout differs"; cat "$tmp/diff"; ok=0
  fi
  if [ -f "$case_.stderr" ] && ! diff -u "$case_.stderr" "$tmp/err" > "$tmp/diff" 2>&1; then
    echo "FAIL $name: stderr differs"; cat "$tmp/diff"; ok=0
  fi
  if ! diff -q "$case_.exit" "$tmp/exit" > /dev/null 2>&1; then
    echo "FAIL $name: exit $(cat "$tmp/exit"), expected $(cat "$case_.exit" 2>/dev/null)"; ok=0
  fi
  # Every case whose arguments ask for --json must print JSON and nothing
  # else on stdout (node parses it; it is in the test dependencies).
  if grep -q -- '--json' "$args" && [ -s "$tmp/out" ] &&
     ! node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$tmp/out" 2>/dev/null; then
    echo "FAIL $name: stdout is not valid JSON"; ok=0
  fi
  [ $ok = 1 ] && echo "ok   $name" || fail=1
done
echo "$n golden cases"
[ $n -gt 0 ] || exit 1
exit $fail
