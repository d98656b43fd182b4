#!/usr/bin/env python3
"""Stable series (issue 25): the goal table on the five releases plus
Debian's point releases (bench/make-kernel-repo.sh --releases all --series
5.10,6.1,6.12), each row beside its peer in the same run.

  releases   `ksince index --identifiers` with the patterns file (patterns,
             facts, identifiers), the five releases alone: wall time, peak
             heap (RssAnon), database size; --runs times
  series     the same with the Debian points (--series REGEX); the ratios
             to `releases` are the goals (<= 1.3x each)
  nightly    every point but the newest indexed first, then the newest
             added: that step timed, best of --steps (the database copied
             back before each); its answers must equal the fresh series
             index's (identifiers name by name, the patterns' per-series
             JSON), exit 1 otherwise. The newest point's tree is v6.12's,
             so its blobs are read already: nightly_new_blobs does the
             same with 6.12.117 added to an index without .117 and .118,
             a point with blobs no indexed tree holds
  kernel     `ksince query NAME --kernel X.Y.Z`, process start included,
             best of --repeat
  git        (--differential N) N random identifiers of the index (and a few
             absent names) at every point: ksince's per-series mentioned
             answer against `git grep -q -w` per point; and N random
             literal patterns of the patterns file, their per-series
             answer against `git grep -q -w` in its pathspecs (0
             disagreements expected)
  alone      (--alone N) every point indexed on its own, as the only tag
             (patterns, facts, identifiers): the facts the extractors find
             in that tree alone (kind, key, attributes, place) against the
             series index's facts at that point, and N random identifiers'
             defined presence there against the series answer's (0
             disagreements expected)

usage: bench/series_bench.py --ksince BIN --repo DIR [--patterns FILE]
         [--runs N] [--steps N] [--differential N] [--alone N]
         [--out-prefix PREFIX]
"""
import argparse
import datetime
import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ident_bench  # noqa: E402
import scale_bench  # noqa: E402

SERIES = r"^debian/(?<series>\d+\.\d+)\.(?<point>\d+)-(?<revision>.+)$"
# The same without the newest point of 6.12.y (PCRE2's negative look-ahead).
WITHOUT_NEWEST = r"^debian/(?!6\.12\.118-)(?<series>\d+\.\d+)\.(?<point>\d+)-(?<revision>.+)$"


# Without 6.12.117 and 6.12.118: 6.12.117 is then a point whose blobs no
# indexed tree holds.
WITHOUT_117 = r"^debian/(?!6\.12\.11[78]-)(?<series>\d+\.\d+)\.(?<point>\d+)-(?<revision>.+)$"


def nightly(ksince, a, work, before_regex, after_regex, fresh_db, names):
    """The points of after_regex added to an index of before_regex's, best of
    a.steps (the database copied back before each); the answers compared with
    fresh_db, an index of after_regex's points made from scratch."""
    before = os.path.join(work, "before.db")
    for ext in ("", "-wal", "-shm"):
        if os.path.exists(before + ext):
            os.remove(before + ext)
    scale_bench.log(f"nightly: an index of {before_regex}")
    index(ksince, a.repo, a.patterns, before, ("--series", before_regex))
    steps = []
    step = os.path.join(work, "step.db")
    for i in range(a.steps):
        for ext in ("", "-wal", "-shm"):
            if os.path.exists(step + ext):
                os.remove(step + ext)
            if os.path.exists(before + ext):
                shutil.copy(before + ext, step + ext)
        # The copy's pages on disk before the clock starts: the step's own
        # commit would otherwise write back the whole copied file (0.4-0.6 s
        # here), which a nightly job's database, on disk since the last
        # run, never has.
        os.sync()
        r = index(ksince, a.repo, a.patterns, step, ("--series", after_regex))
        steps.append({"seconds": r["seconds"], "peak_rss_anon_mib": r["peak_rss_anon_mib"],
                      "identifiers": r["report"]["identifiers"]})
        scale_bench.log(f"  step {i + 1}: {r['seconds']:.2f} s")
    out = {"before": before_regex, "after": after_regex, "steps": steps,
           "best_seconds": min(s["seconds"] for s in steps),
           "identifier_answers_differing": ident_bench.answers_differ(step, fresh_db),
           "query_json_equal": series_json(ksince, step, names) == series_json(ksince, fresh_db, names)}
    scale_bench.log(f"  best {out['best_seconds']:.2f} s; {out['identifier_answers_differing']} identifier answers differ")
    return out


def alone(ksince, a, work, db, n, seed):
    """Each point indexed as the only tag of an index of its own: its facts
    and its identifiers' defined presence against the series index's
    answers at that point."""
    import yaml
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    series = json.loads(con.execute("SELECT value FROM meta WHERE key = 'ident_series'").fetchone()[0])
    total = con.execute("SELECT count(*) FROM ident_names").fetchone()[0]
    rng = random.Random(seed)
    names = [con.execute("SELECT name FROM ident_names WHERE id = ?", (rng.randrange(total),)).fetchone()[0]
             for _ in range(n)]
    mine = {q["name"]: q.get("identifier", {}).get("series", {}) for q in series_json(ksince, db, names)}
    spec = yaml.safe_load(open(a.patterns))
    spec.pop("series", None)
    out = {"points": 0, "facts_compared": 0, "names": len(names), "identifier_checks": 0, "disagreements": []}
    one_db, one_yaml = os.path.join(work, "alone.db"), os.path.join(work, "alone.yaml")
    for s in series:
        for p in s["points"]:
            tag, label = p[0], p[3]
            for ext in ("", "-wal", "-shm"):
                if os.path.exists(one_db + ext):
                    os.remove(one_db + ext)
            with open(one_yaml, "w") as f:
                yaml.safe_dump(spec | {"tags": ["^" + re.escape(tag) + "$"]}, f)
            scale_bench.log(f"alone: {tag}")
            index(ksince, a.repo, one_yaml, one_db)
            theirs, ours = facts_at(one_db, tag), facts_at(db, tag)
            out["points"] += 1
            out["facts_compared"] += len(theirs)
            for f in sorted(theirs ^ ours)[:20]:
                out["disagreements"].append({"point": tag, "fact": f, "in": "alone" if f in theirs else "series"})
            for q in series_json(ksince, one_db, names):
                here = tag in q.get("identifier", {}).get("defined", {}).get("present", [])
                there = label in mine[q["name"]].get(s["name"], {}).get("defined", {}).get("present", [])
                out["identifier_checks"] += 1
                if here != there:
                    out["disagreements"].append({"point": tag, "name": q["name"], "alone": here, "series": there})
    return out


def facts_at(db, tag):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    return set(con.execute("SELECT d.kind, d.key, p.attrs, p.file, p.line FROM fact_presence p "
                           "JOIN derived_facts d ON d.id = p.fact_id JOIN tags t ON t.id = p.tag_id "
                           "WHERE t.name = ?", (tag,)))


def index(ksince, repo, patterns, db, extra=()):
    r = scale_bench.ksince_index(ksince, repo, patterns, db, 0.02, ["--identifiers", *extra])
    return {"seconds": r["seconds"], "peak_rss_anon_mib": r["peak_rss_anon_mib"], "report": r["report"]}


def best_of(cmd, n):
    best, out, status = None, "", 0
    for _ in range(n):
        t0 = time.monotonic()
        p = subprocess.run(cmd, capture_output=True, text=True)
        s = time.monotonic() - t0
        out, status = p.stdout, p.returncode
        best = s if best is None else min(best, s)
    return best, out, status


def series_json(ksince, db, names):
    p = subprocess.run([ksince, "query", "--json", "--db", db, *names], capture_output=True, text=True)
    return json.loads(p.stdout)


def differential(ksince, repo, db, n, seed):
    """Random identifiers at every point: ksince's mentioned answer per
    series against git grep -w per point."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    scope = json.loads(con.execute("SELECT value FROM meta WHERE key = 'ident_scope'").fetchone()[0])
    series = json.loads(con.execute("SELECT value FROM meta WHERE key = 'ident_series'").fetchone()[0])
    total = con.execute("SELECT count(*) FROM ident_names").fetchone()[0]
    rng = random.Random(seed)
    names = [con.execute("SELECT name FROM ident_names WHERE id = ?", (rng.randrange(total),)).fetchone()[0]
             for _ in range(n)] + ["ksince_absent_" + str(i) for i in range(3)]
    disagree, checked = [], 0
    for name in names:
        q = series_json(ksince, db, [name])[0]
        got = q.get("identifier", {}).get("series", {})
        for s in series:
            present = [p[3] for p in s["points"]
                       if subprocess.run(["git", "--git-dir", repo, "grep", "-q", "-w", "-e", name, p[0], "--", *scope],
                                         capture_output=True).returncode == 0]
            mine = got.get(s["name"], {}).get("mentioned", {}).get("present", [])
            checked += 1
            if sorted(mine) != sorted(present):
                disagree.append({"name": name, "series": s["name"], "ksince": mine, "git": present})
    return {"names": len(names), "checks": checked, "disagreements": disagree}


def pattern_differential(ksince, repo, db, patterns, n, seed):
    """Random literal patterns of the patterns file at every point: their
    answer per series against git grep -w in the file's pathspecs."""
    import yaml
    spec = yaml.safe_load(open(patterns))
    literal = sorted({p["name"] for g in spec["patterns"] if not g.get("kind")
                      for p in g["patterns"] if not p.get("regexes") and not p.get("kind")})
    names = random.Random(seed).sample(literal, min(n, len(literal)))
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    series = json.loads(con.execute("SELECT value FROM meta WHERE key = 'ident_series'").fetchone()[0])
    disagree, checked = [], 0
    for name in names:
        for q in series_json(ksince, db, [name]):
            if "group" not in q:
                continue
            for s in series:
                present = [p[3] for p in s["points"]
                           if subprocess.run(["git", "--git-dir", repo, "grep", "-q", "-w", "-e", name, p[0], "--",
                                              *spec["files"]], capture_output=True).returncode == 0]
                mine = (q.get("series") or {}).get(s["name"], {}).get("present", [])
                checked += 1
                if sorted(mine) != sorted(present):
                    disagree.append({"pattern": name, "group": q["group"], "series": s["name"], "ksince": mine,
                                     "git": present})
    return {"patterns": len(names), "checks": checked, "disagreements": disagree}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ksince", required=True)
    ap.add_argument("--repo", required=True)
    ap.add_argument("--patterns", default=os.path.join(os.path.dirname(__file__), "..", "patterns", "ebpf.yaml"))
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--steps", type=int, default=3)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--differential", type=int, default=0)
    ap.add_argument("--alone", type=int, default=0)
    ap.add_argument("--names", default="folio_put,bpf_loop,sys_bpf,BPF_PROG_TYPE_XDP")
    ap.add_argument("--kernel", default="6.1.180")
    ap.add_argument("--out-prefix")
    a = ap.parse_args()
    ksince = os.path.abspath(a.ksince)
    res = {"machine": scale_bench.machine(), "date": datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC"),
           "repo": a.repo, "series_regex": SERIES, "loadavg_before": scale_bench.loadavg(),
           "releases": [], "series": []}
    work = tempfile.mkdtemp(prefix="series-bench-")
    try:
        rel_db, ser_db = os.path.join(work, "releases.db"), os.path.join(work, "series.db")
        for i in range(a.runs):  # alternating, so that the machine's drift hits both
            for label, db, extra in (("releases", rel_db, ()), ("series", ser_db, ("--series", SERIES))):
                if os.path.exists(db):
                    os.remove(db)
                scale_bench.log(f"{label}: first index, run {i + 1}/{a.runs}")
                r = index(ksince, a.repo, a.patterns, db, extra)
                r["db_bytes"] = os.path.getsize(db)
                res[label].append({k: v for k, v in r.items() if k != "report"} |
                                  {"identifiers": r["report"]["identifiers"], "points": r["report"].get("points", 0)})
                scale_bench.log(f"  {r['seconds']:.1f} s, heap {r['peak_rss_anon_mib']:.0f} MiB, "
                                f"db {r['db_bytes'] >> 20} MiB")
        best = lambda k, key: min(x[key] for x in res[k])  # noqa: E731
        res["ratios"] = {key: best("series", key) / best("releases", key)
                         for key in ("seconds", "peak_rss_anon_mib", "db_bytes")}

        # Nightly: the newest point added to an index of all the others
        # (its blobs are v6.12's, already read), and a point whose blobs
        # are new (6.12.117 added to an index without 6.12.117 and .118).
        names = a.names.split(",")
        res["nightly"] = nightly(ksince, a, work, WITHOUT_NEWEST, SERIES, ser_db, names)
        fresh_117 = os.path.join(work, "fresh-117.db")
        index(ksince, a.repo, a.patterns, fresh_117, ("--series", WITHOUT_NEWEST))
        res["nightly_new_blobs"] = nightly(ksince, a, work, WITHOUT_117, WITHOUT_NEWEST, fresh_117, names)

        # query --kernel, process start included.
        res["kernel"] = []
        for name in names:
            s, out, status = best_of([ksince, "query", "--db", ser_db, name, "--kernel", a.kernel], a.repeat)
            res["kernel"].append({"name": name, "kernel": a.kernel, "seconds": s, "status": status,
                                  "line": out.strip()})
            scale_bench.log(f"query {name} --kernel {a.kernel}: {s * 1000:.0f} ms: {out.strip()}")
        if a.differential:
            scale_bench.log(f"differential: {a.differential} names at every point against git grep -w")
            res["differential"] = differential(ksince, a.repo, ser_db, a.differential, 25)
            scale_bench.log(f"  {res['differential']['checks']} checks, "
                            f"{len(res['differential']['disagreements'])} disagreements")
            res["pattern_differential"] = pattern_differential(ksince, a.repo, ser_db, a.patterns, a.differential, 27)
            scale_bench.log(f"  patterns: {res['pattern_differential']['checks']} checks, "
                            f"{len(res['pattern_differential']['disagreements'])} disagreements")
        if a.alone:
            res["alone"] = alone(ksince, a, work, ser_db, a.alone, 26)
            scale_bench.log(f"  {res['alone']['points']} points, {res['alone']['facts_compared']} facts, "
                            f"{res['alone']['identifier_checks']} identifier checks, "
                            f"{len(res['alone']['disagreements'])} disagreements")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = scale_bench.finish(res, a.out_prefix)
    print(text)
    bad = any(res[k]["identifier_answers_differing"] or not res[k]["query_json_equal"]
              for k in ("nightly", "nightly_new_blobs"))
    bad = bad or (a.differential and (res["differential"]["disagreements"]
                                      or res["pattern_differential"]["disagreements"]))
    bad = bad or (a.alone and res["alone"]["disagreements"])
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
