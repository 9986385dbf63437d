#!/bin/sh
# SPDX-License-Identifier: MIT
# Run every example command of the README (lines "$ relok ..." inside code
# blocks) with the built binary on the shipped data; each must exit 0, or
# the code written after it as "# exit N". Keeps the README true.
set -u
relok=$1
readme=$2
top=$(cd "$(dirname "$readme")" && pwd)
cd "$top" || exit 1
n=0; fail=0
grep -E '^\$ relok ' "$readme" > /tmp/relok-readme-cmds.$$ || true
while IFS= read -r line; do
  cmd=${line#\$ relok }
  want=0
  case "$cmd" in *"# exit "*) want=${cmd##*# exit }; cmd=${cmd%%#*};; esac
  n=$((n + 1))
  eval "set -- $cmd"
  RELOK_KB="$top/data" "$relok" "$@" > /tmp/relok-readme-out.$$ 2>&1 < /dev/null
  got=$?
  if [ "$got" != "$want" ]; then
    echo "FAIL: relok $cmd -> exit $got (want $want)"; head -20 /tmp/relok-readme-out.$$; fail=1
  else
    echo "ok: relok $cmd"
  fi
done < /tmp/relok-readme-cmds.$$
rm -f /tmp/relok-readme-cmds.$$ /tmp/relok-readme-out.$$
[ $n -ge 3 ] || { echo "README has fewer than 3 examples"; exit 1; }
exit $fail
