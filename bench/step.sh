# Sourced by the bench's repository builders: `step NAME CMD...` runs CMD and
# prints how long it took.
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }
step() {
    local name=$1 t0=$EPOCHREALTIME; shift
    echo "==> $name"
    "$@"
    printf '    %-24s %6ss\n' "$name" "$(since "$t0")"
}
