#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Write the FNV-1a 64-bit hashes of every run of 8 consecutive words of the
# brief's body (not its endnotes) to tests/data/brief-8grams.txt. The test
# suite checks that no country file contains such a run (no copied
# sentences) without the repository holding the brief's text.
# Words: runs of ASCII letters/digits or bytes >= 0x80, ASCII lower-cased;
# must match words_of() in tests/unit/test_data.c.
import sys

def words(data: bytes):
    out, cur = [], bytearray()
    for b in data:
        if (48 <= b <= 57) or (65 <= b <= 90) or (97 <= b <= 122) or b >= 0x80:
            cur.append(b + 32 if 65 <= b <= 90 else b)
        elif cur:
            out.append(bytes(cur)); cur = bytearray()
    if cur:
        out.append(bytes(cur))
    return out

def fnv1a(b: bytes) -> int:
    h = 0xcbf29ce484222325
    for x in b:
        h ^= x
        h = (h * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h

brief = open(sys.argv[1], 'rb').read()
cut = brief.find(b'- <sup>I</sup>')
if cut > 0:
    brief = brief[:cut]
w = words(brief)
hs = sorted({fnv1a(b' '.join(w[i:i + 8])) for i in range(len(w) - 7)})
with open(sys.argv[2], 'w') as f:
    f.write('# FNV-1a 64 hashes of 8-word runs of the brief (scripts/brief-hashes.py)\n')
    for h in hs:
        f.write('%016x\n' % h)
print(len(hs), 'hashes')
