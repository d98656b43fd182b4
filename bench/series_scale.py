#!/usr/bin/env python3
"""A long stable series (issue 25): one series of --points points, each
changing a few files, as linux-stable's long series do; indexed a point at
a time, as a nightly job would. Per step: the step's wall time and the
database's size, so that growth per point can be compared early and late
(goal: points 450-500 within 20% of points 50-100). The two windows' steps
run alternately, from databases grown a point at a time.

The repository (git fast-import, fixed seed and dates): a release v9.0 of
--files C files under kernel/ (functions, calls, words), and a branch
linux-9.0.y whose point v9.0.N changes 3 to 5 files (a function added,
removed or changed, a call added), tagged at each point.

usage: bench/series_scale.py --ksince BIN [--points 500] [--files 3000]
         [--out-prefix bench/results/series-scale-DATE]
"""
import argparse
import datetime
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scale_bench  # noqa: E402


def make_repo(path, points, files, seed):
    rng = random.Random(seed)
    words = [f"w{i}_{rng.randrange(1 << 20):x}" for i in range(4000)]
    tree = {}
    for i in range(files):
        fns = [f"fn_{i}_{k}" for k in range(rng.randrange(1, 6))]
        body = "".join(f"int {f}(void)\n{{\n\treturn {rng.choice(words)};\n}}\n" for f in fns)
        tree[f"kernel/d{i % 60}/f{i}.c"] = body + f"/* {' '.join(rng.sample(words, 8))} */\n"
    date = 1700000000
    out = []

    def data(s):
        b = s.encode()
        out.append(b"data %d\n" % len(b) + b + b"\n")

    def commit(ref, msg, paths, parent=None):
        nonlocal date
        date += 3600
        out.append(f"commit {ref}\ncommitter b <b@e> {date} +0000\n".encode())
        data(msg)
        if parent:
            out.append(f"from {parent}\n".encode())
        for p in paths:
            out.append(f"M 100644 inline {p}\n".encode())
            data(tree[p])

    def tag(name, ref):
        out.append(f"tag {name}\nfrom {ref}\ntagger b <b@e> {date} +0000\n".encode())
        data(name)

    commit("refs/heads/master", "v9.0", list(tree))
    tag("v9.0", "refs/heads/master")
    for n in range(1, points + 1):
        changed = rng.sample(sorted(tree), rng.randrange(3, 6))
        for p in changed:
            op = rng.randrange(3)
            if op == 0:
                tree[p] += f"int fn_p{n}_{rng.randrange(1 << 16):x}(void)\n{{\n\treturn 0;\n}}\n"
            elif op == 1:
                tree[p] += f"/* call {rng.choice(words)}() */\n"
            else:
                tree[p] = tree[p].replace("return", "return -", 1)
        commit("refs/heads/linux-9.0.y", f"Linux 9.0.{n}", changed, None if n > 1 else "refs/heads/master")
        tag(f"v9.0.{n}", "refs/heads/linux-9.0.y")
    subprocess.run(["git", "init", "-q", "--bare", path], check=True)
    subprocess.run(["git", "-C", path, "fast-import", "--quiet"], input=b"".join(out), check=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ksince", required=True)
    ap.add_argument("--points", type=int, default=500)
    ap.add_argument("--files", type=int, default=3000)
    ap.add_argument("--out-prefix")
    a = ap.parse_args()
    ksince = os.path.abspath(a.ksince)
    work = tempfile.mkdtemp(prefix="series-scale-")
    res = {"machine": scale_bench.machine(), "date": datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC"),
           "points": a.points, "files": a.files, "loadavg_before": scale_bench.loadavg(), "steps": []}
    try:
        repo = os.path.join(work, "repo.git")
        scale_bench.log(f"making a series of {a.points} points over {a.files} files")
        make_repo(repo, a.points, a.files, 500)
        patterns = os.path.join(work, "p.yaml")
        # One database grown a point at a time, as a nightly job grows it;
        # at point lo its copy is the early database. The windows' steps
        # then run alternately (early n, late n), so that the machine's
        # drift, which moves a step by 30% here within minutes, hits both.
        early, late = os.path.join(work, "early.db"), os.path.join(work, "late.db")
        lo, hi = a.points // 10, a.points * 9 // 10
        for n in range(1, hi + 1):
            step(ksince, repo, patterns, late, n)
            if n == lo:
                for ext in ("", "-wal", "-shm"):
                    if os.path.exists(late + ext):
                        shutil.copy(late + ext, early + ext)
                os.sync()  # the copy on disk: its write-back is no step's
            if n % 50 == 0:
                scale_bench.log(f"  grown to {n} points")
        for k in range(1, a.points // 10 + 1):
            for db, n in ((early, lo + k), (late, hi + k)):
                res["steps"].append(step(ksince, repo, patterns, db, n) | {"window": "early" if db == early else "late"})
        scale_bench.log("  timed: early " + window(res, "early") + ", late " + window(res, "late"))
        for w in ("early", "late"):
            xs = [x for x in res["steps"] if x["window"] == w]
            res[w] = {"points": [xs[0]["points"], xs[-1]["points"]],
                      "seconds_per_step": sum(x["seconds"] for x in xs) / len(xs),
                      "db_growth_per_step": sum(x["db_growth"] for x in xs) / len(xs)}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    scale_bench.finish(res, a.out_prefix)
    print(json.dumps({k: v for k, v in res.items() if k != "steps"}, indent=1))
    return 0


def step(ksince, repo, patterns, db, n):
    """The index of the points up to n, from the database's last state: its
    wall time and what the database grew by."""
    def size():  # the bytes of the pages in use (the WAL's included; the file's free pages not)
        if not os.path.exists(db):
            return 0
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            page, count, free = (con.execute(f"PRAGMA {p}").fetchone()[0]
                                 for p in ("page_size", "page_count", "freelist_count"))
            return page * (count - free)
        finally:
            con.close()
    with open(patterns, "w") as f:  # the points up to n, as a nightly job has them
        f.write("files: [kernel]\ntags: ['^v9\\.0$']\nidentifiers: true\n"
                "series: '^v(?<series>9\\.0)\\.(?<point>" + points_upto(n) + ")$'\n"
                "patterns:\n  - name: g\n    patterns:\n      - name: fn_1_0\n      - name: fn_p1_0\n")
    before = size()
    t0 = time.monotonic()
    p = subprocess.run([ksince, "index", "--quiet", "--json", "--repo", repo, "--patterns", patterns, "--db", db],
                       capture_output=True, text=True)
    s = time.monotonic() - t0
    if p.returncode != 0:
        sys.exit(f"index failed at point {n}: {p.stderr}")
    return {"points": n, "seconds": s, "db_bytes": size(), "db_growth": size() - before}


def window(res, w):
    xs = [x["seconds"] for x in res["steps"] if x["window"] == w]
    return f"{sum(xs) / len(xs):.3f} s/step"


def points_upto(n):
    """A regex alternative matching the decimal numbers 1..n."""
    return "|".join(str(i) for i in range(1, n + 1))


if __name__ == "__main__":
    sys.exit(main())
