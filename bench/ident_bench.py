#!/usr/bin/env python3
"""Every identifier (issue 18): the goal table, with git in the same run.

On the five-release repository of bench/make-kernel-repo.sh (and, for the
commit search, the merge-heavy history of bench/make-kernel-history.sh):
  first       `ksince index --identifiers` with the patterns file (patterns
              and facts, the default) from an empty database, --runs times:
              wall time and peak heap (RssAnon, bench/peak_rss.py)
  size        the database file after it
  nightly     the older releases indexed first (the patterns file with its
              tags narrowed to all but the newest), then the patterns file:
              the second run is timed, and its identifier answers must
              equal the fresh index's, name by name (exit 1 otherwise)
  queries     `ksince query` best of --repeat, process start included: a
              pattern, a derived fact, an identifier, an unknown name (with
              its suggestions), a prefix glob and two other globs
  git grep    the peer: `git grep -q -w -e NAME TAG -- SCOPE` over the tags,
              for the identifier and for an absent name
  commit      (--history) `ksince show NAME --commit --repo HISTORY` on a
              copy of the fresh index, then again (stored); the peer is
              `git log -S NAME PREV..VERSION -- SCOPE`, which still leaves
              its commits to be read by hand

usage: bench/ident_bench.py --ksince BIN --five DIR [--history DIR]
         [--patterns FILE] [--runs N] [--repeat N] [--name folio_put]
         [--out-prefix bench/results/ident-DATE]
"""
import argparse
import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kernel_bench  # noqa: E402
import scale_bench  # noqa: E402
import yaml  # noqa: E402

QUERIES = (("pattern", "BPF_PROG_TYPE_XDP"), ("pattern with derived facts", "bpf_loop"),
           ("derived kfunc", "bpf_cpumask_create"), ("identifier", None), ("unknown name", None),
           ("prefix glob", None), ("glob, leading ?", None), ("glob, leading *", None))


def best_of(cmd, repeat):
    best = None
    for _ in range(repeat):
        t0 = time.monotonic()
        p = subprocess.run(cmd, capture_output=True)
        s = time.monotonic() - t0
        if p.returncode not in (0, 1):  # 1: not found, which an unknown name is
            sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr.decode(errors='replace')}")
        best = s if best is None else min(best, s)
    return best, p.stdout.decode(errors="replace")


def answers_differ(db_a, db_b):
    """Identifiers whose answers differ between two indexes, by name (ids are
    given in reading order, which differs from run to run)."""
    con = sqlite3.connect(f"file:{db_a}?mode=ro", uri=True)
    con.execute("ATTACH ? AS b", (f"file:{db_b}?mode=ro",))

    def rows(db):
        return (f"SELECT n.name, a.mentioned, a.defined, a.kinds FROM {db}.ident_names n "
                f"JOIN {db}.ident_answers a ON a.ident_id = n.id")

    return sum(con.execute(f"SELECT count(*) FROM ({rows(x)} EXCEPT {rows(y)})").fetchone()[0]
               for x, y in (("main", "b"), ("b", "main")))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ksince", required=True)
    ap.add_argument("--five", required=True)
    ap.add_argument("--history")
    ap.add_argument("--patterns", default=os.path.join(os.path.dirname(__file__), "..", "patterns", "ebpf.yaml"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--name", default="folio_put")
    ap.add_argument("--interval", type=float, default=0.02)
    ap.add_argument("--out-prefix")
    a = ap.parse_args()
    ksince = os.path.abspath(a.ksince)
    ps_text = open(a.patterns).read()
    ps = yaml.safe_load(ps_text)
    tags = sorted(kernel_bench.selected_tags(a.five, ps["tags"]), key=scale_bench.version_key)
    res = {"machine": scale_bench.machine(), "date": datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC"),
           "ksince": subprocess.run([ksince, "--version"], capture_output=True, text=True).stdout.split("\n")[0],
           "repo": a.five, "tags": tags, "loadavg_before": scale_bench.loadavg()}
    work = tempfile.mkdtemp(prefix="ident-bench-")
    try:
        # First index, --runs times.
        res["first"] = []
        for i in range(a.runs):
            db = os.path.join(work, f"first{i}.db")
            scale_bench.log(f"first identifier index, run {i + 1}/{a.runs}")
            r = scale_bench.ksince_index(ksince, a.five, a.patterns, db, a.interval, ["--identifiers"])
            idr = r["report"]["identifiers"]
            res["first"].append({"seconds": r["seconds"], "peak_rss_anon_mib": r["peak_rss_anon_mib"],
                                 "identifiers": idr})
            scale_bench.log(f"  {r['seconds']:.1f} s, heap {r['peak_rss_anon_mib']:.0f} MiB, "
                            f"read {idr['read_seconds']:.1f} s, {idr['names']} names")
        fresh = os.path.join(work, f"first{a.runs - 1}.db")
        res["db_bytes"] = os.path.getsize(fresh)
        scope = json.loads(sqlite3.connect(f"file:{fresh}?mode=ro", uri=True)
                           .execute("SELECT value FROM meta WHERE key = 'ident_scope'").fetchone()[0])

        # Nightly: the older releases, then the newest added.
        older = os.path.join(work, "older.yaml")
        with open(older, "w") as f:
            f.write(scale_bench.with_tags(ps_text, tags[:-1]))
        ndb = os.path.join(work, "nightly.db")
        scale_bench.log(f"nightly: the {len(tags) - 1} older releases first")
        scale_bench.ksince_index(ksince, a.five, older, ndb, a.interval, ["--identifiers"])
        scale_bench.log(f"nightly: {tags[-1]} added")
        r = scale_bench.ksince_index(ksince, a.five, a.patterns, ndb, a.interval, ["--identifiers"])
        res["nightly"] = {"seconds": r["seconds"], "peak_rss_anon_mib": r["peak_rss_anon_mib"],
                          "identifiers": r["report"]["identifiers"], "new_tag": tags[-1],
                          "answers_differing_from_fresh": answers_differ(ndb, fresh)}
        scale_bench.log(f"  {r['seconds']:.2f} s, {res['nightly']['answers_differing_from_fresh']} answers differ")

        # Queries, process start included.
        absent = a.name + "t"
        names = {"identifier": a.name, "unknown name": absent, "prefix glob": a.name.split("_")[0] + "_*",
                 "glob, leading ?": "?" + a.name[1:], "glob, leading *": "*_" + a.name.split("_", 1)[1]}
        res["queries"] = []
        for label, name in QUERIES:
            name = name or names[label]
            s, out = best_of([ksince, "query", "--db", fresh, name], a.repeat)
            res["queries"].append({"what": label, "name": name, "seconds": s, "first_line": out.split("\n")[0]})
            scale_bench.log(f"query {name}: {s * 1000:.0f} ms")

        # The peer: git grep -w over the tags, per name.
        res["git_grep"] = []
        for name in (a.name, absent):
            t0 = time.monotonic()
            found = [t for t in tags
                     if subprocess.run(["git", "--git-dir", a.five, "grep", "-q", "-w", "-e", name, t, "--", *scope],
                                       capture_output=True).returncode == 0]
            res["git_grep"].append({"name": name, "seconds": time.monotonic() - t0, "tags": found})
            scale_bench.log(f"git grep -w {name} over {len(tags)} tags: {res['git_grep'][-1]['seconds']:.1f} s")

        # The introducing commit on the history, and git log -S beside it.
        if a.history:
            cdb = os.path.join(work, "commit.db")
            shutil.copy(fresh, cdb)
            cmd = [ksince, "show", "--json", "--commit", "--repo", a.history, "--db", cdb, a.name]
            t0 = time.monotonic()
            p = subprocess.run(cmd, capture_output=True, text=True)
            first = time.monotonic() - t0
            if p.returncode != 0:
                sys.exit(f"failed: {' '.join(cmd)}\n{p.stderr}")
            d = json.loads(p.stdout)[0]["identifier"]["defined"]
            t0 = time.monotonic()
            subprocess.run(cmd, capture_output=True, check=True)
            second = time.monotonic() - t0
            rng = f"{d['prev']}..{d['version']}"
            t0 = time.monotonic()
            log = subprocess.run(["git", "--git-dir", a.history, "log", "--format=%H", "-S", a.name, rng, "--", *scope],
                                 capture_output=True, text=True, check=True).stdout.split()
            res["commit"] = {"name": a.name, "commit": (d.get("commit") or {}).get("oid"), "seconds": first, "stored_seconds": second,
                             "git_log_S": {"range": rng, "seconds": time.monotonic() - t0, "commits": len(log)}}
            scale_bench.log(f"show --commit {a.name}: {first:.2f} s, then {second:.2f} s; git log -S {rng}: "
                            f"{res['commit']['git_log_S']['seconds']:.1f} s, {len(log)} commits")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    res["loadavg_after"] = scale_bench.loadavg()

    md = markdown(res)
    if a.out_prefix:
        with open(a.out_prefix + ".json", "w") as f:
            json.dump(res, f, indent=1)
        with open(a.out_prefix + ".md", "w") as f:
            f.write(md)
    print(md)
    return 1 if res["nightly"]["answers_differing_from_fresh"] else 0


def markdown(res):
    m = res["machine"]
    first = res["first"]
    secs = [r["seconds"] for r in first]
    heap = [r["peak_rss_anon_mib"] for r in first]
    g = {x["name"]: x for x in res["git_grep"]}
    L = [f"# Every identifier: {res['date']}", "",
         f"{res['ksince']} on `{res['repo']}` (tags {', '.join(res['tags'])}); {m['nproc']} cores ({m['cpu']}), "
         f"{m['ram']}, {m['git']}; load average {res['loadavg_before']} before, {res['loadavg_after']} after.", "",
         "| measure | peer in the same run | ksince | goal |", "|---|---|---|---|"]
    peer = " / ".join(f"`git grep -w` over the {len(res['tags'])} tags: {x['seconds']:.1f} s for `{x['name']}`"
                      for x in res["git_grep"])
    L.append(f"| first identifier index, with the patterns and facts ({first[-1]['identifiers']['blobs']} files as "
             f"(blob, syntax), {first[-1]['identifiers']['bytes_read'] / 1e9:.2f} GB) | {peer} | "
             f"{min(secs):.1f}-{max(secs):.1f} s over {len(secs)} runs, peak heap {min(heap):.0f}-{max(heap):.0f} MiB"
             f" | <= 45 s, <= 1.5 GB |")
    L.append(f"| database size | - | {res['db_bytes'] / 1e6:.0f} MB ({first[-1]['identifiers']['names']} names) "
             f"| <= 1 GB |")
    n = res["nightly"]
    L.append(f"| nightly step, {n['new_tag']} added | - | {n['seconds']:.1f} s ({n['identifiers']['blobs_read']} "
             f"files read, {n['identifiers']['names_new']} new names, {n['identifiers']['answers_written']} answers "
             f"written); {n['answers_differing_from_fresh']} answers differ from the fresh index | <= 10 s |")
    q = "; ".join(f"{x['what']} `{x['name']}` {x['seconds'] * 1000:.0f} ms" for x in res["queries"])
    L.append(f"| `ksince query`, best of several, process start included | `git grep -w`: "
             f"{g[res['queries'][3]['name']]['seconds']:.1f} s | {q} | <= 50 ms; unknown <= 100 ms; prefix glob "
             f"<= 200 ms, other globs <= 1 s |")
    if "commit" in res:
        c = res["commit"]
        L.append(f"| `show {c['name']} --commit` on the history | `git log -S {c['name']} {c['git_log_S']['range']}`: "
                 f"{c['git_log_S']['seconds']:.1f} s, {c['git_log_S']['commits']} commits to read | "
                 f"{c['seconds']:.2f} s ({(c['commit'] or '')[:12]}), then {c['stored_seconds']:.2f} s stored | <= 10 s |")
    return "\n".join(L) + "\n"


if __name__ == "__main__":
    sys.exit(main())
