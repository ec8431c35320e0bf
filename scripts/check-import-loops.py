#!/usr/bin/env python3
"""Fails when files inside a crate import each other in a loop (issue 13).

For every crate under crates/, each source file is a module; an edge a -> b is
a `crate::b` or `super::b` path used in a's code (comments and `#[cfg(test)]
mod tests` blocks are left out: tests may reach anywhere). Loops are the
strongly connected components with more than one module.

Usage: scripts/check-import-loops.py [REPO_ROOT]   (exit 1 and a list on loops)
"""

import os
import re
import sys


def modules(src):
    """Module path ("a::b") -> file, for every .rs file under src."""
    mods = {}
    for dirpath, _, files in os.walk(src):
        for f in files:
            if f.endswith(".rs"):
                path = os.path.join(dirpath, f)
                parts = os.path.relpath(path, src)[:-3].split(os.sep)
                if parts[-1] in ("mod", "lib", "main"):
                    parts = parts[:-1]
                mods["::".join(parts)] = path
    return mods


def code_of(path):
    """The file's code without comment lines and without its unit tests."""
    with open(path, encoding="utf-8") as fh:
        lines = [l for l in fh.read().split("\n") if not l.strip().startswith("//")]
    return re.split(r"#\[cfg\(test\)\]\s*mod tests", "\n".join(lines))[0]


def edges(mods):
    graph = {m: set() for m in mods}
    for m, path in mods.items():
        code = code_of(path)
        for ref in re.findall(r"crate::((?:[a-z_0-9]+::)*[a-z_0-9]+)", code):
            parts = ref.split("::")
            for k in range(len(parts), 0, -1):
                target = "::".join(parts[:k])
                if target in mods:
                    nested = m.startswith(target + "::") or (m and target.startswith(m + "::"))
                    if target != m and not nested:
                        graph[m].add(target)
                    break
        parent = m.rsplit("::", 1)[0] if "::" in m else ""
        for ref in re.findall(r"super::([a-z_0-9]+)", code):
            target = f"{parent}::{ref}" if parent else ref
            if target in mods and target != m:
                graph[m].add(target)
    return graph


def loops(graph):
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on, found, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    bad = 0
    for crate in sorted(os.listdir(os.path.join(root, "crates"))):
        src = os.path.join(root, "crates", crate, "src")
        if not os.path.isdir(src):
            continue
        for comp in loops(edges(modules(src))):
            bad += 1
            print(f"crates/{crate}: import loop between {' <-> '.join(comp)}")
    if bad:
        sys.exit(1)
    print("no import loops between files")


if __name__ == "__main__":
    main()
