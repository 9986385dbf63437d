#!/bin/sh
# SPDX-License-Identifier: MIT
# The include check (scripts/check-layers.py) passes on the tree, and fails on
# copies of it with a deliberately upward include, another module's private
# header, and a face reaching a base internal.
# Usage: tests/layers.sh SOURCE_ROOT
set -u
top=${1:?usage: layers.sh SOURCE_ROOT}
check="$top/scripts/check-layers.py"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/relok-layers.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
fails=0

python3 "$check" "$top" || { echo "FAIL: the tree breaks the layer order"; fails=$((fails + 1)); }

# expect_fail NAME FILE LINE WORD: a copy with LINE appended to FILE must fail
# the check, naming FILE and WORD.
expect_fail() {
  name=$1 file=$2 line=$3 word=$4
  rm -rf "$tmp/tree" && mkdir "$tmp/tree"
  cp -R "$top/src" "$top/include" "$top/cli" "$top/server" "$tmp/tree/"
  printf '%s\n' "$line" >>"$tmp/tree/$file"
  if python3 "$check" "$tmp/tree" >"$tmp/out" 2>&1; then
    echo "FAIL: $name: the check passed"; fails=$((fails + 1))
  elif ! grep -q "^$file:[0-9]*: .*$word" "$tmp/out"; then
    echo "FAIL: $name: unexpected report:"; cat "$tmp/out"; fails=$((fails + 1))
  else
    echo "ok: $name: $(head -n 1 "$tmp/out")"
  fi
}
expect_fail "kb includes the advisor" src/kb/query.c '#include "relok/advise.h"' "upward include"
expect_fail "base includes the umbrella" src/base/date.c '#include "relok/relok.h"' "upward include"
expect_fail "public kb header includes stay" include/relok/kb.h '#include "stay.h"' "upward include"
expect_fail "advisor reaches kb_int.h" src/advise/cost.c '#include "kb/kb_int.h"' "private header"
expect_fail "server reaches base internals" server/reply.c '#include "base/alloc_int.h"' "private header"
expect_fail "library includes the server" src/stay/plan.c '#include "relok/server.h"' "upward include"

[ "$fails" -eq 0 ] || { echo "$fails layer check(s) failed"; exit 1; }
echo "layer check: passes on the tree, fails on 6 broken copies"
