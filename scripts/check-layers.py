#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The include check of docs/architecture.md: dependencies point only downwards.

Layers, lowest first:
  0 base    src/base/, include/relok/{common,error,date,text,arena,limits,mem}.h
  1 kb      src/kb/,   include/relok/{kb,rule,country,json}.h
  2 stay    src/stay/, include/relok/{stay,trips,diary,plan,tax}.h
  2 advise  src/advise/, include/relok/advise.h
  2 sim     src/sim/,  include/relok/sim.h
  3 faces   cli/, server/ (with server/include/relok/server.h) and the
            umbrella include/relok/relok.h, which only a face may include.

Every quoted include under src/, include/, cli/ and server/ is resolved the
way the compiler resolves it (the including file's directory, then include/,
server/include/ and src/), and the check fails when
  - a file includes a header of a higher layer (an upward include), or
  - a file includes another module's private header (*_int.h). Base's
    private headers are the library's shared toolkit (errors, allocation,
    the document reader): the other library modules may use them, a face
    may not.
Headers of tests/ and bench/ may reach anything and are not checked.

Usage: check-layers.py [ROOT]          check; exit 1 and list violations
       check-layers.py --dot [ROOT]    print the module include graph (dot)
"""
import os
import re
import sys

LAYER = {"base": 0, "kb": 1, "stay": 2, "advise": 2, "sim": 2, "cli": 3, "server": 3, "umbrella": 3}
PUBLIC = {
    "base": ["common", "error", "date", "text", "arena", "limits", "mem"],
    "kb": ["kb", "rule", "country", "json", "labels"],
    "stay": ["stay", "trips", "diary", "plan", "tax"],
    "advise": ["advise"],
    "sim": ["sim"],
    "umbrella": ["relok"],
}
PUBLIC_OWNER = {f"include/relok/{h}.h": m for m, hs in PUBLIC.items() for h in hs}
SEARCH = ["include", "server/include", "src"]
INCLUDE_RE = re.compile(r'^\s*#\s*include\s*([<"])([^">]+)[">]')


def module_of(rel):
    """The module a file (path relative to the root) belongs to, or None."""
    if rel.startswith("include/relok/"):
        if rel not in PUBLIC_OWNER:
            raise SystemExit(f"check-layers: {rel}: public header of no layer; add it to PUBLIC")
        return PUBLIC_OWNER[rel]
    parts = rel.split("/")
    if parts[0] == "src" and len(parts) > 2:
        return parts[1]
    if parts[0] in ("cli", "server"):
        return parts[0]
    return None


def resolve(root, rel, name, quoted):
    here = os.path.dirname(rel)
    dirs = ([here] if quoted else []) + SEARCH
    for d in dirs:
        cand = os.path.normpath(os.path.join(d, name))
        if os.path.isfile(os.path.join(root, cand)):
            return cand
    return None  # a system header


def scan(root):
    """Yield (file, line, included file) for every project include."""
    for top in ("src", "include", "cli", "server"):
        for dirpath, _, files in os.walk(os.path.join(root, top)):
            for fn in sorted(files):
                if not fn.endswith((".c", ".h")):
                    continue
                path = os.path.join(dirpath, fn)
                rel = os.path.relpath(path, root)
                with open(path, encoding="utf-8") as f:
                    for no, text in enumerate(f, 1):
                        m = INCLUDE_RE.match(text)
                        if m:
                            target = resolve(root, rel, m.group(2), m.group(1) == '"')
                            if target is not None:
                                yield rel, no, target


def violation(src_mod, rel, dst_mod, target):
    if src_mod is None or dst_mod is None or src_mod == dst_mod:
        return None
    if LAYER[dst_mod] > LAYER[src_mod]:
        return f"upward include: {src_mod} (layer {LAYER[src_mod]}) includes {dst_mod} (layer {LAYER[dst_mod]})"
    if target.endswith("_int.h"):
        library = rel.startswith("src/") or rel.startswith("include/")
        if not (dst_mod == "base" and library):
            return f"private header of module {dst_mod}"
    return None


def main(argv):
    dot = "--dot" in argv
    args = [a for a in argv if a != "--dot"]
    root = args[0] if args else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    bad = 0
    edges = {}
    for rel, no, target in scan(root):
        src_mod, dst_mod = module_of(rel), module_of(target)
        why = violation(src_mod, rel, dst_mod, target)
        if why is not None:
            print(f"{rel}:{no}: includes {target}: {why}")
            bad += 1
        if src_mod and dst_mod and src_mod != dst_mod:
            edges[(src_mod, dst_mod)] = edges.get((src_mod, dst_mod), 0) + 1
    if dot:
        print("digraph relok_layers {")
        print('  rankdir=BT; node [shape=box, fontname="sans-serif"];')
        print('  edge [fontname="sans-serif", fontsize=9, color="#555555"];')
        for layer in sorted(set(LAYER.values())):
            mods = " ".join(f'"{m}"' for m, l in LAYER.items() if l == layer)
            print(f'  {{ rank=same; "layer {layer}" [shape=plaintext]; {mods}; }}')
        for layer in sorted(set(LAYER.values()))[:-1]:
            print(f'  "layer {layer}" -> "layer {layer + 1}" [style=invis];')
        for a, b in sorted(edges):
            print(f'  "{a}" -> "{b}";')
        print("}")
        return 1 if bad else 0
    if bad:
        print(f"check-layers: {bad} include(s) break the layer order (docs/architecture.md)")
        return 1
    print(f"check-layers: {len(edges)} module dependencies, all downwards")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
