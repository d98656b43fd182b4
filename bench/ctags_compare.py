#!/usr/bin/env python3
"""The identifier index's definitions against universal-ctags, per kind.

Extracts the C files (.c, .h) of some folders at one tag, runs Debian's
universal-ctags (kinds f d s u g e t v, every file read as C) and
ksince_ident_defs (the index's reader) on the same files, and compares the
(file, name) pairs of each kind: both, ksince only, ctags only, with a few
examples of each disagreement for docs/identifiers.md.

usage: bench/ctags_compare.py --repo DIR --tag TAG --ident-defs BIN
           [--paths P ...] [--examples N] [--out FILE.md]
"""
import argparse
import collections
import os
import random
import subprocess
import sys
import tempfile

CTAGS_KINDS = {"function": "function", "macro": "macro", "struct": "struct", "union": "union",
               "enum": "enum", "enumerator": "enumerator", "typedef": "typedef", "variable": "variable"}
DEFAULT_PATHS = ["kernel", "mm", "net/core", "net/ipv4", "include/linux", "include/uapi/linux", "fs/ext4",
                 "drivers/net/ethernet/intel/e1000e", "arch/x86/kernel", "lib"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repo", required=True)
    ap.add_argument("--tag", required=True)
    ap.add_argument("--ident-defs", required=True)
    ap.add_argument("--paths", nargs="*", default=DEFAULT_PATHS)
    ap.add_argument("--examples", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out")
    a = ap.parse_args()
    rng = random.Random(a.seed)

    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(["git", "--git-dir", a.repo, "archive", a.tag, "--", *a.paths],
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        files = []
        for root, _, names in os.walk(tmp):
            for n in names:
                if n.endswith((".c", ".h")):
                    files.append(os.path.relpath(os.path.join(root, n), tmp))
        files.sort()
        listing = "\n".join(files) + "\n"
        ctags = subprocess.run(["ctags", "-x", "--_xformat=%N\t%K\t%n\t%F", "--language-force=C",
                                "--kinds-C=fdsugetv", "-f", "-", "-L", "-"],
                               input=listing.encode(), capture_output=True, cwd=tmp, check=True).stdout
        ours = subprocess.run([os.path.abspath(a.ident_defs)], input=listing.encode(), capture_output=True,
                              cwd=tmp, check=True).stdout

    # kind -> set of (file, name); lines kept for the examples
    theirs_set = collections.defaultdict(set)
    lines = {}
    for line in ctags.decode(errors="replace").splitlines():
        parts = line.split("\t")
        if len(parts) != 4:
            continue
        name, kind, lineno, path = parts
        if kind not in CTAGS_KINDS or name.startswith("__anon"):
            continue
        theirs_set[kind].add((path, name))
        lines.setdefault(("ctags", kind, path, name), lineno)
    ours_set = collections.defaultdict(set)
    for line in ours.decode(errors="replace").splitlines():
        path, lineno, kind, name = line.split("\t")
        if kind not in CTAGS_KINDS:
            continue  # export, syscall, tracepoint, kconfig, asm: ctags has no such kind
        ours_set[kind].add((path, name))
        lines.setdefault(("ksince", kind, path, name), lineno)

    out = [f"universal-ctags against ksince's definitions: {a.tag} of {a.repo}, {len(files)} C files "
           f"({', '.join(a.paths)}); every file read as C by both.", "",
           "| kind | both | ksince only | ctags only | agreement |", "|---|---|---|---|---|"]
    examples = []
    for kind in CTAGS_KINDS:
        o, t = ours_set[kind], theirs_set[kind]
        both, only_o, only_t = o & t, sorted(o - t), sorted(t - o)
        union = len(o | t)
        out.append(f"| {kind} | {len(both)} | {len(only_o)} | {len(only_t)} | "
                   f"{100.0 * len(both) / union if union else 100:.1f}% |")
        for label, pool, side in (("ksince only", only_o, "ksince"), ("ctags only", only_t, "ctags")):
            for path, name in rng.sample(pool, min(a.examples, len(pool))):
                examples.append(f"- {kind}, {label}: `{name}` at {path}:{lines.get((side, kind, path, name), '?')}")
    text = "\n".join(out + ["", "Examples of each disagreement (random, seed %d):" % a.seed, ""] + examples) + "\n"
    print(text)
    if a.out:
        with open(a.out, "w") as f:
            f.write(text)


if __name__ == "__main__":
    sys.exit(main())
