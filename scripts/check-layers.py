#!/usr/bin/env python3
"""Checks that data flows one way through engine/ (docs/architecture.md).

Every file of engine/ lives in a stage folder, and includes the headers of
engine/ by their stage path (`#include "facts/kfunc_extractor.h"`). A file
may include only headers of its own stage or of a lower one:

    util < repo < store < scan < commits < facts < docs < pipeline < cli

It also checks that docs/architecture.md names every stage folder and every
file of engine/. Prints each violation as file:line and exits 1 if any.

usage: scripts/check-layers.py [--graph]   (--graph: print the stage graph)
"""
import os
import re
import sys

STAGES = ["util", "repo", "store", "scan", "commits", "facts", "idents", "series", "docs", "pipeline", "cli"]
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
ENGINE = os.path.join(ROOT, "engine")
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def engine_files():
    for d, _, files in os.walk(ENGINE):
        for f in sorted(files):
            if f.endswith((".h", ".cc", ".cc.in")):
                yield os.path.relpath(os.path.join(d, f), ENGINE)


def main():
    problems = []
    edges = {}
    files = sorted(engine_files())
    headers = {f for f in files if f.endswith(".h")}
    for rel in files:
        parts = rel.split("/")
        if len(parts) != 2 or parts[0] not in STAGES:
            problems.append(f"engine/{rel}: not in a stage folder ({', '.join(STAGES)})")
            continue
        stage = parts[0]
        with open(os.path.join(ENGINE, rel), encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                m = INCLUDE.match(line)
                if not m:
                    continue
                inc = m.group(1)
                if inc not in headers:
                    problems.append(f"engine/{rel}:{n}: #include \"{inc}\" names no header of engine/ by its "
                                    f"stage path (e.g. \"{stage}/{os.path.basename(inc)}\")")
                    continue
                to = inc.split("/")[0]
                edges[(stage, to)] = edges.get((stage, to), 0) + 1
                if STAGES.index(to) > STAGES.index(stage):
                    problems.append(f"engine/{rel}:{n}: the {stage} stage includes \"{inc}\" of the higher "
                                    f"{to} stage; data flows {' < '.join(STAGES)}")
    arch = open(os.path.join(ROOT, "docs", "architecture.md"), encoding="utf-8").read()
    for stage in STAGES:
        if f"engine/{stage}/" not in arch and f"### {stage}/" not in arch:
            problems.append(f"docs/architecture.md: says nothing of the stage folder engine/{stage}/")
    for rel in files:
        base = os.path.basename(rel)
        stem = base.split(".")[0]
        # A table row may name a header and its source together: `stem.{h,cc}`.
        if f"`{base}`" not in arch and f"`{stem}.{{h,cc}}`" not in arch and f"`{stem}.{{h,cc,in}}`" not in arch:
            problems.append(f"docs/architecture.md: does not name engine/{rel}")
    if "--graph" in sys.argv:
        for (a, b), n in sorted(edges.items(), key=lambda e: (STAGES.index(e[0][0]), STAGES.index(e[0][1]))):
            if a != b:
                print(f"{a:9} -> {b:9} {n:3} includes")
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problems", file=sys.stderr)
        return 1
    print(f"{len(files)} files in {len(STAGES)} stages: every include runs down the stages, "
          "and docs/architecture.md names every file")
    return 0


if __name__ == "__main__":
    sys.exit(main())
