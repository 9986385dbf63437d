#!/bin/sh
# SPDX-License-Identifier: MIT
# relok report new writes a draft that the KB format accepts as it is (every
# TODO is text), names its country, refuses to overwrite, and the draft's
# report shows under "reported in practice" without changing the rule.
set -eu
relok=$1
data=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$data"/. "$tmp/kb"
export RELOK_KB="$tmp/kb" RELOK_NOW=2026-12-07 TZ=UTC LANG=C
"$relok" report new --country am --date 2024-05-01 --out "$tmp/kb/reports/draft.yaml" > "$tmp/out"
grep -q "country: AM" "$tmp/kb/reports/draft.yaml"
grep -q "date: 2024-05-01" "$tmp/kb/reports/draft.yaml"
if "$relok" report new --country AM --out "$tmp/kb/reports/draft.yaml" 2> "$tmp/err"; then
  echo "overwrote an existing draft"; exit 1
fi
"$relok" kb check "$tmp/kb"
"$relok" show AM --as-of 2024-06-01 | grep -q "TODO"
echo "ok: report new"
