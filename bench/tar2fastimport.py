#!/usr/bin/env python3
"""Convert an uncompressed tar stream (stdin) into a `git fast-import` stream
(stdout) holding ONE commit whose tree is exactly the tar's contents, plus an
annotated tag pointing at it.

Why: a kernel tarball has ~80k files; streaming tar entries straight into
fast-import avoids writing them all to disk and running `git add` on them.

  * The leading directory (--strip, e.g. "linux-source-6.1") is removed; an
    entry outside it is an error, so a surprising tarball layout is noticed.
  * Regular files -> 100644, or 100755 if any exec bit is set.
  * Symlinks      -> 120000, blob content = link target.
  * Hard links    -> same blob (and mode) as their target.
  * Directories and anything else (devices, fifos) are skipped.
  * The commit starts with `deleteall`, so with --parent it is a full tree
    replacement rather than an overlay on the parent's tree.

Python 3 standard library only.
"""
import argparse
import sys
import tarfile


def quote_path(p: bytes) -> bytes:
    # fast-import takes the rest of the line as the path unless it starts
    # with '"'; a path starting with '"' or containing LF must be C-quoted.
    if not (p.startswith(b'"') or b"\n" in p):
        return p
    out = p.replace(b"\\", b"\\\\").replace(b'"', b'\\"').replace(b"\n", b"\\n")
    return b'"' + out + b'"'


def data(out, payload: bytes):
    out.write(b"data %d\n" % len(payload))
    out.write(payload)
    out.write(b"\n")


def ident(s: str) -> bytes:
    # "Name <email> <epoch> <tz>"  (fast-import's default "raw" date format)
    return s.encode("utf-8")


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--strip", required=True,
                    help="leading directory to remove, e.g. linux-source-6.1")
    ap.add_argument("--ref", default="refs/heads/master")
    ap.add_argument("--parent", help="commit-ish to use as parent (e.g. refs/heads/master^0)")
    ap.add_argument("--tag", required=True, help="annotated tag name, e.g. v6.1")
    ap.add_argument("--tag-message", required=True)
    ap.add_argument("--message", required=True, help="commit message")
    ap.add_argument("--ident", required=True,
                    help='"Name <email>" used as author, committer and tagger')
    ap.add_argument("--date", required=True, help='raw git date, e.g. "1670796900 -0800"')
    args = ap.parse_args()

    out = sys.stdout.buffer
    prefix = args.strip.rstrip("/") + "/"
    who = ident("%s %s" % (args.ident, args.date))

    # "feature done": fast-import fails if the stream ends without "done",
    # so a crash of this script can never yield a silently truncated commit.
    out.write(b"feature done\n")

    files = []      # (mode, mark, path) in tar order
    by_name = {}    # tar member name -> (mode, mark), for hard links
    mark = 0
    skipped = 0
    # mode "r|" = pure streaming: stdin is a pipe, members are read in order.
    with tarfile.open(fileobj=sys.stdin.buffer, mode="r|") as tar:
        for m in tar:
            name = m.name
            if name == prefix.rstrip("/") or name == prefix.rstrip("/") + "/.":
                continue
            if not name.startswith(prefix):
                sys.exit("tar2fastimport: entry %r is outside %r" % (name, prefix))
            path = name[len(prefix):].rstrip("/")
            if not path:
                continue
            if m.isreg():
                payload = tar.extractfile(m).read()
                mode = b"100755" if m.mode & 0o111 else b"100644"
            elif m.issym():
                payload = m.linkname.encode("utf-8", "surrogateescape")
                mode = b"120000"
            elif m.islnk():
                target = by_name.get(m.linkname)
                if target is None:
                    sys.exit("tar2fastimport: hard link %r -> unknown %r" % (name, m.linkname))
                files.append((target[0], target[1], path.encode("utf-8", "surrogateescape")))
                by_name[name] = target
                continue
            else:
                if not m.isdir():
                    skipped += 1
                continue
            mark += 1
            out.write(b"blob\nmark :%d\n" % mark)
            data(out, payload)
            files.append((mode, mark, path.encode("utf-8", "surrogateescape")))
            by_name[name] = (mode, mark)

    commit_mark = mark + 1
    out.write(b"commit %s\nmark :%d\n" % (args.ref.encode(), commit_mark))
    out.write(b"author " + who + b"\n")
    out.write(b"committer " + who + b"\n")
    data(out, args.message.encode("utf-8") + b"\n")
    if args.parent:
        out.write(b"from %s\n" % args.parent.encode())
    out.write(b"deleteall\n")
    for mode, mk, path in files:
        out.write(b"M %s :%d %s\n" % (mode, mk, quote_path(path)))
    out.write(b"\n")

    out.write(b"tag %s\nfrom :%d\n" % (args.tag.encode(), commit_mark))
    out.write(b"tagger " + who + b"\n")
    data(out, args.tag_message.encode("utf-8") + b"\n")
    out.write(b"done\n")
    out.flush()

    # Summary on stderr so the caller can cross-check against ls-tree.
    print("tar2fastimport: %s: %d paths (%d blobs), %d special entries skipped"
          % (args.tag, len(files), mark, skipped), file=sys.stderr)


if __name__ == "__main__":
    main()
