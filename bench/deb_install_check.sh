#!/usr/bin/env bash
# Installs the .deb scripts/package-deb.sh built, runs what it installed, and
# removes it, printing each command and its output (for bench/results/).
# Needs root. Usage: bench/deb_install_check.sh build-deb/ksince_*.deb
set -euo pipefail
deb="$1"
show() { echo "\$ $*"; "$@" 2>&1; echo "(exit $?)"; }
show dpkg-deb -f "$deb" Package Version Depends
show dpkg -i "$deb"
show ksince --version
show ksince query --version
show man -w ksince-query ksince-docs-build
show bash --norc -c '. /usr/share/bash-completion/completions/ksince; COMP_WORDS=(ksince export --format h); COMP_CWORD=3; _ksince; echo "${COMPREPLY[*]}"'
show dpkg -r ksince
show sh -c 'ls /usr/bin/ksince /usr/share/ksince /usr/share/man/man1/ksince.1 /usr/share/bash-completion/completions/ksince 2>&1 | sed "s/^/  /"; dpkg -s ksince >/dev/null 2>&1 && echo still installed || echo "not installed"'
