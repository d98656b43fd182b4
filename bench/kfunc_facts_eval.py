#!/usr/bin/env python3
"""Compares the kfunc facts `ksince index` derives (a database) with
  S  the source itself, read by plain regexes over `git grep`/`git show`
     output at the tag (an oracle that shares no code with ksince): the
     BTF_KFUNCS/BTF_SET8 blocks, the id sets, the registrations and
     bpf_prog_type_to_kfunc_hook();
  H  the docs site's hand-kept kfuncs.yaml (it describes 7.1), restricted to
     what exists at the tag: kfuncs the source lists at the tag, program
     types whose `since` is not newer and whose `until` is newer,
     BPF_PROG_TYPE_UNSPEC expanded by kfunc-gen's table (data/kfunc-gen.yaml)
     with the same restriction, `except:` applied;
  B  a BTF file's bpf_kfunc decl tags and signatures (bench/kfunc_btf.cc).

  bench/kfunc_facts_eval.py --db /tmp/i10.db [--tag v6.12] [--git-dir /work/kernel-repo]
      [--hand ../shared/anchors/ebpf-docs/kfuncs.yaml] [--kfunc-gen data/kfunc-gen.yaml]
      [--btf-json btf.json] [--spell build/engine/ksince_kfunc_btf --btf-file vmlinux.btf] [--list]

  --spell: also spell every source signature with ksince's own
  kfunc_gen_signature (ksince_kfunc_btf --spell, what `docs build --from
  derived` writes into KFUNC_DEF) and compare it byte for byte with BTF's.
"""
import argparse
import json
import re
import sqlite3
import subprocess
from collections import defaultdict

import yaml


def vt(v):
    return tuple(int(x) for x in re.findall(r"\d+", str(v))[:2])


def git(gd, *args):
    return subprocess.run(["git", "--git-dir=" + gd, *args], check=True, capture_output=True, text=True).stdout


def facts(db, tag, kind):
    q = ("select d.key, p.attrs, p.file, p.line from fact_presence p join derived_facts d on d.id=p.fact_id "
         "join tags t on t.id=p.tag_id where d.kind=? and t.name=?")
    return {k: (json.loads(a), f, l) for k, a, f, l in db.execute(q, (kind, tag))}


SPEC = ["--", "*.c", "*.h", ":!tools", ":!samples"]


def source_oracle(gd, tag):
    """sets {set: {kfunc: flags}}, hooks {type: hook}, regs [(type, set, file)]"""
    sets = defaultdict(dict)
    kinds = {}
    for f in git(gd, "grep", "-l", "-E", r"BTF_(KFUNCS|SET8)_START\(", tag, *SPEC).split():
        text = re.sub(r"/\*.*?\*/|//[^\n]*", " ", git(gd, "show", f), flags=re.S)
        text = "\n".join(l for l in text.split("\n") if not l.lstrip().startswith("#"))
        for m in re.finditer(r"BTF_(KFUNCS|SET8)_START\((\w+)\)(.*?)BTF_(?:KFUNCS|SET8)_END", text, re.S):
            kinds[m.group(2)] = m.group(1)
            for e in re.finditer(r"BTF_ID_FLAGS\(\s*func\s*,\s*(\w+)\s*(?:,([^)]*))?\)", m.group(3)):
                flags = {x.strip() for x in (e.group(2) or "").split("|") if x.strip()}
                sets[m.group(2)].setdefault(e.group(1), set()).update(flags)
    btf_c = git(gd, "show", tag + ":kernel/bpf/btf.c")
    body = re.search(r"static int bpf_prog_type_to_kfunc_hook\(.*?\n}\n", btf_c, re.S).group(0)
    hooks, pending = {}, []
    for m in re.finditer(r"case (BPF_PROG_TYPE_\w+):|return (BTF_KFUNC_HOOK_\w+);", body):
        if m.group(1):
            pending.append(m.group(1))
        else:
            for p in pending:
                hooks[p] = m.group(2)
            pending = []
    regs = []
    files = git(gd, "grep", "-l", "register_btf_kfunc_id_set", tag, *SPEC).split()
    for f in files:
        path = f.split(":", 1)[1]
        text = git(gd, "show", f)
        idsets = {}
        for m in re.finditer(r"struct btf_kfunc_id_set\s+(\w+)\s*=\s*\{(.*?)\}", text, re.S):
            s = re.search(r"\.set\s*=\s*&(\w+)", m.group(2))
            flt = re.search(r"\.filter\s*=\s*(\w+)", m.group(2))
            idsets[m.group(1)] = (s.group(1) if s else None, flt.group(1) if flt else None)
        for m in re.finditer(r"register_btf_kfunc_id_set\(\s*(BPF_PROG_TYPE_\w+)\s*,\s*&(\w+)\s*\)", text):
            if m.group(2) in idsets:
                regs.append((m.group(1), idsets[m.group(2)][0], idsets[m.group(2)][1], path))
    # BTF_SET8 sets count as kfunc sets when a kfunc registration uses them.
    used = {r[1] for r in regs}
    sets = {s: v for s, v in sets.items() if kinds.get(s) == "KFUNCS" or s in used}
    return sets, hooks, regs


def registered_pairs(sets, hooks, regs):
    """(type, kfunc) -> [filter or None] through each registration's hook."""
    out = defaultdict(list)
    for ty, s, flt, _ in regs:
        if s not in sets:
            continue
        if ty == "BPF_PROG_TYPE_UNSPEC":
            types = [t for t in hooks if t != ty]
        elif ty in hooks:
            types = [t for t, h in hooks.items() if h == hooks[ty] and t != "BPF_PROG_TYPE_UNSPEC"]
        else:
            continue
        for t in types:
            for k in sets[s]:
                out[(t, k)].append(flt)
    return out


def hand_view(hand, unspec, tag_v, exists):
    sets, pairs = defaultdict(dict), defaultdict(set)
    for sname, s in hand["sets"].items():
        types = []
        for p in s.get("program_types") or []:
            if "since" in p and vt(p["since"]["version"]) > tag_v:
                continue
            if "until" in p and vt(p["until"]["version"]) <= tag_v:
                continue
            if p["name"] == "BPF_PROG_TYPE_UNSPEC":
                for u in unspec:
                    if "since" in u and vt(u["since"]["version"]) > tag_v:
                        continue
                    types.append(u["name"])
            else:
                types.append(p["name"])
        for f in s.get("funcs") or []:
            k = f["name"]
            if k not in exists:
                continue
            sets[sname].setdefault(k, set()).update(f.get("flags") or [])
            exc = {e["name"] for e in (f.get("except") or {}).get("program_types", [])}
            for t in types:
                if t not in exc:
                    pairs[(t, k)].add(sname)
    return sets, pairs


def pct(a, b):
    return "%d/%d = %.1f%%" % (a, b, 100.0 * a / b) if b else "0/0"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--tag", default="v6.12")
    ap.add_argument("--git-dir", default="/work/kernel-repo")
    ap.add_argument("--hand", default="../shared/anchors/ebpf-docs/kfuncs.yaml")
    ap.add_argument("--kfunc-gen", default="data/kfunc-gen.yaml")
    ap.add_argument("--btf-json")
    ap.add_argument("--spell", help="ksince_kfunc_btf, to spell the source signatures (needs --btf-file)")
    ap.add_argument("--btf-file", help="the BTF file --btf-json was made from")
    ap.add_argument("--list", action="store_true")
    a = ap.parse_args()
    db = sqlite3.connect(a.db)
    tag_v = vt(a.tag)
    D_k = facts(db, a.tag, "kfunc")
    D_s = facts(db, a.tag, "kfunc_set")
    D_p = facts(db, a.tag, "prog_kfunc")
    D_h = facts(db, a.tag, "kfunc_hook")
    S_sets, S_hooks, S_regs = source_oracle(a.git_dir, a.tag)
    S_k = {k for v in S_sets.values() for k in v}
    grep_all = set(re.findall(r"BTF_ID_FLAGS\(func,\s*(\w+)", git(a.git_dir, "grep", "-h", "BTF_ID_FLAGS(func,", a.tag, *SPEC)))
    def lst(xs):
        xs = sorted(xs)
        return (" " + " ".join(xs)) if a.list or len(xs) <= 12 else " (%d)" % len(xs)

    print("== %s ==" % a.tag)
    print("existence: derived %d; every BTF_ID_FLAGS(func, X) in *.c/*.h outside tools/ samples/: %d" % (len(D_k), len(grep_all)))
    print("  grep found by derived:", pct(len(grep_all & set(D_k)), len(grep_all)), "missing:" + lst(grep_all - set(D_k)))
    print("  derived found by grep:", pct(len(grep_all & set(D_k)), len(D_k)), "extra:" + lst(set(D_k) - grep_all))

    S_pairs = {(s, k) for s, v in S_sets.items() for k in v}
    D_pairs = {tuple(x.split(" ", 1)) for x in D_s}
    print("sets vs source blocks: derived (set, kfunc) %d, source %d; equal %s; source found %s"
          % (len(D_pairs), len(S_pairs), pct(len(D_pairs & S_pairs), len(D_pairs)), pct(len(D_pairs & S_pairs), len(S_pairs))))
    print("  only derived:" + lst(" ".join(p) for p in D_pairs - S_pairs))
    print("  only source:" + lst(" ".join(p) for p in S_pairs - D_pairs))
    same = [p for p in D_pairs & S_pairs if set(D_s[" ".join(p)][0]["flags"]) == S_sets[p[0]][p[1]]]
    print("flags vs source blocks:", pct(len(same), len(D_pairs & S_pairs)))

    R = registered_pairs(S_sets, S_hooks, S_regs)
    Dp = {tuple(x.split(" ", 1)) for x in D_p}
    print("program types: derived %d pairs; registrations through hooks (regex oracle) %d" % (len(Dp), len(R)))
    print("  of the registrations' pairs, derived:", pct(len(Dp & set(R)), len(R)), "not derived:" + lst(" ".join(p) for p in set(R) - Dp))
    print("  of the derived pairs, from a registration:", pct(len(Dp & set(R)), len(Dp)), "other:" + lst(" ".join(p) for p in Dp - set(R)))
    filtered = [p for p in Dp if "filter_condition" in D_p[" ".join(p)][0] or "filter_unknown" in D_p[" ".join(p)][0]]
    print("  derived pairs with a filter condition or an unknown filter:", len(filtered), lst(" ".join(p) + " " + json.dumps({k: v for k, v in D_p[" ".join(p)][0].items() if k.startswith("filter")}) for p in filtered))

    hand = yaml.safe_load(open(a.hand))
    kg = yaml.safe_load(open(a.kfunc_gen))
    exists = set(D_k) | S_k
    H_sets, H_pairs = hand_view(hand, kg["unspec_program_types"], tag_v, exists)
    hand_all = {f["name"] for s in hand["sets"].values() for f in s.get("funcs") or []}
    print("hand file: %d kfuncs, %d exist at %s" % (len(hand_all), len(hand_all & exists), a.tag))
    print("  derived kfuncs not in the hand file:" + lst(set(D_k) - hand_all))
    Hs = {(s, k) for s, v in H_sets.items() for k in v}
    print("sets vs hand: hand (set, kfunc) %d, derived %d, both %d: hand found %s, derived in hand %s"
          % (len(Hs), len(D_pairs), len(Hs & D_pairs), pct(len(Hs & D_pairs), len(Hs)), pct(len(Hs & D_pairs), len(D_pairs))))
    print("  only hand:" + lst(" ".join(p) for p in Hs - D_pairs))
    print("  only derived:" + lst(" ".join(p) for p in D_pairs - Hs))
    both = Hs & D_pairs
    diff = [p for p in both if set(D_s[" ".join(p)][0]["flags"]) != H_sets[p[0]][p[1]]]
    print("flags vs hand (pairs in both):", pct(len(both) - len(diff), len(both)))
    for p in sorted(diff):
        d, h = set(D_s[" ".join(p)][0]["flags"]), H_sets[p[0]][p[1]]
        print("   ", " ".join(p), "hand+", sorted(h - d), "derived+", sorted(d - h), D_s[" ".join(p)][1] + ":" + str(D_s[" ".join(p)][2]))
    Hp = set(H_pairs)
    print("program types vs hand: hand %d pairs, derived %d, both %d: hand found %s, derived in hand %s"
          % (len(Hp), len(Dp), len(Hp & Dp), pct(len(Hp & Dp), len(Hp)), pct(len(Hp & Dp), len(Dp))))
    by_type = defaultdict(lambda: [0, 0, []])
    for t, k in Hp - Dp:
        by_type[t][0] += 1
    for t, k in Dp - Hp:
        by_type[t][1] += 1
    for t in sorted(by_type):
        print("   %-36s only hand %3d  only derived %3d" % (t, by_type[t][0], by_type[t][1]))
    if a.list:
        for p in sorted(Hp - Dp):
            print("  only hand:", " ".join(p), sorted(H_pairs[p]))
        for p in sorted(Dp - Hp):
            print("  only derived:", " ".join(p), D_p[" ".join(p)][0])

    print("UNSPEC table (derived kfunc_hook facts, every type but UNSPEC) vs kfunc-gen:")
    derived_types = sorted(k.split()[0] for k in D_h if not k.startswith("BPF_PROG_TYPE_UNSPEC "))
    kg_types = [u["name"] for u in kg["unspec_program_types"]]
    print("  derived %d:" % len(derived_types), " ".join(t[len("BPF_PROG_TYPE_"):] for t in derived_types))
    print("  only derived:", " ".join(sorted(set(derived_types) - set(kg_types))))
    print("  only kfunc-gen:", " ".join("%s%s" % (u["name"], " (since %s)" % u["since"]["version"] if "since" in u else "")
                                        for u in kg["unspec_program_types"] if u["name"] not in derived_types))

    if a.btf_json:
        b = json.load(open(a.btf_json))
        B = set(b["kfuncs"])
        print("BTF (%d bpf_kfunc decl tags) vs derived kfuncs at %s (%d): both %d, only BTF %d, only derived %d"
              % (len(B), a.tag, len(D_k), len(B & set(D_k)), len(B - set(D_k)), len(set(D_k) - B)))
        print("  only BTF:" + lst(B - set(D_k)))
        print("  only derived:" + lst(set(D_k) - B))
        sig_both = [k for k in B & set(D_k) if "signature" in D_k[k][0] and k in b["signatures"]]
        norm = lambda s: re.sub(r"\s+", "", s)
        eq = [k for k in sig_both if D_k[k][0]["signature"] == b["signatures"][k]]
        eqn = [k for k in sig_both if norm(D_k[k][0]["signature"]) == norm(b["signatures"][k])]
        print("  signatures, kfuncs both know with a source signature: %d; byte-equal %s; equal but for spaces %s"
              % (len(sig_both), pct(len(eq), len(sig_both)), pct(len(eqn), len(sig_both))))
        # kfunc-gen's spelling (GENERATORS.md section 4): `()` for no
        # parameters, enums without `enum`, C's long forms of integer types,
        # function-pointer parameters without names.
        def as_btf(s):
            s = re.sub(r"\(void\)$", "()", s)
            s = re.sub(r"\benum ", "", s)
            s = re.sub(r"\b(long long|long|short)\b(?! int)", r"\1 int", s)
            s = re.sub(r"\bunsigned\b(?! (int|long|short|char))", "unsigned int", s)
            s = re.sub(r"\((\w+)\)\(([^()]*)\)", lambda m: "(%s)(%s)" % (m.group(1), ", ".join(
                re.sub(r"\s*\b\w+$", "", x.strip()) + " " for x in m.group(2).split(","))), s)
            return re.sub(r"\s+", "", s)
        eqk = [k for k in sig_both if as_btf(D_k[k][0]["signature"]) == norm(b["signatures"][k])]
        print("  equal in kfunc-gen's spelling (void, enum, long int, unnamed function-pointer parameters): %s"
              % pct(len(eqk), len(sig_both)))
        for k in sorted(set(sig_both) - set(eqk)):
            print("    differs: %s\n      src: %s\n      btf: %s" % (k, D_k[k][0]["signature"], b["signatures"][k]))
        if a.spell:
            # Every kfunc derived at the tag with a source signature whose
            # name is a FUNC of the BTF, decl-tagged or not (kfunc-gen
            # renders any FUNC its data names).
            with_sig = sorted(k for k in D_k if "signature" in D_k[k][0])
            btf_sig = json.loads(subprocess.run([a.spell, a.btf_file, "--names"], input="\n".join(with_sig) + "\n",
                                                capture_output=True, text=True, check=True).stdout)
            both = [k for k in with_sig if k in btf_sig]
            src = [D_k[k][0]["signature"] for k in both]
            spelled = subprocess.run([a.spell, "--spell"], input="\n".join(src) + "\n", capture_output=True,
                                     text=True, check=True).stdout.split("\n")
            eqs = [k for k, sp in zip(both, spelled) if sp == btf_sig[k]]
            print("  every derived kfunc with a source signature that is a FUNC of the BTF: %d; byte-equal in "
                  "ksince's spelling (KFUNC_DEF from the source): %s" % (len(both), pct(len(eqs), len(both))))
            for k, sp in zip(both, spelled):
                if sp != btf_sig[k]:
                    print("    differs: %s\n      src:     %s\n      spelled: %s\n      btf:     %s"
                          % (k, D_k[k][0]["signature"], sp, btf_sig[k]))
        no_sig = [k for k in B & set(D_k) if "signature" not in D_k[k][0]]
        print("  in both, no source signature:" + lst(no_sig))
        for k in sorted(set(sig_both) - set(eqn))[: (1000 if a.list else 0)]:
            print("    %s\n      src: %s\n      btf: %s" % (k, D_k[k][0]["signature"], b["signatures"][k]))


if __name__ == "__main__":
    main()
