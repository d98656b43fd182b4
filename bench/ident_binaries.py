#!/usr/bin/env python3
"""Two ksince binaries on one repository: their identifier answers compared
name by name, and the nightly identifier step of each, in the same run.

For a change that must not change any answer (a fix of how runs are saved, a
refactoring of the reader), the "before" and "after" binaries each
  first    index --identifiers from an empty database (the patterns file, so
           patterns and facts too): wall time, peak heap;
  nightly  the older releases (the patterns file's tags narrowed to all but
           the newest), then the patterns file: the second run is timed;
then
  same     the two first indexes' answers, name by name (mentioned, defined,
           kinds): how many names differ (0 expected);
  fresh    each nightly index against its own first index, name by name.
Runs alternate between the binaries so that the machine's drift hits both.
Exits 1 when any count is not 0.

usage: bench/ident_binaries.py --before BIN --after BIN --repo DIR
         [--patterns FILE] [--runs N] [--out-prefix bench/results/NAME]
"""
import argparse
import datetime
import json
import os
import shutil
import sys
import tempfile

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ident_bench  # noqa: E402
import kernel_bench  # noqa: E402
import scale_bench  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--before", required=True)
    ap.add_argument("--after", required=True)
    ap.add_argument("--repo", required=True)
    ap.add_argument("--patterns", default=os.path.join(os.path.dirname(__file__), "..", "patterns", "ebpf.yaml"))
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--interval", type=float, default=0.02)
    ap.add_argument("--out-prefix")
    a = ap.parse_args()
    ps_text = open(a.patterns).read()
    tags = sorted(kernel_bench.selected_tags(a.repo, yaml.safe_load(ps_text)["tags"]), key=scale_bench.version_key)
    bins = {"before": os.path.abspath(a.before), "after": os.path.abspath(a.after)}
    res = {"machine": scale_bench.machine(), "date": datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC"),
           "repo": a.repo, "tags": tags, "loadavg_before": scale_bench.loadavg(), "runs": {}}
    work = tempfile.mkdtemp(prefix="ident-binaries-")
    try:
        older = os.path.join(work, "older.yaml")
        with open(older, "w") as f:
            f.write(scale_bench.with_tags(ps_text, tags[:-1]))
        for i in range(a.runs):
            for label, ksince in bins.items():
                out = res["runs"].setdefault(label, {"first": [], "nightly": []})
                first = os.path.join(work, f"{label}-first.db")
                nightly = os.path.join(work, f"{label}-nightly.db")
                for db in (first, nightly):
                    if os.path.exists(db):
                        os.remove(db)
                scale_bench.log(f"{label}: first index, run {i + 1}/{a.runs}")
                r = scale_bench.ksince_index(ksince, a.repo, a.patterns, first, a.interval, ["--identifiers"])
                out["first"].append({"seconds": r["seconds"], "peak_rss_anon_mib": r["peak_rss_anon_mib"],
                                     "identifiers": r["report"]["identifiers"]})
                scale_bench.ksince_index(ksince, a.repo, older, nightly, a.interval, ["--identifiers"])
                r = scale_bench.ksince_index(ksince, a.repo, a.patterns, nightly, a.interval, ["--identifiers"])
                out["nightly"].append({"seconds": r["seconds"], "peak_rss_anon_mib": r["peak_rss_anon_mib"],
                                       "identifiers": r["report"]["identifiers"],
                                       "answers_differing_from_fresh": ident_bench.answers_differ(nightly, first)})
                scale_bench.log(f"  first {out['first'][-1]['seconds']:.1f} s, nightly {r['seconds']:.2f} s "
                                f"(identifier save {r['report']['identifiers']['save_seconds']:.2f} s)")
        res["names_differing"] = ident_bench.answers_differ(os.path.join(work, "before-first.db"),
                                                            os.path.join(work, "after-first.db"))
        scale_bench.log(f"names whose answers differ between the binaries: {res['names_differing']}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = scale_bench.finish(res, a.out_prefix)
    print(text)
    bad = res["names_differing"] + sum(n["answers_differing_from_fresh"] for r in res["runs"].values()
                                       for n in r["nightly"])
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
