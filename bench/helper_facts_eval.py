#!/usr/bin/env python3
"""Compares the helper facts FuncProtoExtractor derives from a kernel tag with
the docs site's hand-kept helpers-functions.yaml (issue 9's Show).

  bench/helper_facts_eval.py [--git-dir /work/kernel-repo] [--rev v6.12]
      [--hand ../shared/anchors/ebpf-docs/helpers-functions.yaml]
      [--tool build/engine/ksince_helper_facts] [--json out.json] [--list]

The hand file describes 7.1; it is restricted to what exists at REV: helpers
in REV's FN list, entries whose `since` is not newer than REV, program and map
types both sides describe. Three sets of program-helper pairs are compared:
  H  the hand file's (groups expanded, `exclude:` applied)
  D  the derived prog_helper facts
  L  what the func_proto chains' case labels allow: every helper some case of
     a func_proto reachable from the type's get_func_proto returns a proto
     for, ignoring conditions, order and NULL returns (func_proto_helper and
     func_proto_include facts, closed over includes)
"""
import argparse
import json
import re
import subprocess
import sys
from collections import defaultdict

import yaml


def version_tuple(v):
    return tuple(int(x) for x in re.findall(r"\d+", str(v))[:2])


hand_excludes = set()  # (type, helper) of the hand file's `exclude:` lines


def hand_pairs(hand, rev_version, helpers):
    """{(type, helper): attrs} for programs, and {(map type, helper): attrs}."""
    groups = hand.get("groups") or {}

    def keep(e):
        if "since" in e and version_tuple(e["since"]["version"]) > rev_version:
            return False
        return True

    def excluded(entries):
        return {e["exclude"] for e in entries or [] if "exclude" in e}

    def expand(entries, seen):
        out, excludes = {}, set()
        for e in entries or []:
            if "name" in e:
                if keep(e) and e["name"] not in out:
                    out[e["name"]] = e
            elif "group" in e:
                g = e["group"]
                if g in seen or g not in groups:
                    continue
                sub, _ = expand(groups[g], seen | {g})
                for n, se in sub.items():
                    out.setdefault(n, se)
            elif "exclude" in e:
                excludes.add(e["exclude"])
        for x in excludes:
            out.pop(x, None)
        return out, excludes

    progs = {}
    hand_excludes.clear()
    for t, entries in (hand.get("programs") or {}).items():
        if isinstance(entries, list):
            hand_excludes.update((t, x) for x in excluded(entries) if x in helpers)
    for t, entries in (hand.get("programs") or {}).items():
        if not isinstance(entries, list):
            continue
        exp, _ = expand(entries, set())
        progs[t] = {n: e for n, e in exp.items() if n in helpers}
    maps = {}
    for t, entries in (hand.get("maps") or {}).items():
        maps[t] = {e["name"]: e for e in entries or [] if "name" in e and e["name"] in helpers and keep(e)}
    return progs, maps


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--git-dir", default="/work/kernel-repo")
    ap.add_argument("--rev", default="v6.12")
    ap.add_argument("--hand", default="/work/shared/anchors/ebpf-docs/helpers-functions.yaml")
    ap.add_argument("--tool", default="build/engine/ksince_helper_facts")
    ap.add_argument("--json")
    ap.add_argument("--list", action="store_true", help="print every disagreement")
    a = ap.parse_args()

    derived = json.loads(subprocess.run([a.tool, a.git_dir, a.rev], check=True, capture_output=True).stdout)
    uapi = subprocess.run(["git", f"--git-dir={a.git_dir}", "show", f"{a.rev}:include/uapi/linux/bpf.h"],
                          check=True, capture_output=True, text=True).stdout
    helpers = {"bpf_" + n for n in re.findall(r"\bFN\((\w+)", uapi)}
    rev_version = version_tuple(a.rev)
    # BaseLoader: `version: 6.10` must stay "6.10", not the float 6.1.
    hand = yaml.load(open(a.hand), Loader=yaml.BaseLoader)
    hprogs, hmaps = hand_pairs(hand, rev_version, helpers)

    facts = defaultdict(dict)
    for f in derived["facts"]:
        facts[f["kind"]][f["key"]] = f
    dprogs = defaultdict(dict)
    for k, f in facts["prog_helper"].items():
        t, h = k.split(" ")
        dprogs[t][h] = f
    dmaps = defaultdict(dict)
    for k, f in facts["map_helper"].items():
        t, h = k.split(" ")
        dmaps[t][h] = f
    # L: the case labels of the chains.
    own = defaultdict(set)
    for k in facts["func_proto_helper"]:
        fn, h = k.split(" ")
        own[fn].add(h)
    inc = defaultdict(set)
    for k in facts["func_proto_include"]:
        fn, t = k.split(" ")
        inc[fn].add(t)
    root = {}
    for k in facts["prog_func_proto"]:
        t, fn = k.split(" ")
        root[t] = fn

    def closure(fn):
        seen, todo = set(), [fn]
        while todo:
            x = todo.pop()
            if x in seen:
                continue
            seen.add(x)
            todo.extend(inc[x])
        return set().union(*(own[x] for x in seen))

    lprogs = {t: closure(fn) & helpers for t, fn in root.items()}

    both = sorted(set(hprogs) & set(dprogs))
    H = {(t, h) for t in both for h in hprogs[t]}
    D = {(t, h) for t in both for h in dprogs[t]}
    L = {(t, h) for t in both for h in lprogs.get(t, ())}
    kc_same = kc_diff = cap_same = cap_diff = 0
    attr_diffs = []
    other_agree = defaultdict(lambda: [0, 0])  # attr -> [agree, differ]
    for t, h in sorted(H & D):
        he, de = hprogs[t][h], dprogs[t][h]["attrs"]
        for k in ("attach_type", "sleepable", "no_security_lockdown", "prog_trampoline"):
            hv = he.get(k)
            hv = sorted(hv) if isinstance(hv, list) else (hv == "true" if hv is not None else None)
            dv = de.get(k)
            dv = sorted(dv) if isinstance(dv, list) else dv
            if hv in (None, False, []) and dv in (None, False, []):
                continue
            other_agree[k][0 if hv == dv else 1] += 1
            if hv != dv:
                attr_diffs.append((t, h, k, hv if isinstance(hv, list) else [hv], dv if isinstance(dv, list) else [dv],
                                   dprogs[t][h]))
        hk, dk = sorted(he.get("kconfig", [])), sorted(x for x in de.get("kconfig", []))
        hc, dc = sorted(he.get("cap", [])), sorted(de.get("cap", []))
        if hk == dk:
            kc_same += 1
        else:
            kc_diff += 1
            attr_diffs.append((t, h, "kconfig", hk, dk, dprogs[t][h]))
        if hc == dc:
            cap_same += 1
        else:
            cap_diff += 1
            attr_diffs.append((t, h, "cap", hc, dc, dprogs[t][h]))
    refused = {tuple(f["key"].split(" ")) for f in derived["facts"] if f["kind"] == "prog_helper_refused"}
    refused = {p for p in refused if p[0] in both}
    excl = {p for p in hand_excludes if p[0] in both}
    mboth = sorted(set(hmaps) & set(dmaps) | {t for t in hmaps if not hmaps[t] and t in dmaps})
    MH = {(t, h) for t in mboth for h in hmaps.get(t, {})}
    MD = {(t, h) for t in mboth for h in dmaps.get(t, {})}

    def pct(x, y):
        return f"{100.0 * x / y:.1f}%" if y else "n/a"

    summary = {
        "rev": a.rev,
        "files_read": len(derived["files"]),
        "extract_seconds": round(derived["extract_seconds"], 3),
        "resolve_seconds": round(derived["resolve_seconds"], 3),
        "unknowns": len(derived["unknowns"]),
        "prog_types_both": len(both),
        "prog_types_hand_only": sorted(set(hprogs) - set(dprogs)),
        "prog_types_derived_only": sorted(set(dprogs) - set(hprogs)),
        "hand_pairs": len(H), "derived_pairs": len(D), "case_label_pairs": len(L),
        "hand_derived": len(H & D), "hand_derived_pct": pct(len(H & D), len(H)),
        "labels_derived": len(L & D), "labels_derived_pct": pct(len(L & D), len(L)),
        "derived_in_hand_or_labels": len(D & (H | L)), "derived_in_hand_or_labels_pct": pct(len(D & (H | L)), len(D)),
        "kconfig_agree": kc_same, "kconfig_differ": kc_diff, "cap_agree": cap_same, "cap_differ": cap_diff,
        "other_attrs_agree_differ": {k: v for k, v in sorted(other_agree.items())},
        "refused_pairs": len(refused), "hand_excludes": len(excl), "refused_equal_excludes": refused == excl,
        "map_types_both": len(mboth), "map_hand_pairs": len(MH), "map_derived_pairs": len(MD),
        "map_hand_derived": len(MH & MD), "map_hand_derived_pct": pct(len(MH & MD), len(MH)),
        "map_derived_in_hand": len(MD & MH), "map_derived_in_hand_pct": pct(len(MD & MH), len(MD)),
    }
    details = {
        "hand_not_derived": sorted(H - D),
        "derived_not_hand": sorted(D - H),
        "labels_not_derived": sorted(L - D),
        "derived_not_in_hand_or_labels": sorted(D - (H | L)),
        "map_hand_not_derived": sorted(MH - MD),
        "map_derived_not_hand": sorted(MD - MH),
    }
    print(json.dumps(summary, indent=1))
    if a.list:
        def where(t, h, table):
            f = table.get(t, {}).get(h)
            if not f:
                return ""
            at = {k: v for k, v in f["attrs"].items() if k != "via"}
            return f'{f["attrs"].get("via", f["attrs"].get("source", ""))} {f["file"]}:{f["line"]} {json.dumps(at)}'
        for name, items in details.items():
            print(f"\n## {name} ({len(items)})")
            by_helper = defaultdict(list)
            for t, h in items:
                by_helper[h].append(t)
            for h, ts in sorted(by_helper.items()):
                table = dmaps if name.startswith("map") else dprogs
                print(f"{h}: {len(ts)} types: {' '.join(x.replace('BPF_PROG_TYPE_', '').replace('BPF_MAP_TYPE_', '') for x in ts)}"
                      f"  | {where(ts[0], h, table)}")
        print(f"\n## attr differences ({len(attr_diffs)})")
        by = defaultdict(list)
        for t, h, k, hv, dv, f in attr_diffs:
            by[(h, k, tuple(hv), tuple(dv), f["attrs"].get("via"))].append(t.replace("BPF_PROG_TYPE_", ""))
        for (h, k, hv, dv, via), ts in sorted(by.items()):
            print(f"{h} {k}: hand {list(hv)} derived {list(dv)} via {via}: {' '.join(ts)}")
        print(f"\n## unknowns ({len(derived['unknowns'])})")
        for u in derived["unknowns"]:
            print(f'{u["file"]}:{u["line"]}: {u["what"]}')
    if a.json:
        json.dump({"summary": summary, "details": details, "unknowns": derived["unknowns"]}, open(a.json, "w"), indent=1)


if __name__ == "__main__":
    sys.exit(main())
