#!/usr/bin/env python3
"""`ksince docs build` against the docs site's own output.

Extracts docs/ and data/ of isovalent/ebpf-docs at a commit (default 18ec5e93,
the reference) from a local git directory, empties every generated block the
reference writes (the first pair of each kind per page; FEATURE_TAG in the
reference's five folders; KFUNC_DEF after the signature line), imports the
data files, runs `docs build` (timed), and compares every page with the
committed one. Then `docs build --check` must exit 0.

  bench/docs_build_bench.py --ksince build/engine/ksince \\
      [--libbpf /work/.mirror/libbpf+libbpf/repo --libbpf-ref 4c89334...] \\
      [--btf vmlinux-6.11.btf --btf-missing keep] [--kinds FEATURE_TAG,PROG_HELPER_FUNC_REF,...]

Prints one line per differing page and a summary; exit 0 when every page
came back byte for byte (and --check then exits 0).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HELPER_KINDS = ["PROG_HELPER_FUNC_REF", "MAP_HELPER_FUNC_REF", "HELPER_FUNC_PROG_REF", "HELPER_FUNC_MAP_REF"]
ALL_KINDS = ["FEATURE_TAG"] + HELPER_KINDS + ["HELPER_FUNC_DEF", "LIBBPF_TAG", "KFUNC_DEF", "KFUNC_PROG_REF",
                                              "PROG_KFUNC_REF"]
# Where the reference writes each kind (it finds pages by data key or by folder).
KIND_DIRS = {
    "PROG_HELPER_FUNC_REF": "linux/program-type", "PROG_KFUNC_REF": "linux/program-type",
    "MAP_HELPER_FUNC_REF": "linux/map-type",
    "HELPER_FUNC_PROG_REF": "linux/helper-function", "HELPER_FUNC_MAP_REF": "linux/helper-function",
    "HELPER_FUNC_DEF": "linux/helper-function",
    "KFUNC_DEF": "linux/kfuncs", "KFUNC_PROG_REF": "linux/kfuncs",
    "LIBBPF_TAG": "ebpf-library/libbpf/userspace",
}
FEATURE_DIRS = ["linux/program-type", "linux/map-type", "linux/helper-function", "linux/syscall", "linux/kfuncs"]


def markers(kind):
    """The reference's marker strings (GENERATORS.md sections 2 to 5)."""
    if kind in HELPER_KINDS or kind == "HELPER_FUNC_DEF":
        return f"<!-- [{kind}] -->\n", f"<!-- [/{kind}] -->\n"
    if kind == "KFUNC_DEF":
        return "**Signature**\n\n<!-- [KFUNC_DEF] -->", "<!-- [/KFUNC_DEF] -->"
    return f"<!-- [{kind}] -->", f"<!-- [/{kind}] -->"


def empty_first_pair(text, kind):
    start, stop = markers(kind)
    s = text.find(start)
    if s < 0:
        return text
    body = s + len(start)
    e = text.find(stop)  # the reference searches the stop from the file start
    if e < body:
        return text
    keep = ""
    if kind == "KFUNC_DEF":  # the signature stays: "\n`#!c ...`\n"
        m = re.match(r"\n`#!c [^\n]*`\n", text[body:e])
        keep = m.group(0) if m else ""
    return text[:body] + keep + text[e:]


def empty_feature_tags(text):
    return re.sub(r"(<!-- \[FEATURE_TAG\]\([^)\n]*\) -->)(.*?)(<!-- \[/FEATURE_TAG\] -->)",
                  lambda m: m.group(1) + m.group(3), text, flags=re.S)


def only_signature_differs(want, got):
    """The pages differ only in the KFUNC_DEF signature line (another BTF than the site's)."""
    pat = re.compile(rb"(\*\*Signature\*\*\n\n<!-- \[KFUNC_DEF\] -->\n`#!c )[^\n]*(`\n)")
    return pat.search(want) is not None and pat.sub(rb"\1\2", want) == pat.sub(rb"\1\2", got)


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ksince", default="build/engine/ksince")
    ap.add_argument("--docs-git", default="/work/.mirror/isovalent+ebpf-docs/repo")
    ap.add_argument("--commit", default="18ec5e93ea4b15ae7a145f8351013a421d431cbb")
    ap.add_argument("--libbpf")
    ap.add_argument("--libbpf-ref")
    ap.add_argument("--btf")
    ap.add_argument("--btf-missing")
    ap.add_argument("--kinds", default=",".join(["FEATURE_TAG"] + HELPER_KINDS),
                    help="the kinds to empty first (those this build renders); 'all' for every kind")
    ap.add_argument("--runs", type=int, default=3, help="timed runs of docs build --check on the rebuilt tree")
    ap.add_argument("--keep", action="store_true", help="keep the scratch folder")
    ap.add_argument("--data-dir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data"),
                    help="ksince's data/ folder: kfunc-gen.yaml names the removed kfuncs, whose pages "
                         "the reference never writes")
    a = ap.parse_args()
    kinds = ALL_KINDS if a.kinds == "all" else a.kinds.split(",")
    removed = set()
    tables = os.path.join(a.data_dir, "kfunc-gen.yaml")
    if os.path.exists(tables):
        import yaml
        removed = set(yaml.safe_load(open(tables)).get("removed") or [])
    ksince = os.path.abspath(a.ksince)

    tmp = tempfile.mkdtemp(prefix="ksince-docs-bench-")
    try:
        ref, work = os.path.join(tmp, "ref"), os.path.join(tmp, "work")
        for d in (ref, work):
            os.makedirs(d)
            archive = subprocess.run(["git", "--git-dir", a.docs_git, "archive", a.commit, "docs", "data"],
                                     capture_output=True, check=True).stdout
            subprocess.run(["tar", "-x", "-C", d], input=archive, check=True)
        docs = os.path.join(work, "docs")
        emptied = 0
        for dirpath, _, files in os.walk(docs):
            for f in files:
                if not f.endswith(".md"):
                    continue
                p = os.path.join(dirpath, f)
                rel = os.path.relpath(p, docs)
                with open(p, encoding="utf-8", newline="") as fh:
                    text = fh.read()
                new = text
                for k in kinds:
                    if k == "FEATURE_TAG":
                        if os.path.dirname(rel) in FEATURE_DIRS:
                            new = empty_feature_tags(new)
                    elif os.path.dirname(rel) == KIND_DIRS[k] and not (
                            k.startswith("KFUNC_") and os.path.basename(rel)[:-3] in removed):
                        new = empty_first_pair(new, k)
                if new != text:
                    emptied += 1
                    with open(p, "w", encoding="utf-8", newline="") as fh:
                        fh.write(new)
        print(f"emptied the generated blocks ({','.join(kinds)}) of {emptied} pages")

        db = os.path.join(tmp, "k.db")
        for data in ("feature-versions.yaml", "helpers-functions.yaml", "kfuncs.yaml"):
            r = run([ksince, "import", os.path.join(work, "data", data), "--db", db])
            first = (r.stdout or r.stderr).strip().splitlines()
            print(f"import {data}: exit {r.returncode}: {first[0] if first else ''}")

        cmd = [ksince, "docs", "build", "--root", docs, "--db", db]
        if a.libbpf:
            cmd += ["--libbpf", a.libbpf, "--libbpf-ref", a.libbpf_ref]
        if a.btf:
            cmd += ["--btf", a.btf]
            if a.btf_missing:
                cmd += ["--btf-missing", a.btf_missing]
        t0 = time.monotonic()
        r = run(cmd)
        build_s = time.monotonic() - t0
        warnings = [l for l in r.stderr.splitlines() if "warning:" in l]
        print(f"docs build: exit {r.returncode}, {build_s:.3f} s; {r.stdout.strip()}; {len(warnings)} warnings")
        if r.returncode != 0:
            print(r.stderr[-3000:])
        if os.environ.get("BENCH_SHOW_WARNINGS"):
            print("\n".join(warnings))

        equal, different, signature_only = 0, [], []
        for dirpath, _, files in os.walk(os.path.join(ref, "docs")):
            for f in files:
                p = os.path.join(dirpath, f)
                rel = os.path.relpath(p, os.path.join(ref, "docs"))
                q = os.path.join(docs, rel)
                with open(p, "rb") as x, open(q, "rb") as y:
                    want, got = x.read(), y.read()
                    if want == got:
                        equal += 1
                    elif only_signature_differs(want, got):
                        signature_only.append(rel)
                    else:
                        different.append(rel)
        for rel in sorted(signature_only):
            sig = lambda t: re.search(rb"\n`#!c ([^\n]*)`\n", t).group(1).decode()
            with open(os.path.join(ref, "docs", rel), "rb") as x, open(os.path.join(docs, rel), "rb") as y:
                print(f"SIGNATURE {rel}\n  committed (7.1 BTF): {sig(x.read())}\n  rendered (--btf):    {sig(y.read())}")
        for rel in sorted(different):
            print(f"DIFFERENT {rel}")
            if os.environ.get("BENCH_SHOW_DIFF"):
                print(run(["diff", "-u", os.path.join(ref, "docs", rel), os.path.join(docs, rel)]).stdout[:2000])
        times = []
        check_status = None
        for _ in range(a.runs):
            t0 = time.monotonic()
            c = run(cmd + ["--check"])
            times.append(time.monotonic() - t0)
            check_status = c.returncode
        print(f"files equal to the committed ones: {equal}; only the KFUNC_DEF signature differs: "
              f"{len(signature_only)}; otherwise different: {len(different)}")
        print(f"docs build --check: exit {check_status}; {min(times):.3f} s best of {a.runs}")
        return 0 if not different and r.returncode == 0 and check_status == 0 else 1
    finally:
        if a.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp)


if __name__ == "__main__":
    sys.exit(main())
