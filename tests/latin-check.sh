#!/bin/sh
# SPDX-License-Identifier: MIT
# Issue 11: no English word may leak into Russian output. Scans the expected
# output of every Russian-language golden case (tests/golden/*/<case> whose
# .args hold `--lang ru` or whose .env sets LANG/LC_ALL to ru) and the `ru`
# side of web/js/strings.js, and fails on any Latin-script word outside the
# short list below. Machine formats (JSON, iCalendar, CSV) are not prose and
# are skipped.
#   latin-check.sh [ROOT]        check the tree (default: this checkout)
#   latin-check.sh --self-test   show that a planted English word fails
#   latin-check.sh --stdin       list the English words of stdin (ad hoc)
#
# What may stay in Latin script, and why:
# - words in capitals (ISO country and currency codes GE, USD; placeholders
#   DATE, FILE; endnote numerals XCV): codes, not words;
# - commands: `relok ...` and `make ...` with their words;
# - URLs, source ids (web:kg-revera, brief:XCV), option names (--json),
#   file names (trips.csv), domain names and dotted abbreviations
#   (krisha.kz, d.o.o.) and profile/scenario/report ids (a-b-c, with
#   hyphens): names the user types or cites;
# - the rule notation inside braces ({kind: rolling, max_days: 90}): the
#   syntax `--rule` accepts, shown as typed;
# - `brief` (the policy brief's source id) and the scenario ids of
#   data/scenarios and tests/data/scenarios-golden (`baseline`), which the
#   user types after `relok sim`;
# - the profile's name on the advisor's first line (the user's own label);
# - what an error quotes as the user wrote it: a value or key in «» or ''
#   (one word, or a comma-separated list of them: a key list of the
#   user's file), a field path after «поле», a path with a slash
#   (/nonexistent, tests/data/x.yaml);
# - single letters (unit letters d, m, y of --older-than; hex 0x0d) and
#   words with digits (IPv4);
# - in --help texts, the syntax the user types: a command or subcommand
#   name at the head of a two-space-indented line ("  check [DIR]   ..."),
#   an option's lower-case value (--format flee), alternatives joined by
#   '|' (internal_id|passport);
# - comma-joined lists without spaces (a CSV header, country,entry,exit);
# - the product and proper names in ALLOWED (programs: relok, mpirun; Flee, the
#   simulation code relok can write for), `localStorage` (the browser
#   store the privacy texts name on purpose) and the language codes ru, en,
#   ka of the advisor's hint.
# Every Russian case is checked, --help and the `kb` tables included. The
# web's `lang.switch_label` is English on purpose (the switch to English).
set -u
ALLOWED='relok Flee mpirun Mir UnionPay Telegram Visa Mastercard Wise Revolut Unistream WhatsApp Numbeo iCalendar PwC brief localStorage ru en ka'

# Latin words left in stdin after the allowed forms are removed, one a line.
# The text is taken as one line, so a rule notation or an id that the CLI
# wrapped is still recognised.
words() {
  sed -E -e 's/^Профиль: .* — /Профиль: /' \
         -e 's/^  [a-z][a-z-]*( \[?[A-Z]+\]?)?  +/  /' | tr '\n' ' ' |
  sed -E -e 's#https?://[^ )>"]*##g' \
         -e 's/«[^ »]*(, [^ »]+)*»//g' \
         -e "s/'[^ ']*'//g" \
         -e 's#[^ ]*/[^ ]*##g' \
         -e 's/\{[^}]*\}//g' \
         -e 's/[a-z]+:[A-Za-z0-9_.\/-]+//g' \
         -e 's/relok( [a-z]+)+//g' \
         -e 's/make [a-z]+//g' \
         -e 's#[A-Za-z0-9_./-]*\.(csv|json|yaml|ics|txt|db|md|htm|html)\b##g' \
         -e 's/[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[a-z]{1,4}\b//g' \
         -e 's/[A-Za-z0-9]+(-[A-Za-z0-9]+)+//g' \
         -e 's/--[a-z][a-z-]* [a-z]+( |$)/ /g' \
         -e 's/[A-Za-z_]+(\|[A-Za-z_]+)+//g' \
         -e 's/[A-Za-z]+[0-9][A-Za-z0-9]*//g' \
         -e 's/--?[a-z][a-z-]*//g' \
         -e 's/[A-Za-z_]+(,[][A-Za-z_]+)+//g' |
    grep -oE '[A-Za-z]+' | grep -vE '^([A-Z]+|[A-Za-z])$' | grep -vxF "$ALLOWED_LINES"
}

# Is the golden case Russian-language prose?
russian_case() {
  c=$1
  if grep -qE -- '--lang[ =]ru' "$c.args"; then :;
  elif [ -f "$c.env" ] && grep -qE '^(LANG|LC_ALL)=ru' "$c.env"; then :;
  else return 1; fi
  # Machine formats are not prose.
  grep -qE -- '--json|--ics|--format|export' "$c.args" && return 1
  return 0
}

check_tree() {
  root=$1
  bad=0
  ALLOWED_LINES=$( { echo "$ALLOWED" | tr ' ' '\n'
                     for f in "$root"/data/scenarios/*.yaml "$root"/tests/data/scenarios-golden/*.yaml; do
                       [ -f "$f" ] && basename "$f" .yaml
                     done; } )
  for args in "$root"/tests/golden/*/*.args; do
    c=${args%.args}
    russian_case "$c" || continue
    for f in "$c.stdout" "$c.stderr"; do
      [ -f "$f" ] || continue
      w=$(words < "$f" | sort -u | tr '\n' ' ')
      if [ -n "$w" ]; then
        echo "latin-check: ${f#"$root"/}: English in Russian output: $w"
        bad=1
      fi
    done
  done
  # The web's Russian strings: every `ru:` value of strings.js.
  sj="$root/web/js/strings.js"
  if [ -f "$sj" ]; then
    w=$(grep -v "'lang.switch_label'" "$sj" | grep -oE "ru: *('([^'\\\\]|\\\\.)*'|\"[^\"]*\"|\`[^\`]*\`)" | sed -E 's/^ru: *//' |
        sed -E 's/\$\{[^}]*\}//g' | words | sort -u | tr '\n' ' ')
    if [ -n "$w" ]; then
      echo "latin-check: web/js/strings.js: English in the ru table: $w"
      bad=1
    fi
  fi
  return $bad
}

if [ "${1:-}" = "--stdin" ]; then
  root=$(cd "$(dirname "$0")/.." && pwd)
  ALLOWED_LINES=$(echo "$ALLOWED" | tr ' ' '\n')
  words | sort | uniq -c
  exit 0
fi

if [ "${1:-}" = "--self-test" ]; then
  # A copy of one Russian case with a planted English word must fail, and
  # the same case without it must pass.
  t=$(mktemp -d)
  trap 'rm -rf "$t"' EXIT
  mkdir -p "$t/tests/golden/x"
  echo '--lang ru stay --trips t.csv' > "$t/tests/golden/x/a.args"
  echo 'Дней осталось: 30 (GE, USD, brief:XCV, https://example.org/a, relok, {kind: rolling}).' \
    > "$t/tests/golden/x/a.stdout"
  if ! check_tree "$t" > "$t/out"; then
    echo "latin-check self-test: a clean Russian line was rejected:"; cat "$t/out"; exit 1
  fi
  echo 'Дней осталось: 30, days left.' > "$t/tests/golden/x/a.stdout"
  if check_tree "$t" > "$t/out"; then
    echo "latin-check self-test: the planted words 'days left' passed"; exit 1
  fi
  grep -q 'days left' "$t/out" || { echo "latin-check self-test: not named:"; cat "$t/out"; exit 1; }
  # Quoted values and key lists pass; English prose in «» does not, and
  # neither does an untranslated error detail or a --help case.
  echo "relok: a.csv:3: поле «entry»: «ge» — не код (допустимые: «visit, permit»)" > "$t/tests/golden/x/a.stdout"
  check_tree "$t" > "$t/out" || { echo "latin-check self-test: a quoted value was rejected"; cat "$t/out"; exit 1; }
  echo "relok: поле «entry»: «days left» the exit is before" > "$t/tests/golden/x/a.stdout"
  if check_tree "$t" > "$t/out" || ! grep -q 'before' "$t/out" || ! grep -q 'left' "$t/out"; then
    echo "latin-check self-test: English in «» or after a field was not caught"; cat "$t/out"; exit 1
  fi
  echo '--lang ru kb --help' > "$t/tests/golden/x/help-ru.args"
  printf '  check [DIR]    проверить базу\n  stats          print the counts\n' > "$t/tests/golden/x/help-ru.stdout"
  echo 'Дней осталось: 30.' > "$t/tests/golden/x/a.stdout"
  if check_tree "$t" > "$t/out" || ! grep -q 'help-ru.*print' "$t/out" || grep -q 'output:.* check' "$t/out"; then
    echo "latin-check self-test: a --help case is not checked as it should be"; cat "$t/out"; exit 1
  fi
  rm "$t/tests/golden/x/help-ru.args" "$t/tests/golden/x/help-ru.stdout"
  # The same for the web's ru table.
  echo 'Дней осталось: 30.' > "$t/tests/golden/x/a.stdout"
  mkdir -p "$t/web/js"
  printf "  'a.b': { en: 'Days left', ru: 'Осталось дней: {n}' },\n" > "$t/web/js/strings.js"
  check_tree "$t" > "$t/out" || { echo "latin-check self-test: clean strings.js rejected"; cat "$t/out"; exit 1; }
  printf "  'a.b': { en: 'Days left', ru: 'Осталось days: {n}' },\n" > "$t/web/js/strings.js"
  if check_tree "$t" > "$t/out" || ! grep -q 'strings.js.*days' "$t/out"; then
    echo "latin-check self-test: the planted word in strings.js was not caught"; cat "$t/out"; exit 1
  fi
  echo "latin-check self-test: ok"
  exit 0
fi

check_tree "${1:-$(cd "$(dirname "$0")/.." && pwd)}"
