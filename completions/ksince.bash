# bash completion for ksince. Needs nothing but bash (no bash-completion
# package): source it, or install it as
# /usr/share/bash-completion/completions/ksince.
# Indexed names (query, show, history) come from `ksince __complete-names`, which reads
# the index named by --db (default ksince.db).

_ksince_options() {
  case "$1" in
    index)  echo "--repo --patterns --jobs -j --tag-order --rc --no-facts --identifiers --no-shapes --identifier-files --series --json --quiet -q --verbose -v --db --help" ;;
    query)  echo "--json --helpers --kfuncs --at --limit --names-from --identifiers-of --series --kernel --upstream --db --help" ;;
    show)   echo "--json --repo --series --commit --db --help" ;;
    history) echo "--json --repo --arch --series --commit --db --help" ;;
    compat) echo "--from --to --arch --json --repo --db --help" ;;
    export) echo "--format --from --at --series --out -o --db --help" ;;
    status) echo "--json --db --help" ;;
    import) echo "--prefer --db --help" ;;
    check)  echo "--docs --against --at --db --help" ;;
    "docs build") echo "--root --libbpf --libbpf-ref --btf --btf-missing --helper-defs-from-index --helper-defs-at --from --at --conditions --report --create-missing --backports --check --data-dir --quiet -q --verbose -v --db --help" ;;
    "docs tags") echo "--root --check --db --help" ;;
    "docs timeline") echo "--out --db --help" ;;
    docs)   echo "--help" ;;
    version) echo "" ;;
  esac
}

_ksince() {
  local cur prev cmd="" sub="" db="" i w
  cur="${COMP_WORDS[COMP_CWORD]}"
  prev=""
  [ "$COMP_CWORD" -gt 0 ] && prev="${COMP_WORDS[COMP_CWORD-1]}"
  COMPREPLY=()
  # The command (and docs' subcommand), and --db if given before the cursor.
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="${COMP_WORDS[i]}"
    if [ -z "$cmd" ] && [[ "$w" != -* ]]; then
      cmd="$w"
    elif [ "$cmd" = docs ] && [ -z "$sub" ] && [[ "$w" != -* ]]; then
      sub="$w"
    fi
    if [ "$w" = --db ] && [ $((i + 1)) -lt "$COMP_CWORD" ]; then db="${COMP_WORDS[i+1]}"; fi
  done
  if [ -z "$cmd" ]; then
    COMPREPLY=($(compgen -W "index query show history compat export status import check docs version --help --version" -- "$cur"))
    return 0
  fi
  # Option values.
  case "$prev" in
    --format) COMPREPLY=($(compgen -W "yaml json helpers-functions kfuncs bpf-helper-defs" -- "$cur")); return 0 ;;
    --tag-order) COMPREPLY=($(compgen -W "version date" -- "$cur")); return 0 ;;
    --from) [ "$cmd" = compat ] && return 0; COMPREPLY=($(compgen -W "imported derived" -- "$cur")); return 0 ;;
    --prefer) COMPREPLY=($(compgen -W "imported computed" -- "$cur")); return 0 ;;
    --btf-missing) COMPREPLY=($(compgen -W "error keep" -- "$cur")); return 0 ;;
    --repo|--root|--docs|--libbpf|--data-dir) COMPREPLY=($(compgen -d -- "$cur")); return 0 ;;
    --db|--patterns|--out|-o|--btf|--against|--names-from|--identifiers-of) COMPREPLY=($(compgen -f -- "$cur")); return 0 ;;
    --jobs|-j|--at|--libbpf-ref|--helper-defs-at|--series|--kernel|--upstream|--arch|--to) return 0 ;;
  esac
  if [ "$cmd" = docs ] && [ -z "$sub" ] && [[ "$cur" != -* ]]; then
    COMPREPLY=($(compgen -W "build tags timeline" -- "$cur"))
    return 0
  fi
  local key="$cmd"
  [ -n "$sub" ] && key="$cmd $sub"
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$(_ksince_options "$key")" -- "$cur"))
    return 0
  fi
  case "$cmd" in
    query|show|history)
      local names
      names="$("${COMP_WORDS[0]}" __complete-names ${db:+--db "$db"} "$cur" 2>/dev/null)"
      COMPREPLY=($(compgen -W "$names" -- "$cur"))
      ;;
    import|compat) COMPREPLY=($(compgen -f -- "$cur")) ;;
  esac
  return 0
}
complete -F _ksince ksince
