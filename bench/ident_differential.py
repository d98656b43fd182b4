#!/usr/bin/env python3
"""The identifier index against git grep -w on a real repository.

Picks random identifiers the index knows (and random names it should not),
and compares, tag by tag, ksince's "mentioned" presence with git's: one
`git grep -q -F -w -e NAME TAG -- SCOPE` per name and tag. Too slow for CI on a kernel tree; CI runs the same
comparison on generated repositories (tests/identifiers_test.cc).

usage: bench/ident_differential.py --ksince BIN --repo DIR --db FILE
           [--names N] [--absent M] [--seed S]
       prints the disagreements (none expected) and a summary line; exits 1
       if there is any
"""
import argparse
import concurrent.futures
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

    # git: which of the names each tag has, as whole words in the scope: one
    # `git grep -q -F -w` per name and tag (it stops at the first match), two
    # at a time.
    t0 = time.monotonic()

    def has(pair):
        name, tag = pair
        r = subprocess.run(["git", "--git-dir", a.repo, "grep", "-q", "-F", "-w", "-e", name, tag, "--", *scope])
        if r.returncode > 1:
            sys.exit(f"git grep failed for {name} at {tag}")
        return r.returncode == 0

    pairs = [(n, t) for n in names for t in reversed(tags)]  # newest first, as ksince lists them
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        found = dict(zip(pairs, pool.map(has, pairs)))
    git = {n: [t for t in reversed(tags) if found[(n, t)]] for n in names}
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
