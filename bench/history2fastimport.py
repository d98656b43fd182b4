#!/usr/bin/env python3
"""Write a `git fast-import` stream (stdout) of a merge-heavy history between
consecutive release commits of a release repository (bench/make-kernel-repo.sh),
shaped like torvalds/linux: small commits on topic branches merged back into
the mainline, every release tag on a commit holding exactly the release tree.

The stream never carries a blob: files are given by their sha1 in the release
repository (`M 100644 <sha1> path`), so the importing repository must reach the
release repository's objects through objects/info/alternates.

For each pair of consecutive releases A -> B:
  * every path that differs (added, modified, deleted; no rename detection)
    is changed exactly once, by one small commit;
  * a commit changes 1..N files of ONE folder (N = --max-files), except the
    rare path that turns from a file into a folder or back: that path and
    everything below it change together in one commit (deletions first), so
    the tree stays valid at every commit;
  * commits are grouped into topic branches of 1..T commits (T = 30 / scale)
    by subsystem (first two path components), each forking from one of the
    last F mainline commits (F = 20 / scale) and merged back with a merge
    commit (the merge replays the topic's changes on the mainline tree, which
    is what `git merge` computes, as no two topics touch the same path);
  * order of paths, folders' chunks, topics and fork points: random, seeded;
  * the top-level Makefile (VERSION/PATCHLEVEL), if it changed, is held back
    for the mainline commit that gets the tag, like "Linux X.Y" upstream.
The oldest release is a root commit with its whole tree.  Committer dates rise
with stream order from one release's date to the next; tags copy the release
repository's tag messages and taggers.

Python 3 standard library only; runs `git` on the release repository.
"""
import argparse
import collections
import math
import random
import subprocess
import sys

AUTHORS = ["Alice Maintainer", "Bob Driver", "Carol Netdev", "Dan Filesystems",
           "Erin Scheduler", "Frank Arm", "Grace Bpf", "Heidi Usb", "Ivan Mm",
           "Judy Sound", "Karl Gpu", "Lena Docs"]
MERGER = "ksince bench <bench@ksince.invalid>"


def git(repo, *args):
    return subprocess.run(["git", "-C", repo, *args], check=True,
                          stdout=subprocess.PIPE).stdout


def quote_path(p: bytes) -> bytes:
    if not (p.startswith(b'"') or b"\n" in p):
        return p
    out = p.replace(b"\\", b"\\\\").replace(b'"', b'\\"').replace(b"\n", b"\\n")
    return b'"' + out + b'"'


def parse_object(raw: bytes):
    """headers dict (first occurrence) and message of a commit or tag."""
    head, _, msg = raw.partition(b"\n\n")
    hdr = {}
    for line in head.split(b"\n"):
        k, _, v = line.partition(b" ")
        hdr.setdefault(k, v)
    return hdr, msg


def ident_date(ident: bytes):
    """b'Name <mail> 1234 -0800' -> (b'Name <mail>', 1234, b'-0800')."""
    rest, ts, tz = ident.rsplit(b" ", 2)
    return rest, int(ts), tz


def changed_paths(repo, a, b):
    """[(path, mode or None for deletion, sha)] between commits a and b."""
    raw = git(repo, "diff-tree", "-r", "--no-renames", "--raw", "-z", a, b)
    f = raw.split(b"\0")
    out = []
    i = 0
    while i + 1 < len(f) and f[i]:
        meta = f[i][1:].split(b" ")       # ":om nm os ns S"
        path = f[i + 1]
        i += 2
        nmode, nsha, status = meta[1], meta[3], meta[4][:1]
        if status == b"D":
            out.append((path, None, None))
        else:
            if nmode == b"160000":
                sys.exit("history2fastimport: gitlink %r not supported" % path)
            out.append((path, nmode, nsha))
    return out


def dirname(p: bytes) -> bytes:
    return p.rpartition(b"/")[0]


def subsystem(p: bytes) -> bytes:
    return b"/".join(p.split(b"/")[:2]) if b"/" in p else b"top-level"


class Stream:
    def __init__(self, out):
        self.out = out
        self.mark = 0
        self.commits = 0
        self.merges = 0

    def data(self, payload: bytes):
        self.out.write(b"data %d\n" % len(payload))
        self.out.write(payload)
        self.out.write(b"\n")

    def commit(self, ref, author, committer, msg, changes, frm=None, merge=None):
        """changes: [(path, mode|None, sha)]; deletions are written first."""
        self.mark += 1
        w = self.out.write
        w(b"commit %s\nmark :%d\n" % (ref, self.mark))
        w(b"author %s\ncommitter %s\n" % (author, committer))
        self.data(msg)
        if frm is not None:
            w(b"from %s\n" % frm)
        if merge is not None:
            w(b"merge %s\n" % merge)
            self.merges += 1
        for path, mode, sha in changes:
            if mode is None:
                w(b"D %s\n" % quote_path(path))
        for path, mode, sha in changes:
            if mode is not None:
                w(b"M %s %s %s\n" % (mode, sha, quote_path(path)))
        w(b"\n")
        self.commits += 1
        return b":%d" % self.mark


def shuffled_runs(rng, items, most):
    """items shuffled in place, then cut into runs of 1..most (the same
    random calls in the same order, so a seed gives the same history)."""
    rng.shuffle(items)
    runs, i = [], 0
    while i < len(items):
        n = rng.randint(1, most)
        runs.append(items[i:i + n])
        i += n
    return runs

def plan_interval(rng, changes, max_files, max_topic):
    """-> (topics: [[commit changes]], held_back: [changes])"""
    changes = list(changes)
    held = [c for c in changes if c[0] == b"Makefile"]
    changes = [c for c in changes if c[0] != b"Makefile"]

    # Paths that are a file on one side and a folder on the other: the file
    # path p and every changed path below p/ go into one commit.
    paths = {c[0] for c in changes}
    special_roots = set()
    for p in paths:
        d = dirname(p)
        while d:
            if d in paths:
                special_roots.add(d)
            d = dirname(d)
    # keep only outermost roots
    roots = sorted(special_roots)
    outer = [r for r in roots
             if not any(r.startswith(o + b"/") for o in roots if o != r)]
    special = collections.defaultdict(list)
    normal = []
    for c in changes:
        for r in outer:
            if c[0] == r or c[0].startswith(r + b"/"):
                special[r].append(c)
                break
        else:
            normal.append(c)

    # commits: chunks of 1..N files of one folder
    by_dir = collections.defaultdict(list)
    for c in normal:
        by_dir[dirname(c[0])].append(c)
    commits = []
    for d in sorted(by_dir):
        commits += shuffled_runs(rng, by_dir[d], max_files)
    for r in sorted(special):
        commits.append(special[r])

    # topics: by subsystem, 1..T commits each
    by_sub = collections.defaultdict(list)
    for c in commits:
        by_sub[subsystem(c[0][0])].append(c)
    topics = []
    for s in sorted(by_sub):
        topics += shuffled_runs(rng, by_sub[s], max_topic)
    rng.shuffle(topics)
    return topics, held


def describe(commit_changes):
    d = dirname(commit_changes[0][0]) or b"top-level"
    n = len(commit_changes)
    kinds = {"D" if m is None else "M" for _, m, _ in commit_changes}
    verb = {frozenset("D"): b"remove", frozenset("M"): b"update"}.get(frozenset(kinds), b"rework")
    return b"%s: %s %d file%s" % (d, verb, n, b"" if n == 1 else b"s")


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("release_repo")
    ap.add_argument("tags", nargs="+", help="release tags, oldest first")
    ap.add_argument("--max-files", type=int, default=8)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--scale", type=float, default=1.0,
                    help="divide topic length (30) and fork distance (20) by this")
    ap.add_argument("--ref", default="refs/heads/master")
    ap.add_argument("--topic-ref", default="refs/heads/ksince-bench-topic")
    args = ap.parse_args()
    if args.max_files < 1 or args.scale <= 0:
        sys.exit("history2fastimport: --max-files >= 1 and --scale > 0 needed")
    max_topic = max(1, math.ceil(30 / args.scale))
    max_fork = max(1, math.ceil(20 / args.scale))

    repo = args.release_repo
    ref = args.ref.encode()
    topic_ref = args.topic_ref.encode()
    s = Stream(sys.stdout.buffer)
    w = s.out.write
    w(b"feature done\n")

    rels = []
    for t in args.tags:
        tag_hdr, tag_msg = parse_object(git(repo, "cat-file", "tag", t))
        commit = git(repo, "rev-parse", t + "^{commit}").strip()
        c_hdr, c_msg = parse_object(git(repo, "cat-file", "commit", commit.decode()))
        rels.append(dict(tag=t.encode(), commit=commit, tree=c_hdr[b"tree"],
                         author=c_hdr[b"author"], committer=c_hdr[b"committer"],
                         msg=c_msg, tagger=tag_hdr[b"tagger"], tag_msg=tag_msg))

    def emit_tag(rel, mark):
        w(b"tag %s\nfrom %s\ntagger %s\n" % (rel["tag"], mark, rel["tagger"]))
        s.data(rel["tag_msg"])

    r0 = rels[0]
    w(b"reset %s\n\n" % ref)
    m = s.commit(ref, r0["author"], r0["committer"], r0["msg"],
                 [(b"", b"040000", r0["tree"])])
    emit_tag(r0, m)
    mainline = [m]

    for a, b in zip(rels, rels[1:]):
        rng = random.Random("%d:%s" % (args.seed, b["tag"].decode()))
        c0, m0 = s.commits, s.merges
        topics, held = plan_interval(rng, changed_paths(repo, a["commit"].decode(),
                                                        b["commit"].decode()),
                                     args.max_files, max_topic)
        _, t_a, _ = ident_date(a["committer"])
        _, t_b, tz = ident_date(b["committer"])
        total = sum(len(t) + 1 for t in topics) + 1
        step = [0]

        def stamp(who):
            step[0] += 1
            t = t_a + (t_b - t_a) * step[0] // (total + 1)
            return b"%s %d %s" % (who, t, tz)

        for k, topic in enumerate(topics):
            back = rng.randint(0, min(len(mainline) - 1, max_fork - 1))
            fork = mainline[-1 - back]
            name = b"%s-%d" % (subsystem(topic[0][0][0]).replace(b"/", b"-"), k)
            w(b"reset %s\nfrom %s\n\n" % (topic_ref, fork))
            tip = fork
            for cc in topic:
                who = rng.choice(AUTHORS).encode()
                ident = b"%s <%s@ksince.invalid>" % (who, who.split()[0].lower())
                stmp = stamp(ident)
                tip = s.commit(topic_ref, stmp, stmp,
                               describe(cc) + b"\n\nksince bench history, topic %s.\n" % name,
                               cc)
            merged = [c for cc in topic for c in cc]
            stmp = stamp(MERGER.encode())
            m = s.commit(ref, stmp, stmp,
                         b"Merge branch '%s'\n\n%d commit%s, %d files.\n"
                         % (name, len(topic), b"" if len(topic) == 1 else b"s", len(merged)),
                         merged, merge=tip)
            mainline.append(m)
        # the release commit: the held-back Makefile (or nothing), b's identity
        m = s.commit(ref, b["author"], b["committer"], b["msg"], held)
        mainline.append(m)
        emit_tag(b, m)
        print("history2fastimport: %s..%s: %d commits, %d merges, %d topics"
              % (a["tag"].decode(), b["tag"].decode(), s.commits - c0, s.merges - m0,
                 len(topics)), file=sys.stderr)

    w(b"reset %s\nfrom %s\n\n" % (topic_ref, b"0" * 40))
    w(b"done\n")
    s.out.flush()
    print("history2fastimport: total %d commits, %d merges" % (s.commits, s.merges),
          file=sys.stderr)


if __name__ == "__main__":
    main()
