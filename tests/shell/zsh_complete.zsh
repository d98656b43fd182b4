#!/usr/bin/env zsh
# zsh_complete.zsh FPATH_DIR LINE: the matches zsh's completion system offers
# at the end of LINE, sorted, one a line. Completion runs only inside zle, so
# this drives an interactive zsh on a pseudo-terminal (zsh/zpty) and records
# what the completion functions pass to compadd, filtered by zsh itself (-A).
emulate -L zsh
zmodload zsh/zpty || exit 2
local dir=$1 cmdline=$2 setup=${TMPDIR:-/tmp}/zsh_complete.$$ out
cat > $setup <<SETUP
PS1= PS2= RPS1=
fpath=(${(q)dir} \$fpath)
autoload -Uz compinit && compinit -u -D
# Matches only: a call that filters into an array (-O, -A, -D) is the
# completion system's own bookkeeping and goes through unchanged.
compadd() {
  if [[ \${@[1,(i)(-|--)]} == *-(O|A|D)\\ * ]]; then builtin compadd "\$@"; return; fi
  local -a ksc_hits
  builtin compadd -A ksc_hits "\$@"
  local h; for h in \$ksc_hits; do print -r -- "<ksc>\$h</ksc>"; done
}
ksc_end() { print -r -- "<ksc-end>"; exit }
comppostfuncs=(ksc_end)
bindkey '^I' complete-word
print -r -- "<ksc-""ready>"
SETUP
zpty z zsh -f -i
zpty -w z "source ${(q)setup}"
zpty -r z out '*<ksc-ready>*' || { rm -f $setup; exit 2 }
zpty -w -n z "$cmdline"$'\t'
zpty -r z out '*<ksc-end>*'
rm -f $setup
zpty -d z
# Each match is "<ksc>MATCH</ksc>", maybe after the echoed command line.
local -a hits=(${(M)${(f)${out//$'\r'/}//<ksc>/$'\n'<ksc>}:#<ksc>*</ksc>})
hits=(${${hits#<ksc>}%</ksc>})
(( $#hits == 0 )) || print -rl -- ${(ou)hits}
