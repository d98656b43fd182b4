#!/usr/bin/env python3
"""The nightly job replayed on real histories: one index database grown one
release per run, against a fresh full index of the same inputs, in one run.

  gitgit   git/git, tags v2.N.0: a first run with v2.0.0 .. v2.38.0, then one
           release per run up to v2.55.0, then the second-newest release
           dropped and re-added (each a run). 300 C function names drawn as
           bench/gitgit_bench.py draws them; files '*.c' '*.h'.
  libbpf   libbpf/libbpf, release tags in version order: the oldest alone,
           then one tag per run. The eBPF names of patterns/ebpf.yaml;
           files 'src' 'include'.

Every run must exit 0 (the issue 13 crash was a SIGSEGV on the second run).
At the end, the grown index and a fresh index of the final inputs must give
the same `export` and the same `query --json` for every name; the script
exits 1 otherwise. Per-run wall times are compared with the fresh index's.

usage: bench/replay_bench.py [--ksince BIN] [--gitgit DIR] [--libbpf DIR]
         [--only gitgit|libbpf] [--md FILE] [--json FILE]
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gitgit_bench  # noqa: E402  (select_names, machine)

HERE = os.path.dirname(os.path.abspath(__file__))


def run(cmd):
    start = time.monotonic()
    p = subprocess.run(cmd, capture_output=True, text=True)
    return p, time.monotonic() - start


def version_key(tag):
    return [int(x) for x in re.findall(r"\d+", tag)]


def write_patterns(path, files, tags, names):
    alternation = "|".join(re.escape(t) for t in tags)
    doc = {"files": files, "tags": [f"^({alternation})$"],
           "patterns": [{"name": "names", "patterns": [{"name": n} for n in names]}]}
    with open(path, "w") as f:
        yaml.safe_dump(doc, f, sort_keys=False)


def answers(ksince, db, names):
    e, _ = run([ksince, "export", "--db", db])
    q, _ = run([ksince, "query", "--json", "--db", db] + names)
    if e.returncode != 0 or q.returncode not in (0, 1):
        sys.exit(f"export/query failed on {db}: {e.stderr} {q.stderr}")
    return e.stdout, json.loads(q.stdout)


def replay(name, ksince, repo, files, names, steps, work):
    """steps: list of (label, tag list). Returns a result dict."""
    slug = name.replace("/", "-")
    patterns = os.path.join(work, f"{slug}.yaml")
    db = os.path.join(work, f"{slug}.db")
    rows = []
    for label, tags in steps:
        write_patterns(patterns, files, tags, names)
        p, secs = run([ksince, "index", "--json", "--repo", repo, "--patterns", patterns, "--db", db])
        if p.returncode != 0:
            sys.exit(f"{name}: run '{label}' exited {p.returncode}\n{p.stderr[-3000:]}")
        r = json.loads(p.stdout)
        rows.append({"run": label, "tags": len(tags), "seconds": secs, "blobs_scanned": r["blobs_scanned"],
                     "commits_found": r["commits_found"], "commits_checked": r["commits_checked"]})
        print(f"[{time.strftime('%H:%M:%S')}] {name}: {label}: {secs:.2f} s, {r['blobs_scanned']} blobs "
              f"scanned, {r['commits_found']} commits found", file=sys.stderr, flush=True)
    fresh_db = os.path.join(work, f"{slug}-fresh.db")
    p, fresh_secs = run([ksince, "index", "--json", "--repo", repo, "--patterns", patterns, "--db", fresh_db])
    if p.returncode != 0:
        sys.exit(f"{name}: fresh index exited {p.returncode}\n{p.stderr[-3000:]}")
    grown = answers(ksince, db, names)
    fresh = answers(ksince, fresh_db, names)
    differing = [a["name"] for a, b in zip(grown[1], fresh[1]) if a != b]
    return {"name": name, "runs": rows, "fresh_seconds": fresh_secs, "export_equal": grown[0] == fresh[0],
            "query_equal": grown[1] == fresh[1], "differing_names": differing}


def gitgit_steps(repo):
    out = subprocess.run(["git", "--git-dir", repo, "tag", "-l", "v2.*.0"], capture_output=True, text=True)
    tags = sorted((t for t in out.stdout.split() if re.fullmatch(r"v2\.\d+\.0", t)), key=version_key)
    first = [t for t in tags if version_key(t)[1] <= 38]
    later = [t for t in tags if version_key(t)[1] > 38]
    steps = [(f"first index ({len(first)} tags, to {first[-1]})", list(first))]
    current = list(first)
    for t in later:
        current = current + [t]
        steps.append((f"+{t}", list(current)))
    dropped = current[-2]
    steps.append((f"-{dropped}", [t for t in current if t != dropped]))
    steps.append((f"+{dropped} again", list(current)))
    return steps


def libbpf_steps(repo):
    out = subprocess.run(["git", "--git-dir", repo, "tag", "-l", "v*"], capture_output=True, text=True)
    tags = sorted((t for t in out.stdout.split() if re.fullmatch(r"v\d+(\.\d+)+", t)), key=version_key)
    return [(("first index " if i == 0 else "+") + t, tags[: i + 1]) for i, t in enumerate(tags)]


def ebpf_names():
    with open(os.path.join(HERE, "..", "patterns", "ebpf.yaml")) as f:
        doc = yaml.safe_load(f)
    return [p["name"] for g in doc["patterns"] for p in g["patterns"]]


def markdown(results, machine):
    lines = [f"Machine: {machine['nproc']} cores, {machine['cpu']}, {machine['ram']}; {machine['git']}.", ""]
    for r in results:
        runs = r["runs"]
        steps = runs[1:]
        nightly = sorted(x["seconds"] for x in steps)
        median = nightly[len(nightly) // 2] if nightly else 0
        lines += [f"### {r['name']}", "",
                  f"{len(runs)} runs, every one exit 0. Fresh full index of the final inputs: "
                  f"{r['fresh_seconds']:.2f} s. Nightly steps: median {median:.2f} s "
                  f"({median / r['fresh_seconds']:.2f} of the fresh index), max {max(nightly):.2f} s. "
                  f"Grown index equals the fresh one: export {'yes' if r['export_equal'] else 'NO'}, "
                  f"query --json {'yes' if r['query_equal'] else 'NO'}"
                  + (f" (differing: {', '.join(r['differing_names'][:10])})" if r["differing_names"] else "")
                  + ".", "",
                  "| run | tags | wall time | vs fresh index | blobs scanned | commits found | commits checked |",
                  "|---|---|---|---|---|---|---|"]
        for x in runs:
            lines.append(f"| {x['run']} | {x['tags']} | {x['seconds']:.2f} s | "
                         f"{x['seconds'] / r['fresh_seconds']:.2f} | {x['blobs_scanned']} | "
                         f"{x['commits_found']} | {x['commits_checked']} |")
        lines.append("")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ksince", default=os.path.join(HERE, "..", "build", "engine", "ksince"))
    ap.add_argument("--gitgit", default="/work/.mirror/git+git/repo")
    ap.add_argument("--libbpf", default="/work/.mirror/libbpf+libbpf/repo")
    ap.add_argument("--only", choices=["gitgit", "libbpf"])
    ap.add_argument("--md")
    ap.add_argument("--json")
    a = ap.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as work:
        if a.only in (None, "gitgit"):
            names, _ = gitgit_bench.select_names(a.gitgit, "v2.55.0", 300)
            results.append(replay("git/git", a.ksince, a.gitgit, ["*.c", "*.h"], names, gitgit_steps(a.gitgit),
                                  work))
        if a.only in (None, "libbpf"):
            results.append(replay("libbpf", a.ksince, a.libbpf, ["src", "include"], ebpf_names(),
                                  libbpf_steps(a.libbpf), work))
    md = markdown(results, gitgit_bench.machine())
    print(md)
    if a.md:
        with open(a.md, "w") as f:
            f.write(md + "\n")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(results, f, indent=1)
    ok = all(r["export_equal"] and r["query_equal"] for r in results)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
