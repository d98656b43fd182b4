#!/usr/bin/env python3
"""ksince against the reference method on the real git/git history, in one run.

  ksince     `ksince index` from an empty database (wall time, peak RSS), then
             again with nothing new; answers read with `ksince query --json`.
  reference  the method of the Go script (SPEC), run correctly: tags newest
             first by creation date; per tag `git checkout -q -f TAG` and one
             `git grep -q -w -e NAME -- '*.c' '*.h'` per name still present at
             the newer tag; then per feature with a version and a prev one
             `git bisect start VERSION PREV` + `git bisect run sh -c
             "! git grep -q -w -e NAME -- '*.c' '*.h'"` (pathspecs quoted).

Versions, prevs and commits are compared. Every commit disagreement is judged
with git against the SPEC's definition (present at C per `git grep -q -w`,
absent at every parent, C in prev..version) and the qualifying commits of
`git rev-list VERSION ^PREV` are counted. Every ksince commit is checked
against the definition too. Markdown goes to stdout (and --md), everything to
--out as JSON.

The names: the C function names that
  git grep -h -o -E '^[a-z][a-z0-9_ *]* \\**[a-z_][a-z0-9_]+\\(' SEED_TAG -- '*.c'
finds (the last identifier before the paren), unique, sorted by sha1(name)
hex, the first --count.

Counting qualifying commits (disagreements only): every commit of
`git rev-list VERSION ^PREV` is checked with git grep (its parents only when
the name is present at it); results are cached per (commit, name).

usage: bench/gitgit_bench.py [--repo DIR] [--ksince BIN] [--count N]
         [--seed-tag TAG] [--tags REGEX] [--out FILE.json] [--md FILE.md]
"""
import argparse
import datetime
import hashlib
import json
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

import yaml

FILES = ["*.c", "*.h"]
NAME_GREP = r"^[a-z][a-z0-9_ *]* \**[a-z_][a-z0-9_]+\("


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def run(cmd, check=True, **kw):
    p = subprocess.run(cmd, capture_output=True, text=True, errors="replace", **kw)
    if check and p.returncode != 0:
        sys.exit(f"failed ({p.returncode}): {shlex.join(cmd)}\n{p.stderr[-3000:]}")
    return p


def git(repo, *args, check=True):
    return run(["git", "-C", repo] + list(args), check=check)


def timed(cmd):
    """Runs cmd under /usr/bin/time -v; returns (seconds, peak RSS MiB, CPU seconds, stdout)."""
    start = time.monotonic()
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, capture_output=True, text=True)
    secs = time.monotonic() - start
    if p.returncode != 0:
        sys.exit(f"failed ({p.returncode}): {shlex.join(cmd)}\n{p.stderr[-3000:]}")
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
    cpu = sum(float(x) for x in re.findall(r"(?:User|System) time \(seconds\): ([0-9.]+)", p.stderr))
    return secs, (int(rss.group(1)) / 1024 if rss else None), cpu, p.stdout


def child_cpu():
    t = os.times()
    return t.children_user + t.children_system


def loadavg():
    with open("/proc/loadavg") as f:
        return f.read().split()[:3]


def machine():
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = "?"
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    return {"nproc": int(run(["nproc"]).stdout.strip()), "cpu": cpu, "ram": mem,
            "platform": platform.platform(), "git": run(["git", "--version"]).stdout.strip()}


# --------------------------------------------------------------------------- names

def select_names(repo, seed_tag, count):
    out = git(repo, "grep", "-h", "-o", "-E", NAME_GREP, seed_tag, "--", "*.c").stdout
    names = set()
    for line in out.splitlines():
        m = re.search(r"([a-z_][a-z0-9_]*)\($", line)
        if m:
            names.add(m.group(1))
    ordered = sorted(names, key=lambda n: hashlib.sha1(n.encode()).hexdigest())
    return ordered[:count], len(names)


# --------------------------------------------------------------------------- ksince

def ksince_answers(ksince, db, names):
    p = run([ksince, "query", "--json", "--db", db] + names, check=False)
    if p.returncode not in (0, 1):
        sys.exit(f"ksince query failed ({p.returncode}): {p.stderr}")
    rows = json.loads(p.stdout)
    return {r["name"]: r for r in rows}


# --------------------------------------------------------------------------- reference

def reference_tags(repo, regex):
    out = git(repo, "for-each-ref", "--sort=-creatordate", "--format=%(refname)", "refs/tags").stdout
    tags = [r[len("refs/tags/"):] for r in out.split()]
    return [t for t in tags if re.search(regex, t)]


def grep_args(name):
    return ["grep", "-q", "-w", "-e", name, "--"] + FILES


def reference_tag_phase(wt, tags, names):
    """Per tag: checkout, then one git grep per name present at the newer tag."""
    present = {}          # tag -> set of names found
    checked = {}          # tag -> number of greps run
    still = list(names)   # present at the previous (newer) tag
    checkout_s = grep_s = 0.0
    for i, t in enumerate(tags):
        start = time.monotonic()
        git(wt, "checkout", "-q", "-f", t)
        checkout_s += time.monotonic() - start
        start = time.monotonic()
        found = set()
        for n in still:
            rc = git(wt, *grep_args(n), check=False).returncode
            if rc == 0:
                found.add(n)
            elif rc != 1:
                sys.exit(f"git grep failed ({rc}) for {n} at {t}")
        grep_s += time.monotonic() - start
        present[t] = found
        checked[t] = len(still)
        still = [n for n in still if n in found]
        log(f"reference: {t} ({i + 1}/{len(tags)}): {len(found)}/{checked[t]} present")
    versions = {}
    for n in names:
        version = prev = ""
        for j, t in enumerate(tags):
            if n in present[t]:
                version = t
                prev = tags[j + 1] if j + 1 < len(tags) else ""
            else:
                break
        versions[n] = (version, prev)
    return versions, present, checked, checkout_s, grep_s


def reference_bisect(wt, name, version, prev):
    git(wt, "bisect", "reset", check=False)
    git(wt, "bisect", "start", version, prev)
    script = "! git grep -q -w -e " + shlex.quote(name) + " -- " + " ".join(shlex.quote(f) for f in FILES)
    p = git(wt, "bisect", "run", "sh", "-c", script, check=False)
    steps = len(re.findall(r"^running ", p.stdout, re.M))
    commit = git(wt, "rev-parse", "--verify", "-q", "refs/bisect/bad", check=False).stdout.strip()
    git(wt, "bisect", "reset")
    err = None
    if p.returncode != 0:
        err = f"bisect run exit {p.returncode}: {(p.stdout + p.stderr)[-500:]}"
        commit = ""
    return commit, steps, err


# --------------------------------------------------------------------------- judge

class Judge:
    """Checks commits against the SPEC definition, with git as the judge."""

    def __init__(self, repo):
        self.repo = repo
        self.presence = {}   # (commit, name) -> bool
        self.parents_of = {}
        self.greps = 0

    def present(self, commit, name):
        key = (commit, name)
        if key not in self.presence:
            rc = git(self.repo, "grep", "-q", "-w", "-e", name, commit, "--", *FILES, check=False).returncode
            if rc not in (0, 1):
                sys.exit(f"git grep failed ({rc}) for {name} at {commit}")
            self.greps += 1
            self.presence[key] = rc == 0
        return self.presence[key]

    def parents(self, commit):
        if commit not in self.parents_of:
            self.parents_of[commit] = git(self.repo, "rev-parse", commit + "^@").stdout.split()
        return self.parents_of[commit]

    def ancestor(self, a, b):
        return git(self.repo, "merge-base", "--is-ancestor", a, b, check=False).returncode == 0

    def introduces(self, commit, name):
        return self.present(commit, name) and not any(self.present(p, name) for p in self.parents(commit))

    def check(self, commit, name, version, prev):
        """The definition, part by part."""
        if not commit:
            return {"commit": "", "valid": False, "why": "no commit"}
        present = self.present(commit, name)
        parents = {p: self.present(p, name) for p in self.parents(commit)}
        in_version = self.ancestor(commit, version)
        in_prev = self.ancestor(commit, prev)
        valid = present and not any(parents.values()) and in_version and not in_prev
        why = []
        if not present:
            why.append("name absent at the commit")
        if any(parents.values()):
            why.append("name present at parent(s) " + ", ".join(p[:12] for p, v in parents.items() if v))
        if not in_version:
            why.append("not an ancestor of version")
        if in_prev:
            why.append("ancestor of prev")
        return {"commit": commit, "valid": valid, "present": present,
                "parents_present": {p: v for p, v in parents.items()},
                "ancestor_of_version": in_version, "ancestor_of_prev": in_prev,
                "why": "; ".join(why) or "satisfies the definition"}

    def qualifying(self, name, version, prev):
        """Commits of version ^prev that satisfy the definition; and the range's size."""
        commits = git(self.repo, "rev-list", version, "^" + prev).stdout.split()
        return [c for c in commits if self.introduces(c, name)], len(commits)


# --------------------------------------------------------------------------- main

def fmt_s(s):
    return f"{s:.1f} s" if s >= 1 else f"{s:.3f} s"


def ratio(a, b):
    return f"{a / b:.0f}x" if b and a / b >= 10 else (f"{a / b:.1f}x" if b else "n/a")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repo", default="/work/.mirror/git+git/repo", help="git/git (read only; cloned)")
    ap.add_argument("--ksince", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                     "..", "build", "engine", "ksince"))
    ap.add_argument("--count", type=int, default=300, help="number of names")
    ap.add_argument("--seed-tag", default="v2.55.0", help="the tree the names are drawn from")
    ap.add_argument("--tags", default=r"^v2\.[0-9]+\.0$", help="tag regex (patterns file and reference)")
    ap.add_argument("--out", help="JSON with everything")
    ap.add_argument("--md", help="also write the Markdown summary here")
    ap.add_argument("--keep", action="store_true", help="keep the temp dir")
    a = ap.parse_args()

    scratch = tempfile.mkdtemp(prefix="gitgit-bench-")
    log(f"scratch {scratch}")
    res = {"date": datetime.datetime.now().isoformat(timespec="seconds"), "machine": machine(),
           "repo": a.repo, "count": a.count, "seed_tag": a.seed_tag, "tags_regex": a.tags, "files": FILES}
    try:
        # The binary, frozen: others may rebuild it while this runs.
        ksince = os.path.join(scratch, "ksince")
        shutil.copy2(a.ksince, ksince)
        with open(ksince, "rb") as f:
            res["ksince_binary"] = {"source": os.path.abspath(a.ksince),
                                    "sha256": hashlib.sha256(f.read()).hexdigest(),
                                    "mtime": datetime.datetime.fromtimestamp(
                                        os.path.getmtime(a.ksince)).isoformat(timespec="seconds")}
        src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
        res["ksince_source"] = git(src, "describe", "--always", "--dirty", check=False).stdout.strip()

        # A local clone: the reference needs a work tree; nothing writes into --repo.
        clone = os.path.join(scratch, "git")
        start = time.monotonic()
        run(["git", "clone", "-q", "--no-checkout", a.repo, clone])
        git(clone, "config", "gc.auto", "0")
        res["clone_seconds"] = time.monotonic() - start
        res["repo_head"] = git(clone, "rev-parse", a.seed_tag).stdout.strip()
        res["repo_commits"] = int(git(clone, "rev-list", "--count", "--all").stdout)
        res["seed_tag_commits"] = int(git(clone, "rev-list", "--count", a.seed_tag).stdout)

        names, universe = select_names(clone, a.seed_tag, a.count)
        res["names_universe"] = universe
        res["names"] = names
        patterns = os.path.join(scratch, "patterns.yaml")
        with open(patterns, "w") as f:
            yaml.safe_dump({"files": FILES, "tags": [a.tags],
                            "patterns": [{"name": "functions", "patterns": [{"name": n} for n in names]}]},
                           f, sort_keys=False, default_flow_style=None)
        log(f"{len(names)} names of {universe}; patterns {patterns}")

        # ---- ksince
        db = os.path.join(scratch, "k.db")
        cmd = [ksince, "index", "--repo", clone, "--patterns", patterns, "--db", db, "--json"]
        la = loadavg()
        s, rss, cpu, out = timed(cmd)
        res["ksince_full"] = {"seconds": s, "peak_rss_mib": rss, "cpu_seconds": cpu, "report": json.loads(out),
                              "loadavg_before": la, "loadavg_after": loadavg()}
        log(f"ksince full index {s:.2f} s, {rss} MiB")
        s, rss, cpu, out = timed(cmd)
        res["ksince_rerun"] = {"seconds": s, "peak_rss_mib": rss, "cpu_seconds": cpu, "report": json.loads(out)}
        log(f"ksince re-run {s:.3f} s")
        kq = ksince_answers(ksince, db, names)
        res["ksince"] = {n: {k: kq[n].get(k) for k in ("version", "prev", "commit", "commit_exact", "present")}
                         for n in names if n in kq}

        # ---- reference
        tags = reference_tags(clone, a.tags)
        res["tags"] = tags
        # Does ksince order the tags as the reference does (creation date)?
        order_ok = all(r.get("present", []) == sorted(r.get("present", []), key=lambda t: tags.index(t)
                                                      if t in tags else -1) for r in kq.values())
        res["ksince_tag_order_matches_reference"] = order_ok
        wt = clone
        la = loadavg()
        start, cpu0 = time.monotonic(), child_cpu()
        versions, present, checked, checkout_s, grep_s = reference_tag_phase(wt, tags, names)
        tag_s, tag_cpu = time.monotonic() - start, child_cpu() - cpu0
        res["reference_tags"] = {"seconds": tag_s, "cpu_seconds": tag_cpu, "checkout_seconds": checkout_s,
                                 "grep_seconds": grep_s, "greps": sum(checked.values()),
                                 "loadavg_before": la, "loadavg_after": loadavg(),
                                 "present_per_tag": {t: len(present[t]) for t in tags}}
        log(f"reference tag phase {tag_s:.1f} s")

        la = loadavg()
        start, cpu0 = time.monotonic(), child_cpu()
        ref = {}
        todo = [n for n in names if versions[n][0] and versions[n][1]]
        for i, n in enumerate(todo):
            v, p = versions[n]
            c, steps, err = reference_bisect(wt, n, v, p)
            ref[n] = {"commit": c, "bisect_steps": steps}
            if err:
                ref[n]["error"] = err
            log(f"reference bisect {i + 1}/{len(todo)} {n} {p}..{v}: {c[:12] or err} ({steps} steps)")
        bisect_s, bisect_cpu = time.monotonic() - start, child_cpu() - cpu0
        res["reference_bisect"] = {"seconds": bisect_s, "cpu_seconds": bisect_cpu, "features": len(todo),
                                   "loadavg_after": loadavg(),
                                   "steps": sum(r["bisect_steps"] for r in ref.values()), "loadavg_before": la,
                                   "errors": {n: r["error"] for n, r in ref.items() if "error" in r}}
        res["reference"] = {n: {"version": versions[n][0], "prev": versions[n][1],
                                "commit": ref.get(n, {}).get("commit", ""),
                                "bisect_steps": ref.get(n, {}).get("bisect_steps", 0)} for n in names}
        log(f"reference bisect phase {bisect_s:.1f} s")

        # ---- compare and judge
        judge = Judge(clone)
        start = time.monotonic()
        version_diffs, commit_diffs = [], []
        agree_commits = 0
        for n in names:
            k = kq.get(n, {})
            r = res["reference"][n]
            kv, kp, kc = k.get("version", ""), k.get("prev", ""), k.get("commit", "")
            if (kv, kp) != (r["version"], r["prev"]):
                # Which tag do they see differently? git grep on the tag's tree decides.
                kpres = set(k.get("present", []))
                seen = []
                for j, t in enumerate(tags):
                    if j > 0 and n not in present[tags[j - 1]]:
                        break  # the reference stopped checking this name
                    if (t in kpres) != (n in present[t]):
                        seen.append({"tag": t, "ksince": t in kpres, "reference": n in present[t],
                                     "git_grep_tree": judge.present(t, n)})
                version_diffs.append({"name": n, "ksince": [kv, kp], "reference": [r["version"], r["prev"]],
                                      "tags_differing": seen})
                continue
            if kc == r["commit"]:
                if kc:
                    agree_commits += 1
                continue
            d = {"name": n, "version": kv, "prev": kp,
                 "ksince": judge.check(kc, n, kv, kp) if kc else {"commit": "", "valid": False, "why": "no commit"},
                 "reference": judge.check(r["commit"], n, kv, kp) if r["commit"] else
                 {"commit": "", "valid": False, "why": ref.get(n, {}).get("error", "no commit")}}
            t0 = time.monotonic()
            d["qualifying"], d["range_commits"] = judge.qualifying(n, kv, kp)
            d["judge_seconds"] = time.monotonic() - t0
            kvld, rvld = d["ksince"]["valid"], d["reference"]["valid"]
            if kvld and rvld:
                d["class"] = "both valid, several commits qualify"
            elif kvld and not rvld:
                d["class"] = "reference invalid"
            elif rvld and not kvld:
                d["class"] = "ksince invalid"
            else:
                d["class"] = "other: both invalid"
            commit_diffs.append(d)
            log(f"disagreement {n}: {d['class']} ({len(d['qualifying'])} qualify)")

        # Every ksince commit against the definition.
        kcheck = {}
        for n in names:
            k = kq.get(n, {})
            if k.get("commit"):
                kcheck[n] = judge.check(k["commit"], n, k["version"], k["prev"])
        res["judge_seconds"] = time.monotonic() - start
        res["judge_greps"] = judge.greps
        res["version_disagreements"] = version_diffs
        res["commit_disagreements"] = commit_diffs
        res["ksince_commit_checks"] = kcheck

        # ---- summary
        kfull = res["ksince_full"]
        rep = kfull["report"]
        ref_total = tag_s + bisect_s
        k_commit = rep.get("commit_seconds", 0.0)
        k_tags = kfull["seconds"] - k_commit
        with_version_k = sum(1 for n in names if kq.get(n, {}).get("version"))
        with_version_r = sum(1 for n in names if versions[n][0])
        with_commit_k = sum(1 for n in names if kq.get(n, {}).get("commit"))
        with_commit_r = sum(1 for n in names if res["reference"][n]["commit"])
        with_range = len(todo)
        exact = sum(1 for n in names if kq.get(n, {}).get("commit_exact"))
        kvalid = sum(1 for c in kcheck.values() if c["valid"])
        m = res["machine"]
        md = []
        md.append(f"# ksince vs the reference method on git/git ({res['date'][:10]})\n")
        md.append(f"- machine: {m['nproc']} cores (`nproc`), {m['cpu']}, {m['ram']} RAM; {m['git']}; "
                  f"shared with other work (1/5/15-min load average: before ksince {' '.join(kfull['loadavg_before'])}, "
                  f"after it {' '.join(kfull['loadavg_after'])}; before the reference "
                  f"{' '.join(res['reference_tags']['loadavg_before'])}, after its tag phase "
                  f"{' '.join(res['reference_tags']['loadavg_after'])}, after its bisects "
                  f"{' '.join(res['reference_bisect']['loadavg_after'])})")
        md.append(f"- repository: {a.repo} (local clone), {res['seed_tag_commits']} commits in {a.seed_tag} "
                  f"({res['repo_commits']} on all refs); "
                  f"{len(tags)} tags matching `{a.tags}` ({tags[-1]} .. {tags[0]})")
        md.append(f"- names: {len(names)} C function names of {universe} found at {a.seed_tag} "
                  f"(sorted by sha1, first {a.count}); files {FILES}")
        md.append(f"- ksince: {res['ksince_source']}, binary sha256 {res['ksince_binary']['sha256'][:12]}")
        if not order_ok:
            md.append("- NOTE: ksince's tag order differs from the reference's creation-date order")
        md.append("")
        md.append("| | ksince | reference | reference / ksince |")
        md.append("|---|---|---|---|")
        md.append(f"| whole job (index, versions and commits) | {fmt_s(kfull['seconds'])} | {fmt_s(ref_total)} "
                  f"| {ratio(ref_total, kfull['seconds'])} |")
        md.append(f"| versions (tags: walk + scan / checkout + grep) | {fmt_s(k_tags)} | {fmt_s(tag_s)} "
                  f"| {ratio(tag_s, k_tags)} |")
        md.append(f"| commits (ksince commit search / git bisect) | {fmt_s(k_commit)} | {fmt_s(bisect_s)} "
                  f"| {ratio(bisect_s, k_commit)} |")
        kcpu = kfull["cpu_seconds"]
        md.append(f"| whole job, CPU (user+sys, all processes) | {fmt_s(kcpu)} | {fmt_s(tag_cpu + bisect_cpu)} "
                  f"| {ratio(tag_cpu + bisect_cpu, kcpu)} |")
        md.append(f"| re-run with nothing new | {fmt_s(res['ksince_rerun']['seconds'])} | (full re-run) | "
                  f"{ratio(ref_total, res['ksince_rerun']['seconds'])} |")
        md.append(f"| peak RSS | {kfull['peak_rss_mib']:.0f} MiB | | |")
        md.append("")
        md.append(f"ksince full index: {rep.get('blobs_scanned')} blobs scanned "
                  f"({rep.get('bytes_scanned', 0) / 1e6:.0f} MB), walk {rep.get('walk_seconds', 0):.2f} s, "
                  f"scan {rep.get('scan_seconds', 0):.2f} s, commits {k_commit:.2f} s "
                  f"({rep.get('commits_checked')} commits checked), save {rep.get('save_seconds', 0):.2f} s. "
                  f"Reference: {res['reference_tags']['greps']} greps over {len(tags)} checkouts "
                  f"(checkout {checkout_s:.0f} s, grep {grep_s:.0f} s); {len(todo)} bisects, "
                  f"{res['reference_bisect']['steps']} bisect steps.")
        md.append("")
        md.append("| | ksince | reference |")
        md.append("|---|---|---|")
        md.append(f"| features with a version | {with_version_k} | {with_version_r} |")
        md.append(f"| features with version and prev (a commit is due) | "
                  f"{sum(1 for n in names if kq.get(n, {}).get('version') and kq.get(n, {}).get('prev'))} "
                  f"| {with_range} |")
        md.append(f"| features with a commit | {with_commit_k} | {with_commit_r} |")
        # The reference's commits: those equal to ksince's were checked with ksince's, the others above.
        rvalid = sum(1 for n in names if res["reference"][n]["commit"] and
                     res["reference"][n]["commit"] == kq.get(n, {}).get("commit") and kcheck[n]["valid"])
        rvalid += sum(1 for d in commit_diffs if d["reference"]["valid"])
        res["reference_commits_valid"] = rvalid
        md.append(f"| commits satisfying the definition (git grep) | {kvalid} of {len(kcheck)} | "
                  f"{rvalid} of {with_commit_r} |")
        md.append(f"| commit_exact true | {exact} | |")
        md.append("")
        same_versions = len(names) - len(version_diffs)
        md.append(f"Versions and prevs agree for {same_versions} of {len(names)} names; "
                  f"commits agree for {agree_commits} of {with_range - sum(1 for n in todo if n in {d['name'] for d in version_diffs})}"
                  f" features with the same range; {len(commit_diffs)} commit disagreements.")
        md.append("")
        if version_diffs:
            md.append("## Version disagreements\n")
            for d in version_diffs:
                md.append(f"- `{d['name']}`: ksince {d['ksince']}, reference {d['reference']}; " +
                          ("; ".join(f"at {x['tag']} ksince {'present' if x['ksince'] else 'absent'}, reference "
                                     f"{'present' if x['reference'] else 'absent'}, git grep on the tag's tree "
                                     f"{'present' if x['git_grep_tree'] else 'absent'}"
                                     for x in d["tags_differing"]) or "no tag differs in presence"))
            md.append("")
        if commit_diffs:
            md.append("## Commit disagreements\n")
            classes = {}
            for d in commit_diffs:
                classes[d["class"]] = classes.get(d["class"], 0) + 1
            md.append(", ".join(f"{v} {k}" for k, v in sorted(classes.items())) + ".\n")
            md.append("| name | prev..version | ksince | reference | qualifying in range | class |")
            md.append("|---|---|---|---|---|---|")
            for d in commit_diffs:
                k, r = d["ksince"], d["reference"]
                q = d["qualifying"]
                qs = f"{len(q)} of {d['range_commits']}: " + " ".join(c[:10] for c in q[:6]) + (" ..." if len(q) > 6 else "")
                md.append(f"| `{d['name']}` | {d['prev']}..{d['version']} | {k['commit'][:10] or '-'}: {k['why']} "
                          f"| {r['commit'][:10] or '-'}: {r['why']} | {qs} | {d['class']} |")
            md.append("")
        bad = {n: c for n, c in kcheck.items() if not c["valid"]}
        if bad:
            md.append("## ksince commits that do not satisfy the definition\n")
            for n, c in bad.items():
                md.append(f"- `{n}` {c['commit'][:12]} (exact={kq[n].get('commit_exact')}): {c['why']}")
            md.append("")
        if res["reference_bisect"]["errors"]:
            md.append("## Reference bisect errors\n")
            for n, e in res["reference_bisect"]["errors"].items():
                md.append(f"- `{n}`: {e}")
            md.append("")
        md.append(f"(judging: {judge.greps} git greps, {res['judge_seconds']:.0f} s; not part of either side's time)")
        text = "\n".join(md) + "\n"
        res["markdown"] = text
        print(text)
        if a.md:
            with open(a.md, "w") as f:
                f.write(text)
        if a.out:
            with open(a.out, "w") as f:
                json.dump(res, f, indent=1)
    finally:
        if a.keep:
            log(f"kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
