#!/bin/sh
# SPDX-License-Identifier: MIT
# Functions the code base must not call (curl's list plus rand: the
# simulator and tests use their own seeded PRNG).
set -u
top=${1:-.}
pattern='\b(sprintf|vsprintf|strcpy|strcat|strtok|atoi|atol|atof|sscanf|gets|gmtime|localtime|asctime|rand|srand|system)[[:space:]]*\('
found=$(grep -rnE "$pattern" "$top/src" "$top/cli" "$top/server" "$top/tests/unit" "$top/bench" \
        --include='*.c' --include='*.h' 2>/dev/null | grep -vE '^\S+:[0-9]+:\s*(/\*|\*)')
if [ -n "$found" ]; then
  echo "banned functions used:"; echo "$found"; exit 1
fi
echo "no banned functions"
