#!/usr/bin/env python3
"""Kernel scale (issue 17): ksince against git's best tag walk, on the release
and history repositories of bench/make-kernel-repo.sh and
bench/make-kernel-history.sh, in one run.

Per repository, side by side:
  git-walk     git's best tag walk for the names, as bench/kernel_bench.py
               measures it: per tag ONE `git grep -h -o -w -E '(N1|...)' TAG
               -- SPEC` (its presence is compared with ksince's)
  names        `ksince index --no-facts` from an empty database
  facts        `ksince index` (names and facts, the default) from an empty
               database; on a history repository this first index also runs
               both commit searches (names' and facts')
  growth       (--five only) names and facts from an empty database with the
               first k releases selected, k = 2 .. all; a linear fit per tag
  nightly      the older releases indexed first (a copy of the patterns file
               whose tags select all but the newest), then the patterns file
               itself (the newest tag is new): that second run is timed; its
               exports (`--format yaml`, `--format kfuncs`, `--format
               helpers-functions --from derived`) must equal the fresh
               "facts" index's byte for byte (exit 1 otherwise)

Every ksince run is measured by bench/peak_rss.py: wall time, peak RssAnon
(sampled every --interval s: the heap) and peak RSS (the kernel's high-water
mark, which also counts the pack files libgit2 maps).

The repositories are named by role, so that the issue's table can be filled:
  --two DIR       release repository with v6.1 and v6.12
  --five DIR      release repository with v5.10 v6.1 v6.12 v7.2 v7.3
  --history DIR   the five releases joined by a merge-heavy history (1-8 files)
  --doubled DIR   the same with commits of 1-3 files (about twice the commits)
Any subset may be given. git's walk is skipped on the history repositories
unless --walk-history (their tags' trees are the five-release repository's,
which the script checks and records).

usage: bench/scale_bench.py --ksince BIN [--two DIR] [--five DIR]
         [--history DIR] [--doubled DIR] [--patterns FILE] [--walk-history]
         [--no-growth] [--interval S] [--out-prefix bench/results/scale-DATE]
"""
import argparse
import datetime
import hashlib
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

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import kernel_bench  # noqa: E402  (git_walk, matchers, selected_tags, compare, ksince_presence)
import peak_rss  # noqa: E402

ROLES = (("two", "two releases (v6.1, v6.12)"),
         ("five", "five releases (v5.10 .. v7.3)"),
         ("history", "five releases, merge-heavy history (commits of 1-8 files)"),
         ("doubled", "five releases, doubled history (commits of 1-3 files)"))
EXPORTS = (("yaml", ["--format", "yaml"]),
           ("kfuncs", ["--format", "kfuncs"]),
           ("helpers-functions-derived", ["--format", "helpers-functions", "--from", "derived"]))


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def sh(*cmd):
    return subprocess.run(cmd, capture_output=True, text=True).stdout.strip()


def machine():
    cpu, mem = "?", "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    return {"nproc": int(sh("nproc")), "cpu": cpu, "ram": mem, "platform": platform.platform(),
            "git": sh("git", "--version")}


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def finish(res, out_prefix):
    """A bench's end: the load average after it, and its results as JSON in
    OUT_PREFIX.json when one is given; returns the JSON text."""
    res["loadavg_after"] = loadavg()
    text = json.dumps(res, indent=1)
    if out_prefix:
        with open(out_prefix + ".json", "w") as f:
            f.write(text + "\n")
    return text


def version_key(tag):
    return [int(x) for x in re.findall(r"\d+", tag)]


def tags_regex(tags):
    return "^(" + "|".join(re.escape(t) for t in tags) + ")$"


def with_tags(patterns_text, tags):
    """The patterns file's text with its tags list replaced by one regex
    selecting exactly `tags`; everything else byte for byte the same."""
    new, n = re.subn(r"^tags:[ \t]*\n(?:[ \t]+-.*\n)+", "tags:\n  - '" + tags_regex(tags) + "'\n",
                     patterns_text, count=1, flags=re.M)
    if n != 1:
        sys.exit("could not find the tags list of the patterns file")
    return new


def text_names(ps):
    """Names every one of whose patterns is matched as text (no declared kind):
    their presence is the text's, which git's walk measures too. A pattern
    with a kind (prog_type, helper, kfunc, ...) is present where its fact is."""
    kinds = {}
    for g in ps["patterns"]:
        for p in g["patterns"] or []:
            k = p.get("kind", g.get("kind")) or ""
            kinds.setdefault(p["name"], set()).add("" if k == "word" else k)
    return sorted(n for n, ks in kinds.items() if ks == {""})


def ksince_index(ksince, repo, patterns, db, interval, extra=()):
    cmd = [ksince, "index", "--quiet", "--json", "--repo", repo, "--patterns", patterns, "--db", db, *extra]
    res, out, err = peak_rss.measure(cmd, interval)
    if res["returncode"] != 0:
        sys.exit(f"failed ({res['returncode']}): {' '.join(cmd)}\n{err.decode(errors='replace')[-3000:]}")
    res["report"] = json.loads(out.decode())
    res["command"] = " ".join(cmd)
    warnings = [line for line in err.decode(errors="replace").splitlines() if line.strip()]
    if warnings:
        res["stderr_lines"] = len(warnings)
        res["stderr_head"] = warnings[:5]
    return res


def exports(ksince, db):
    outs = {}
    for label, args in EXPORTS:
        p = subprocess.run([ksince, "export", "--db", db] + args, capture_output=True)
        if p.returncode != 0:
            sys.exit(f"export {label} failed on {db}: {p.stderr.decode(errors='replace')}")
        outs[label] = p.stdout
    return outs


def summary(r):
    """One line of a run: time, memory, and the JSON report's phases."""
    rep = r["report"]
    f = rep.get("facts", {})
    parts = [f"walk {rep['walk_seconds']:.2f}", f"scan {rep['scan_seconds']:.2f}",
             f"save {rep['save_seconds']:.2f}", f"commits {rep['commit_seconds']:.2f} ({rep['commits_checked']} checked)"]
    if f and not f.get("up_to_date") and (f.get("blobs") or f.get("facts")):
        parts.append(f"facts {f['seconds']:.2f} (commits {f['commit_seconds']:.2f}, {f['commits_checked']} checked)")
    return ", ".join(parts)


def object_dirs(repo):
    """The repository's object folders and its alternates', as git reads them."""
    out, todo = [], [os.path.join(repo, "objects")]
    while todo:
        d = os.path.realpath(todo.pop())
        if d in out or not os.path.isdir(d):
            continue
        out.append(d)
        alt = os.path.join(d, "info", "alternates")
        if os.path.exists(alt):
            for line in open(alt).read().splitlines():
                if line and not line.startswith("#"):
                    todo.append(line if os.path.isabs(line) else os.path.join(d, line))
    return out


def read_floor(repo, tags, files, scratch):
    """git cat-file --batch over the unique blobs of the names' pathspec at the
    tags, on both cores (two processes, half the list each), in id order and
    in pack order; the faster is the floor. None when a pathspec is not a
    plain folder glob ("DIR/*"), which ls-tree cannot take."""
    dirs = []
    for f in files:
        if not f.endswith("/*") or any(c in f[:-2] for c in "*?["):
            return None
        dirs.append(f[:-2])
    blobs = set()
    for t in tags:
        out = subprocess.run(["git", "--git-dir", repo, "ls-tree", "-r", t, "--", *dirs],
                             capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            meta, _ = line.split("\t", 1)
            mode, kind, oid = meta.split()
            if kind == "blob" and mode.startswith("100"):
                blobs.add(oid)
    offset = {}
    for d in object_dirs(repo):
        pack_dir = os.path.join(d, "pack")
        for idx in sorted(os.listdir(pack_dir)) if os.path.isdir(pack_dir) else []:
            if idx.endswith(".idx"):
                with open(os.path.join(pack_dir, idx), "rb") as f:
                    out = subprocess.run(["git", "show-index"], stdin=f, capture_output=True, text=True).stdout
                for line in out.splitlines():
                    off, oid = line.split()[:2]
                    offset.setdefault(oid, (idx, int(off)))
    orders = {"id order": sorted(blobs),
              "pack order": sorted(blobs, key=lambda o: offset.get(o, ("~", 0)))}
    res = {"blobs": len(blobs)}
    for label, order in orders.items():
        half = (len(order) + 1) // 2
        parts = []
        for i, chunk in enumerate((order[:half], order[half:])):
            path = os.path.join(scratch, f"floor-{i}.txt")
            with open(path, "w") as f:
                f.write("\n".join(chunk) + "\n")
            parts.append(path)
        t0 = time.monotonic()
        procs = [subprocess.Popen(["git", "--git-dir", repo, "cat-file", "--batch"], stdin=open(p),
                                  stdout=subprocess.DEVNULL) for p in parts]
        for pr in procs:
            pr.wait()
        res[label] = time.monotonic() - t0
    res["seconds"] = min(res["id order"], res["pack order"])
    return res


def bench_repo(role, repo, a, ps_text, ps, scratch):
    log(f"{role}: {repo} (load {loadavg()})")
    res = {"role": role, "repo": repo, "load_before": loadavg()}
    tags = sorted(kernel_bench.selected_tags(repo, ps["tags"]), key=version_key)
    res["tags"] = tags
    res["commits"] = int(sh("git", "--git-dir", repo, "rev-list", "--count", "--all") or 0)
    res["merges"] = int(sh("git", "--git-dir", repo, "rev-list", "--merges", "--count", "--all") or 0)
    res["tag_trees"] = {t: sh("git", "--git-dir", repo, "rev-parse", t + "^{tree}") for t in tags}
    work = os.path.join(scratch, role)
    os.makedirs(work)
    pats = list(kernel_bench.matchers(ps))

    # 1. git's best tag walk.
    walk = None
    if role in ("two", "five") or a.walk_history:
        log(f"{role}: git's tag walk over {len(tags)} tags")
        walk, walk_s = kernel_bench.git_walk(repo, tags, pats, ps.get("files") or [])
        res["git_walk"] = {"seconds": walk_s, "present": {t: len(v) for t, v in walk.items()}}

    # The floor of reading: git cat-file --batch over the same blobs.
    if role in ("two", "five"):
        log(f"{role}: git cat-file --batch over the names' blobs, two processes")
        res["read_floor"] = read_floor(repo, tags, ps.get("files") or [], work)

    # 2. names only, 3. names and facts, from empty databases.
    log(f"{role}: ksince index --no-facts")
    db_names = os.path.join(work, "names.db")
    res["names"] = ksince_index(a.ksince, repo, a.patterns, db_names, a.interval, ["--no-facts"])
    if walk is not None:
        text = text_names(ps)
        kp = kernel_bench.ksince_presence(a.ksince, db_names, text)
        res["git_walk"]["compared_names"] = len(text)
        res["git_walk"]["disagreements"] = kernel_bench.compare(tags, kp, {t: v & set(text) for t, v in walk.items()})
    log(f"{role}: ksince index (names and facts)")
    db_fresh = os.path.join(work, "fresh.db")
    res["facts"] = ksince_index(a.ksince, repo, a.patterns, db_fresh, a.interval)

    # Growth with the number of tags (release repository of five).
    base_db = None
    if role == "five" and not a.no_growth and len(tags) > 2:
        rows = []
        for k in range(2, len(tags)):
            pfile = os.path.join(work, f"first{k}.yaml")
            with open(pfile, "w") as f:
                f.write(with_tags(ps_text, tags[:k]))
            db = os.path.join(work, f"first{k}.db")
            log(f"{role}: growth, first {k} releases")
            r = ksince_index(a.ksince, repo, pfile, db, a.interval)
            rows.append(dict(r, k=k, tags=tags[:k]))
            if k == len(tags) - 1:
                base_db = (db, pfile, r)
        rows.append(dict(res["facts"], k=len(tags), tags=tags))
        res["growth"] = rows

    # 5. The nightly step: the newest tag added to the older ones.
    if len(tags) >= 2:
        if base_db is None:
            pfile = os.path.join(work, "older.yaml")
            with open(pfile, "w") as f:
                f.write(with_tags(ps_text, tags[:-1]))
            db = os.path.join(work, "nightly.db")
            log(f"{role}: nightly, the {len(tags) - 1} older releases first")
            base_db = (db, pfile, ksince_index(a.ksince, repo, pfile, db, a.interval))
        db, pfile, base = base_db
        log(f"{role}: nightly, {tags[-1]} added")
        step = ksince_index(a.ksince, repo, a.patterns, db, a.interval)
        grown, fresh = exports(a.ksince, db), exports(a.ksince, db_fresh)
        res["nightly"] = {
            "older_tags": tags[:-1], "new_tag": tags[-1], "older_patterns_tags": tags_regex(tags[:-1]),
            "base": base, "step": step,
            "exports": {label: {"equal": grown[label] == fresh[label], "bytes": len(fresh[label]),
                                "sha256": hashlib.sha256(fresh[label]).hexdigest()}
                        for label, _ in EXPORTS}}
        res["nightly"]["exports_equal"] = all(e["equal"] for e in res["nightly"]["exports"].values())
    res["load_after"] = loadavg()
    return res


def fit(xs, ys):
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else 0.0
    return my - b * mx, b


def mib(x):
    return f"{x:.0f} MiB"


def mib_mb(x):
    return f"{x:.0f} MiB ({x * 1.048576:.0f} MB)"


def issue_table(R):
    """The issue's rows: (measure, today, goal, met)."""
    rows = []

    def ratio_row(role, run, what, goal):
        r = R.get(role)
        if not r or "git_walk" not in r:
            return
        q = r[run]["seconds"] / r["git_walk"]["seconds"]
        rows.append((what, f"**{q:.2f}x** ({r[run]['seconds']:.2f} s / {r['git_walk']['seconds']:.2f} s)",
                     f"≤{goal}x", q <= goal))

    ratio_row("two", "names", "two releases, names only / git's best tag walk", 0.35)
    ratio_row("two", "facts", "two releases, names and facts / git's walk of the names", 1.0)
    ratio_row("five", "names", "five releases, names only / git's walk", 0.25)
    h = R.get("history")
    if h:
        f = h["facts"]
        rep = f["report"]
        rows.append(("five-release history, first index: names, facts, both commit searches",
                     f"**{f['seconds']:.1f} s**, heap (peak RssAnon) **{mib_mb(f['peak_rss_anon_mib'])}**; "
                     f"commits checked: {rep['commits_checked']} (names) + {rep['facts']['commits_checked']} (facts)",
                     "≤10 s, ≤300 MB heap", f["seconds"] <= 10 and f["peak_rss_anon_mib"] * 1.048576 <= 300))
    d = R.get("doubled")
    if d:
        f = d["facts"]
        rep = f["report"]
        txt = (f"**{f['seconds']:.1f} s**, heap **{mib_mb(f['peak_rss_anon_mib'])}**; commits checked: "
               f"{rep['commits_checked']} + {rep['facts']['commits_checked']}")
        met = f["seconds"] <= 15
        if h:
            rel = f["peak_rss_anon_mib"] / h["facts"]["peak_rss_anon_mib"] - 1
            txt += f"; heap {rel * 100:+.0f}% vs the single history"
            met = met and abs(rel) <= 0.10
        rows.append(("doubled history, first index", txt, "≤15 s; heap within 10% of the single history", met))
    for role in ("history", "doubled", "five", "two"):
        r = R.get(role)
        if not r or "nightly" not in r:
            continue
        n = r["nightly"]
        s = n["step"]
        goal_ok = s["seconds"] <= 1.5 and n["exports_equal"]
        rows.append((f"nightly step ({role}): {n['new_tag']} added to the {len(n['older_tags'])} older releases",
                     f"**{s['seconds']:.2f} s**, heap {mib(s['peak_rss_anon_mib'])}; exports equal to a fresh "
                     f"index: **{'yes' if n['exports_equal'] else 'NO'}**",
                     "≤1.5 s, exports equal to a fresh index" if role == "history" else "(history's goal: ≤1.5 s)",
                     goal_ok if role == "history" else None))
    return rows


def markdown(res):
    R = res["repos"]
    m = res["machine"]
    L = [f"# Kernel scale (issue 17): {res['date']}", "",
         f"Machine: {m['nproc']} cores, {m['cpu']}, {m['ram']} RAM; {m['platform']}; {m['git']}.",
         f"ksince: {res['ksince']} (main at {res['ksince_commit']}). Patterns: {res['patterns']} "
         f"({res['pattern_count']} patterns). Peak RssAnon sampled every {res['interval'] * 1000:.0f} ms.", "",
         "## The issue's table", "", "| measure | today | goal | met |", "|---|---|---|---|"]
    for what, today, goal, met in issue_table(R):
        L.append(f"| {what} | {today} | {goal} | {'' if met is None else ('yes' if met else 'no')} |")
    L.append("")
    for role, title in ROLES:
        r = R.get(role)
        if not r:
            continue
        L += [f"## {title}", "",
              f"`{r['repo']}`: tags {', '.join(r['tags'])}; {r['commits']} commits, {r['merges']} merges. "
              f"Load average {r['load_before']} before, {r['load_after']} after."
              + ("" if "tag_trees_equal_five" not in r else
                 f" Its tags' trees equal the five-release repository's: "
                 f"{'yes' if r['tag_trees_equal_five'] else 'NO'}."), "",
              "| run | wall | peak RssAnon | peak RSS | user + sys | phases (from `--json`) |", "|---|---|---|---|---|---|"]
        if "git_walk" in r:
            g = r["git_walk"]
            L.append(f"| git's best tag walk (one `git grep -w -E` alternation per tag) | {g['seconds']:.2f} s | | | | "
                     f"present per tag {g['present']}; presence of the {g.get('compared_names', 0)} names matched as text "
                     f"(no kind): {len(g.get('disagreements', []))} disagreements with ksince |")
        fl = r.get("read_floor")
        if fl:
            L.append(f"| the floor of reading: `git cat-file --batch` over the names' {fl['blobs']} blobs at the tags, "
                     f"two processes | {fl['seconds']:.2f} s | | | | id order {fl['id order']:.2f} s, pack order "
                     f"{fl['pack order']:.2f} s; ksince's read and scan of them (`--no-facts` scan phase): "
                     f"{r['names']['report']['scan_seconds']:.2f} s |")
        for key, label in (("names", "`ksince index --no-facts`, empty db"), ("facts", "`ksince index`, empty db")):
            x = r[key]
            L.append(f"| {label} | {x['seconds']:.2f} s | {mib(x['peak_rss_anon_mib'])} | {mib(x['peak_rss_mib'])} | "
                     f"{x['user_seconds'] + x['sys_seconds']:.1f} s | {summary(x)} |")
        if "nightly" in r:
            n = r["nightly"]
            for key, label in (("base", f"nightly: the {len(n['older_tags'])} older releases (tags `{n['older_patterns_tags'].replace('|', chr(92) + '|')}`)"),
                               ("step", f"nightly: then {n['new_tag']} added")):
                x = n[key]
                L.append(f"| {label} | {x['seconds']:.2f} s | {mib(x['peak_rss_anon_mib'])} | "
                         f"{mib(x['peak_rss_mib'])} | {x['user_seconds'] + x['sys_seconds']:.1f} s | {summary(x)} |")
        if "git_walk" in r:
            g = r["git_walk"]["seconds"]
            L += ["", f"Ratios to git's walk: names only {r['names']['seconds'] / g:.2f}x, "
                      f"names and facts {r['facts']['seconds'] / g:.2f}x."]
        if "nightly" in r:
            L += ["", "Exports of the grown index against the fresh index: " + ", ".join(
                f"{k} {'equal' if e['equal'] else 'DIFFERENT'} ({e['bytes']} bytes)"
                for k, e in r["nightly"]["exports"].items()) + "."]
        L.append("")
    five = R.get("five")
    if five and "growth" in five:
        g = five["growth"]
        ks = [x["k"] for x in g]
        a_t, b_t = fit(ks, [x["seconds"] for x in g])
        a_m, b_m = fit(ks, [x["peak_rss_anon_mib"] for x in g])
        res["growth_fit"] = {"seconds": [a_t, b_t], "peak_rss_anon_mib": [a_m, b_m],
                             "estimate_80_tags": {"seconds": a_t + 80 * b_t, "peak_rss_anon_mib": a_m + 80 * b_m}}
        L += ["## Growth with the number of tags (names and facts, empty database)", "",
              "| releases k | tags | wall | peak RssAnon | peak RSS | blobs scanned (names) | fact blobs scanned |",
              "|---|---|---|---|---|---|---|"]
        for x in g:
            rep = x["report"]
            L.append(f"| {x['k']} | {', '.join(x['tags'])} | {x['seconds']:.2f} s | {mib(x['peak_rss_anon_mib'])} | "
                     f"{mib(x['peak_rss_mib'])} | {rep['blobs_scanned']} | {rep['facts'].get('blobs_scanned', 0)} |")
        L += ["", f"Least-squares line: time = {a_t:.2f} s + {b_t:.2f} s × k; peak RssAnon = {a_m:.0f} MiB + "
                  f"{b_m:.1f} MiB × k.",
              f"**Estimate, not a measurement**: at 80 tags the line gives {a_t + 80 * b_t:.0f} s and "
              f"{a_m + 80 * b_m:.0f} MiB.", ""]
    return "\n".join(L)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ksince", required=True)
    for role, title in ROLES:
        ap.add_argument(f"--{role}", metavar="DIR", help=title)
    ap.add_argument("--patterns", default=os.path.join(HERE, "..", "patterns", "ebpf.yaml"))
    ap.add_argument("--walk-history", action="store_true", help="also time git's walk on the history repositories")
    ap.add_argument("--no-growth", action="store_true")
    ap.add_argument("--interval", type=float, default=0.02, help="RssAnon sampling interval, seconds (≤0.05)")
    ap.add_argument("--out-prefix", default=os.path.join(HERE, "results", "scale-" + datetime.date.today().isoformat()))
    a = ap.parse_args()
    a.patterns = os.path.abspath(a.patterns)
    a.ksince = os.path.abspath(a.ksince)
    with open(a.patterns) as f:
        ps_text = f.read()
    ps = yaml.safe_load(ps_text)
    res = {"date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"), "machine": machine(),
           "ksince": a.ksince, "ksince_commit": sh("git", "-C", os.path.join(HERE, ".."), "rev-parse", "--short", "HEAD"),
           "patterns": a.patterns, "pattern_count": len(list(kernel_bench.matchers(ps))),
           "interval": a.interval, "repos": {}}
    scratch = tempfile.mkdtemp(prefix="ksince-scale-")
    try:
        for role, _ in ROLES:
            repo = getattr(a, role)
            if repo:
                res["repos"][role] = bench_repo(role, os.path.abspath(repo), a, ps_text, ps, scratch)
                md = markdown(res)  # after every repository: a partial run still leaves its figures
                with open(a.out_prefix + ".md", "w") as f:
                    f.write(md + "\n")
                with open(a.out_prefix + ".json", "w") as f:
                    json.dump(res, f, indent=1, default=sorted)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    R = res["repos"]
    if "five" in R:
        for role in ("history", "doubled"):
            if role in R:
                R[role]["tag_trees_equal_five"] = R[role]["tag_trees"] == R["five"]["tag_trees"]
    md = markdown(res)
    with open(a.out_prefix + ".md", "w") as f:
        f.write(md + "\n")
    with open(a.out_prefix + ".json", "w") as f:
        json.dump(res, f, indent=1, default=sorted)
    print(md)
    bad = [role for role, r in R.items() if "nightly" in r and not r["nightly"]["exports_equal"]]
    if bad:
        print(f"exports differ from a fresh index: {', '.join(bad)}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
