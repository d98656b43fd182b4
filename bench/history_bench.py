#!/usr/bin/env python3
"""The definition history (issue 26): the goal table, shapes against no shapes.

On the five-release repository of bench/make-kernel-repo.sh, in one run:
  index      `ksince index` of the identifiers (a patterns file with
             `identifiers: true` and no patterns, --no-facts) from an empty
             database, with shapes and with --no-shapes, alternating, --runs
             times each: wall time, the identifier stage's seconds, the
             database's size, peak heap (RssAnon, bench/peak_rss.py)
  nightly    the four older releases indexed, then the fifth added: the
             identifier step's seconds, with and without shapes
  history    `ksince history NAME` best of --repeat, process start included,
             for names with changes of every kind
  compat     `ksince compat DIR --from OLDEST` on a driver folder of about 30
             .c and .h files taken from the oldest release (`git archive`)

usage: bench/history_bench.py --ksince BIN --five DIR [--runs 2] [--repeat 5]
         [--driver drivers/gpu/drm/etnaviv] [--out FILE.json]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tarfile
import io
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from ident_bench import best_of  # noqa: E402
NAMES = ["class_create", "struct class.devnode", "sk_buff", "kmalloc", "no_llseek", "class_destroy", "inode"]


def peak(cmd):
    p = subprocess.run([sys.executable, os.path.join(HERE, "peak_rss.py"), "--"] + cmd, capture_output=True,
                       text=True)
    if p.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{p.stderr}")
    stats = json.loads(p.stderr.strip().splitlines()[-1])
    return stats, p.stdout


def ident_seconds(out):
    for line in out.splitlines():
        if line.startswith("identifiers:"):
            return float(line.rsplit(",", 1)[1].strip().split()[0])
    return None


def write_patterns(path, tags):
    with open(path, "w") as f:
        f.write("tags: [" + ", ".join("'^%s$'" % t.replace(".", "\\.") for t in tags) + "]\nidentifiers: true\n")


def index(ksince, repo, patterns, db, shapes):
    cmd = [ksince, "index", "--repo", repo, "--patterns", patterns, "--db", db, "--no-facts"]
    if not shapes:
        cmd.append("--no-shapes")
    stats, out = peak(cmd)
    return {"seconds": stats["seconds"], "identifier_seconds": ident_seconds(out),
            "heap_mib": stats["peak_rss_anon_mib"], "db_mib": os.path.getsize(db) / 2**20}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ksince", required=True)
    ap.add_argument("--five", required=True)
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--driver", default="drivers/gpu/drm/etnaviv")
    ap.add_argument("--out")
    a = ap.parse_args()
    tags = subprocess.run(["git", "-C", a.five, "tag", "--sort=v:refname"], capture_output=True, text=True,
                          check=True).stdout.split()
    tmp = tempfile.mkdtemp(prefix="history-bench-")
    result = {"machine": os.uname().nodename, "tags": tags, "index": {"shapes": [], "no_shapes": []},
              "nightly": {}, "history": {}, "compat": {}}
    try:
        all_p, old_p = os.path.join(tmp, "all.yaml"), os.path.join(tmp, "old.yaml")
        write_patterns(all_p, tags)
        write_patterns(old_p, tags[:-1])
        for _ in range(a.runs):
            for shapes in (True, False):
                db = os.path.join(tmp, "s.db" if shapes else "n.db")
                for f in (db, db + "-wal", db + "-shm"):
                    if os.path.exists(f):
                        os.remove(f)
                result["index"]["shapes" if shapes else "no_shapes"].append(
                    index(a.ksince, a.five, all_p, db, shapes))
        for shapes in (True, False):
            db = os.path.join(tmp, "night-s.db" if shapes else "night-n.db")
            index(a.ksince, a.five, old_p, db, shapes)
            os.sync()
            result["nightly"]["shapes" if shapes else "no_shapes"] = index(a.ksince, a.five, all_p, db, shapes)
        sdb = os.path.join(tmp, "s.db")
        for name in NAMES:
            s, out = best_of([a.ksince, "history", "--db", sdb, name], a.repeat)
            result["history"][name] = {"seconds": s, "changes": out.splitlines()[0] if out else ""}
        # A driver of the oldest release as an out-of-tree module.
        arch = subprocess.run(["git", "-C", a.five, "archive", tags[0], a.driver], capture_output=True,
                              check=True).stdout
        mod = os.path.join(tmp, "module")
        with tarfile.open(fileobj=io.BytesIO(arch)) as t:
            t.extractall(mod)
        files = [f for _, _, fs in os.walk(mod) for f in fs if f.endswith((".c", ".h"))]
        s, out = best_of([a.ksince, "compat", "--db", sdb, mod, "--from", tags[0], "--json"], a.repeat)
        rep = json.loads(out)
        result["compat"] = {"driver": a.driver, "files": len(files), "seconds": s, "entries": len(rep["entries"]),
                            "unchanged": rep["unchanged"], "unknown": len(rep["unknown"]),
                            "unresolved_members": rep["unresolved_members"]}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    text = json.dumps(result, indent=2)
    if a.out:
        with open(a.out, "w") as f:
            f.write(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
