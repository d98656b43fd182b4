#!/usr/bin/env python3
"""ksince index against its two peers on one repository, in one run.

Peers (SPEC, NOTES):
  reference  check out each tag, then one `git grep -q -w -e NAME -- SPEC` per
             pattern: the method of the Go script the docs site runs today.
  git-walk   per tag ONE `git grep -h -o -w -E '(N1|N2|...)' TAG -- SPEC`,
             read from the object database: git's best tag walk.
  ksince     `ksince index` from an empty database, then again with nothing new;
             and the nightly case: index with only the oldest tag selected,
             then with all tags (the newer ones are "new"), then once more.

Every pattern's presence at every selected tag is compared between ksince
and each peer that ran; disagreements are listed. Figures go to stdout as
Markdown and to --out as JSON.

usage: bench/kernel_bench.py --repo DIR --ksince BIN [--patterns FILE]
                             [--skip-reference] [--out FILE]
"""
import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time

import yaml


def timed(cmd, **kw):
    """Runs cmd under /usr/bin/time -v; returns (seconds, peak RSS MiB, stdout)."""
    start = time.monotonic()
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, capture_output=True, text=True, **kw)
    secs = time.monotonic() - start
    if p.returncode != 0:
        sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr[-2000:]}")
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
    return secs, (int(rss.group(1)) / 1024 if rss else 0.0), p.stdout


def git(repo, *args, **kw):
    return subprocess.run(["git", "-C", repo] + list(args), **kw)


def selected_tags(repo, regexes):
    out = git(repo, "tag", "-l", capture_output=True, text=True, check=True).stdout.split()
    return [t for t in out if any(re.search(r, t) for r in regexes)]


def tags_oldest_first(repo, tags):
    """Selected tags by creation date, oldest first."""
    out = git(repo, "for-each-ref", "--sort=creatordate", "--format=%(refname:short)", "refs/tags",
              capture_output=True, text=True, check=True).stdout.split()
    return [t for t in out if t in tags]


def matchers(pattern_set):
    """(group, name, exprs, extended) for every pattern."""
    for g in pattern_set["patterns"]:
        for p in g["patterns"] or []:
            if p.get("regexes"):
                yield g["name"], p["name"], p["regexes"], True
            else:
                yield g["name"], p["name"], [p["name"]], False


def git_walk(repo, tags, pats, files):
    """Names present per tag, from one alternation grep per tag."""
    if any(ext for _, _, _, ext in pats):
        return None, 0.0  # the alternation trick only covers literal names
    names = sorted({n for _, n, _, _ in pats})
    alternation = "(" + "|".join(re.escape(n) for n in names) + ")"
    present, total = {}, 0.0
    for t in tags:
        start = time.monotonic()
        p = git(repo, "grep", "-h", "-o", "-w", "-E", alternation, t, "--", *files,
                capture_output=True, text=True, errors="replace")
        total += time.monotonic() - start
        if p.returncode not in (0, 1):
            sys.exit(f"git grep failed at {t}: {p.stderr}")
        present[t] = set(p.stdout.split("\n")) & set(names)
    return present, total


def reference(repo, tags, pats, files, scratch):
    """The reference: checkout, then one git grep -q -w per pattern."""
    wt = os.path.join(scratch, "worktree")
    subprocess.run(["git", "clone", "-q", "--no-checkout", repo, wt], check=True)
    present, checkout_s, grep_s = {}, 0.0, 0.0
    for t in tags:
        start = time.monotonic()
        git(wt, "checkout", "-q", "-f", t, check=True)
        checkout_s += time.monotonic() - start
        start = time.monotonic()
        found = set()
        for _, name, exprs, ext in pats:
            args = ["grep", "-q", "-w"] + (["-E"] if ext else [])
            for e in exprs:
                args += ["-e", e]
            if git(wt, *args, "--", *files).returncode == 0:
                found.add(name)
        grep_s += time.monotonic() - start
        present[t] = found
        print(f"  reference: {t} done ({len(found)} present)", file=sys.stderr)
    return present, checkout_s, grep_s


def ksince_presence(ksince, db, names):
    out = subprocess.run([ksince, "query", "--json", "--db", db] + names,
                         capture_output=True, text=True)
    present = {}
    for row in json.loads(out.stdout):
        for t in row.get("present", []):
            present.setdefault(t, set()).add(row["name"])
    return present


def compare(tags, a, b):
    diffs = []
    for t in tags:
        for n in sorted(a.get(t, set()) ^ b.get(t, set())):
            diffs.append(f"{t} {n}: {'ksince only' if n in a.get(t, set()) else 'peer only'}")
    return diffs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repo", required=True)
    ap.add_argument("--ksince", required=True)
    ap.add_argument("--patterns", default=os.path.join(os.path.dirname(__file__), "..", "patterns", "ebpf.yaml"))
    ap.add_argument("--skip-reference", action="store_true", help="skip the ~25 minute reference method")
    ap.add_argument("--out")
    a = ap.parse_args()

    ps = yaml.safe_load(open(a.patterns))
    files = ps.get("files") or []
    tags = selected_tags(a.repo, ps["tags"])
    pats = list(matchers(ps))
    names = sorted({n for _, n, _, _ in pats})
    res = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, "
                      f"{platform.processor() or 'cpu'}; {platform.platform()}",
           "repo": a.repo, "tags": tags, "patterns": len(pats)}
    scratch = tempfile.mkdtemp(prefix="ksince-bench-")
    try:
        db = os.path.join(scratch, "k.db")
        cmd = [a.ksince, "index", "--repo", a.repo, "--patterns", a.patterns, "--db", db, "--json"]
        s, rss, out = timed(cmd)
        res["ksince_full"] = {"seconds": s, "peak_rss_mib": rss, "report": json.loads(out)}
        s, rss, out = timed(cmd)
        res["ksince_rerun"] = {"seconds": s, "peak_rss_mib": rss, "report": json.loads(out)}
        kp = ksince_presence(a.ksince, db, names)

        # The nightly case: the oldest tag first, then the rest arrives.
        oldest_only = dict(ps, tags=["^" + re.escape(tags_oldest_first(a.repo, tags)[0]) + "$"])
        p_old = os.path.join(scratch, "oldest.yaml")
        with open(p_old, "w") as f:
            yaml.safe_dump(oldest_only, f, sort_keys=False)
        db2 = os.path.join(scratch, "incremental.db")
        steps = {}
        for label, pfile in (("oldest_tag_only", p_old), ("all_tags_after", a.patterns), ("nothing_new", a.patterns)):
            s, rss, out = timed([a.ksince, "index", "--repo", a.repo, "--patterns", pfile, "--db", db2, "--json"])
            steps[label] = {"seconds": s, "peak_rss_mib": rss, "report": json.loads(out)}
        res["ksince_incremental"] = steps

        walk, walk_s = git_walk(a.repo, tags, pats, files)
        if walk is not None:
            res["git_walk"] = {"seconds": walk_s, "present": {t: len(v) for t, v in walk.items()},
                               "disagreements": compare(tags, kp, walk)}
        if not a.skip_reference:
            ref, co_s, grep_s = reference(a.repo, tags, pats, files, scratch)
            res["reference"] = {"seconds": co_s + grep_s, "checkout_seconds": co_s, "grep_seconds": grep_s,
                                "present": {t: len(v) for t, v in ref.items()},
                                "disagreements": compare(tags, kp, ref)}
        res["ksince_present"] = {t: len(v) for t, v in kp.items()}
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    full = res["ksince_full"]
    print(f"| run | wall s | peak RSS MiB | ratio vs ksince |")
    print(f"|---|---|---|---|")
    print(f"| ksince index (empty db) | {full['seconds']:.2f} | {full['peak_rss_mib']:.0f} | 1.0 |")
    print(f"| ksince index (nothing new) | {res['ksince_rerun']['seconds']:.2f} | "
          f"{res['ksince_rerun']['peak_rss_mib']:.0f} | |")
    inc = res["ksince_incremental"]
    for label, key in (("ksince index, oldest tag only", "oldest_tag_only"),
                       ("ksince index, then all tags (new ones only)", "all_tags_after"),
                       ("ksince index, then nothing new", "nothing_new")):
        r = inc[key]
        print(f"| {label} | {r['seconds']:.2f} | {r['peak_rss_mib']:.0f} | "
              f"{r['seconds'] / full['seconds']:.2f} of a full index |")
    for key, label in (("git_walk", "git best tag walk"), ("reference", "reference method")):
        if key in res:
            r = res[key]
            print(f"| {label} | {r['seconds']:.2f} | | {r['seconds'] / full['seconds']:.1f}x slower |")
    for key in ("git_walk", "reference"):
        if key in res:
            d = res[key]["disagreements"]
            print(f"\n{key}: present per tag {res[key]['present']}, ksince {res['ksince_present']}; "
                  f"{len(d)} disagreements" + "".join(f"\n  {x}" for x in d[:50]))
    if a.out:
        with open(a.out, "w") as f:
            json.dump(res, f, indent=2, default=sorted)
    return 1 if any(res[k]["disagreements"] for k in ("git_walk", "reference") if k in res) else 0


if __name__ == "__main__":
    sys.exit(main())
