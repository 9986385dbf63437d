#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Issue 11: every error detail the library can record has a Russian form.

Lists the printf formats that the library's failure helpers are given in
src/ (the formats are the detail ids: relok_error.fmt), and with --check
fails naming each one that src/base/errmsg.def does not translate, and each
catalogue entry whose format no call site uses any more (a stale entry).
  formats.py ROOT            print the formats, one a line (C escapes kept)
  formats.py --check ROOT    exit 1 on a missing or stale translation
"""
import re
import sys
from pathlib import Path

# Failure helper -> 0-based index of its format argument.
HELPERS = {
    'relok__fail': 2, 'relok__fail_at': 6, 'relok__fail_why': 7,
    'relok__rd_error': 3, 'relok__rd_error_why': 4, 'trip_fail': 7,
}
CALL = re.compile(r'\b(' + '|'.join(HELPERS) + r')\s*\(')
STR = re.compile(r'"((?:[^"\\]|\\.)*)"')


def split_args(text, start):
    """Top-level arguments of the call whose '(' is at text[start-1]."""
    args, depth, cur, i = [], 0, [], start
    while i < len(text):
        c = text[i]
        if c == '"' or c == "'":
            j = i + 1
            while text[j] != c:
                j += 2 if text[j] == '\\' else 1
            cur.append(text[i:j + 1])
            i = j + 1
            continue
        if c in '([{':
            depth += 1
        elif c in ')]}':
            if depth == 0:
                args.append(''.join(cur).strip())
                return args
            depth -= 1
        elif c == ',' and depth == 0:
            args.append(''.join(cur).strip())
            cur = []
            i += 1
            continue
        cur.append(c)
        i += 1
    return args


TOKENS = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|/\*.*?\*/|//[^\n]*', re.S)


def strip_comments(src):
    """src without comments (string and character literals kept whole);
    a comment becomes its newlines, so line numbers stay right."""
    return TOKENS.sub(lambda m: m.group(0) if m.group(0)[0] in '"\'' else
                      '\n' * m.group(0).count('\n') or ' ', src)


def formats(root):
    out = {}
    for path in sorted(Path(root, 'src').rglob('*.[ch]')):
        src = strip_comments(path.read_text(encoding='utf-8'))
        for m in CALL.finditer(src):
            # Skip the helpers' own definitions and prototypes.
            before = src[max(0, m.start() - 40):m.start()]
            if re.search(r'relok_status\s*$', before):
                continue
            args = split_args(src, m.end())
            idx = HELPERS[m.group(1)]
            if len(args) <= idx:
                continue
            arg = args[idx]
            if not STR.fullmatch(arg.replace('\n', ' ').strip()) and not re.fullmatch(r'(\s*"(?:[^"\\]|\\.)*"\s*)+', arg):
                continue  # a non-literal format (a helper passing its own fmt on)
            fmt = ''.join(STR.findall(arg))
            line = src.count('\n', 0, m.start()) + 1
            out.setdefault(fmt, f'{path.relative_to(root)}:{line}')
    return out


def catalogue(root):
    text = Path(root, 'src/base/errmsg.def').read_text(encoding='utf-8')
    text = strip_comments(text)
    entries = {}
    for m in re.finditer(r'X\(\s*((?:"(?:[^"\\]|\\.)*"\s*)+),\s*((?:"(?:[^"\\]|\\.)*"\s*)+)\)', text):
        en = ''.join(STR.findall(m.group(1)))
        ru = ''.join(STR.findall(m.group(2)))
        entries[en] = ru
    return entries


def main(argv):
    check = len(argv) > 1 and argv[1] == '--check'
    root = argv[2] if check else (argv[1] if len(argv) > 1 else '.')
    fmts = formats(root)
    if not check:
        for f, where in fmts.items():
            print(f'{where}\t{f}')
        return 0
    cat = catalogue(root)
    bad = 0
    for f, where in fmts.items():
        if f not in cat and re.sub(r'%[-+ #0-9.*]*[a-z]+', '', f).strip(' :()') != '':
            print(f'errmsg: {where}: no Russian form for "{f}" (add it to src/base/errmsg.def)')
            bad = 1
    for en in cat:
        if en not in fmts and not en.startswith('@'):
            print(f'errmsg: src/base/errmsg.def: "{en}" is used by no call site (stale entry)')
            bad = 1
    return bad


if __name__ == '__main__':
    sys.exit(main(sys.argv))
