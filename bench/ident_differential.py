#!/usr/bin/env python3
"""The identifier index against git grep -w on a real repository.

Picks random identifiers the index knows (and random names it should not),
and compares, tag by tag, ksince's "mentioned" presence with git's: one
`git grep -w -o -h -e N1 -e N2 ... TAG -- SCOPE` per tag lists which of the
names git finds there. Too slow for CI on a kernel tree; CI runs the same
comparison on generated repositories (tests/identifiers_test.cc).

usage: bench/ident_differential.py --ksince BIN --repo DIR --db FILE
           [--names N] [--absent M] [--seed S]
       prints the disagreements (none expected) and a summary line; exits 1
       if there is any
"""
import argparse
import json
import random
import sqlite3
import string
import subprocess
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ksince", required=True)
    ap.add_argument("--repo", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--names", type=int, default=40)
    ap.add_argument("--absent", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)

    con = sqlite3.connect(f"file:{a.db}?mode=ro", uri=True)
    meta = dict(con.execute("SELECT key, value FROM meta WHERE key IN ('ident_tags', 'ident_scope')"))
    tags = json.loads(meta["ident_tags"])  # oldest first
    scope = json.loads(meta["ident_scope"])
    # Random names: the first name at or after a random prefix (the names
    # are keyed by name; an id -> name lookup would scan them all).
    alphabet = string.ascii_letters + "_"
    names = set()
    while len(names) < a.names:
        prefix = rng.choice(alphabet) + "".join(rng.choice(alphabet + string.digits) for _ in range(rng.randrange(3)))
        row = con.execute("SELECT n.name FROM ident_names n JOIN ident_answers a ON a.ident_id = n.id "
                          "WHERE n.name >= ? AND length(a.mentioned) > 0 ORDER BY n.name LIMIT 1",
                          (prefix,)).fetchone()
        if row:
            names.add(row[0])
    absent = set()
    while len(absent) < a.absent:
        absent.add("ks_" + "".join(rng.choice(string.ascii_lowercase) for _ in range(10)))
    names = sorted(names | absent)

    # git: which of the names each tag has, as whole words in the scope.
    t0 = time.monotonic()
    git = {n: [] for n in names}
    for tag in reversed(tags):  # newest first, as ksince lists them
        # -F: the names are literals (git then uses its fast multi-string search);
        # -a: a binary file counts (SPEC), and -o must print its matches too
        args = ["git", "--git-dir", a.repo, "grep", "-F", "-w", "-o", "-h", "-a"]
        for n in names:
            args += ["-e", n]
        args += [tag, "--", *scope]
        out = subprocess.run(args, capture_output=True).stdout
        found = set(out.decode(errors="replace").split())
        for n in names:
            if n in found:
                git[n].append(tag)
    git_s = time.monotonic() - t0

    t0 = time.monotonic()
    res = subprocess.run([a.ksince, "query", "--json", "--db", a.db, *names], capture_output=True)
    ks_s = time.monotonic() - t0
    answers = {e["name"]: e for e in json.loads(res.stdout)}
    bad = 0
    for n in names:
        e = answers.get(n, {})
        ident = e.get("identifier")
        ks = ident["mentioned"]["present"] if ident else []
        if ks != git[n]:
            bad += 1
            print(f"{n}: ksince {ks}, git {git[n]}")
    print(f"{len(names)} names ({len(absent)} absent) at {len(tags)} tags: {bad} disagreements; "
          f"git grep {git_s:.1f} s, ksince query {ks_s:.2f} s")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
