# Shared by the shell tests (CTest runs them with the binary and the source
# folder): a real git repository with a tag, a patterns file and an index.
set -euo pipefail
KSINCE="$(realpath "$1")"
SRC="$(realpath "$2")"
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null ASAN_OPTIONS=detect_leaks=0
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
FAILS=0

fail() { echo "FAIL: $*" >&2; FAILS=$((FAILS + 1)); }
# expect_eq WHAT EXPECTED ACTUAL
expect_eq() { [ "$2" = "$3" ] || fail "$1: expected [$2], got [$3]"; }
# expect_has WHAT NEEDLE HAYSTACK
expect_has() { case "$3" in *"$2"*) ;; *) fail "$1: [$2] not in [$3]";; esac; }
finish() { [ "$FAILS" -eq 0 ] && echo "ok" || { echo "$FAILS failures" >&2; exit 1; }; }

# $TMP/repo: include/a.h at v1.0 holds bpf_loop, bpf_timer_init and a word
# that no pattern names; the index $TMP/k.db knows the two patterns.
make_index() {
  git init -q "$TMP/repo"
  mkdir -p "$TMP/repo/include"
  printf 'long bpf_loop(void);\nint KS_ONLY_IN_REPO;\nlong bpf_timer_init(void);\n' > "$TMP/repo/include/a.h"
  git -C "$TMP/repo" add -A
  GIT_AUTHOR_DATE=@1500000000 GIT_COMMITTER_DATE=@1500000000 \
    git -C "$TMP/repo" -c user.name=t -c user.email=t@t commit -q -m one
  git -C "$TMP/repo" -c user.name=t -c user.email=t@t tag -a -m v1.0 v1.0
  cat > "$TMP/p.yaml" <<'YAML'
files: [include/*]
tags: ['^v1']
patterns:
  - name: helpers
    patterns:
      - name: bpf_loop
      - name: bpf_timer_init
YAML
  "$KSINCE" index --repo "$TMP/repo" --patterns "$TMP/p.yaml" --db "$TMP/k.db" >/dev/null
}
