# fish completion for ksince. Install as
# /usr/share/fish/vendor_completions.d/ksince.fish. Indexed names (query,
# show, history) come from `ksince __complete-names`, which reads the index named by --db.

set -l ksince_cmds index query show history compat export status import check docs version

function __ksince_names
    set -l db ksince.db
    set -l words (commandline -opc)
    for i in (seq (count $words))
        if test "$words[$i]" = --db; and test $i -lt (count $words)
            set db $words[(math $i + 1)]
        end
    end
    ksince __complete-names --db $db (commandline -ct) 2>/dev/null
end

complete -c ksince -f
complete -c ksince -n "not __fish_seen_subcommand_from $ksince_cmds" -a index -d "scan a repository's release tags"
complete -c ksince -n "not __fish_seen_subcommand_from $ksince_cmds" -a query -d "what the index knows about names"
complete -c ksince -n "not __fish_seen_subcommand_from $ksince_cmds" -a show -d "the evidence for a name"
complete -c ksince -n "not __fish_seen_subcommand_from $ksince_cmds" -a history -d "when a definition changed"
complete -c ksince -n "not __fish_seen_subcommand_from $ksince_cmds" -a compat -d "what changed in what a module uses"
complete -c ksince -n "not __fish_seen_subcommand_from $ksince_cmds" -a export -d "write the data file"
complete -c ksince -n "not __fish_seen_subcommand_from $ksince_cmds" -a status -d "what is indexed"
complete -c ksince -n "not __fish_seen_subcommand_from $ksince_cmds" -a import -d "load a docs data file as facts"
complete -c ksince -n "not __fish_seen_subcommand_from $ksince_cmds" -a check -d "validate the facts"
complete -c ksince -n "not __fish_seen_subcommand_from $ksince_cmds" -a docs -d "write the docs site's generated blocks"
complete -c ksince -n "not __fish_seen_subcommand_from $ksince_cmds" -a version -d "the versions of ksince"
complete -c ksince -n "not __fish_seen_subcommand_from $ksince_cmds" -l version -d "print the versions"
complete -c ksince -s h -l help -d "show the help"
complete -c ksince -n "__fish_seen_subcommand_from index query show history compat export status import check docs" -l db -r -F -d "the index file"

complete -c ksince -n "__fish_seen_subcommand_from index" -l repo -r -a "(__fish_complete_directories)" -d "the git repository"
complete -c ksince -n "__fish_seen_subcommand_from index" -l patterns -r -F -d "the patterns file"
complete -c ksince -n "__fish_seen_subcommand_from index" -s j -l jobs -x -d "threads"
complete -c ksince -n "__fish_seen_subcommand_from index" -l tag-order -x -a "version date" -d "tag order"
complete -c ksince -n "__fish_seen_subcommand_from index" -l rc -d "also index release candidates"
complete -c ksince -n "__fish_seen_subcommand_from index" -l no-facts -d "do not derive facts"
complete -c ksince -n "__fish_seen_subcommand_from index" -l identifiers -d "index every identifier of the tree too"
complete -c ksince -n "__fish_seen_subcommand_from index" -l no-shapes -d "identifiers without their definitions' shapes"
complete -c ksince -n "__fish_seen_subcommand_from index" -l identifier-files -x -d "the identifier index's files, as pathspecs"
complete -c ksince -n "__fish_seen_subcommand_from index" -l series -x -d "the point releases of stable series: a regex with named groups"
complete -c ksince -n "__fish_seen_subcommand_from index query show history compat status" -l json -d "print JSON"

complete -c ksince -n "__fish_seen_subcommand_from query" -l helpers -d "the helpers of a program or map type"
complete -c ksince -n "__fish_seen_subcommand_from query" -l kfuncs -d "the kfuncs of a program type"
complete -c ksince -n "__fish_seen_subcommand_from query" -l limit -x -d "a glob lists at most this many identifiers"
complete -c ksince -n "__fish_seen_subcommand_from query" -l names-from -r -F -d "identifiers one per line: the kernel they all need"
complete -c ksince -n "__fish_seen_subcommand_from query" -l identifiers-of -r -F -d "the identifiers a C file uses: the kernel it needs"
complete -c ksince -n "__fish_seen_subcommand_from query" -l series -x -d "only this stable series"
complete -c ksince -n "__fish_seen_subcommand_from query" -l kernel -x -d "is each name there at this kernel version"
complete -c ksince -n "__fish_seen_subcommand_from query" -l upstream -x -d "which point of each series took this mainline commit"
complete -c ksince -n "__fish_seen_subcommand_from history compat" -l repo -r -a "(__fish_complete_directories)" -d "the repository"
complete -c ksince -n "__fish_seen_subcommand_from compat" -l from -x -d "the oldest kernel the module builds against"
complete -c ksince -n "__fish_seen_subcommand_from compat" -l to -x -d "the newest kernel"
complete -c ksince -n "__fish_seen_subcommand_from compat" -l arch -x -d "whose arch headers are part of the API"
complete -c ksince -n "__fish_seen_subcommand_from compat" -F
complete -c ksince -n "__fish_seen_subcommand_from history" -l arch -x -d "whose arch headers are part of the API"
complete -c ksince -n "__fish_seen_subcommand_from history" -l series -x -d "the changes within this stable series"
complete -c ksince -n "__fish_seen_subcommand_from history" -l commit -d "the commit of each change"
complete -c ksince -n "__fish_seen_subcommand_from show" -l repo -r -a "(__fish_complete_directories)" -d "the repository"
complete -c ksince -n "__fish_seen_subcommand_from show" -l series -x -d "only this stable series"
complete -c ksince -n "__fish_seen_subcommand_from show" -l commit -d "the commit that introduced an identifier's definition"
complete -c ksince -n "__fish_seen_subcommand_from query export check" -l at -x -d "at this tag"
complete -c ksince -n "__fish_seen_subcommand_from query show history" -a "(__ksince_names)"

complete -c ksince -n "__fish_seen_subcommand_from export" -l format -x -a "yaml json helpers-functions kfuncs bpf-helper-defs"
complete -c ksince -n "__fish_seen_subcommand_from export" -l from -x -a "imported derived"
complete -c ksince -n "__fish_seen_subcommand_from export" -s o -l out -r -F -d "write here"
complete -c ksince -n "__fish_seen_subcommand_from export" -l series -d "each feature's answer per stable series too"

complete -c ksince -n "__fish_seen_subcommand_from import" -l prefer -x -a "imported computed"
complete -c ksince -n "__fish_seen_subcommand_from import" -F

complete -c ksince -n "__fish_seen_subcommand_from check" -l docs -r -a "(__fish_complete_directories)"
complete -c ksince -n "__fish_seen_subcommand_from check" -l against -r -F

complete -c ksince -n "__fish_seen_subcommand_from docs; and not __fish_seen_subcommand_from build tags timeline" -a "build tags timeline"
complete -c ksince -n "__fish_seen_subcommand_from build tags" -l root -r -a "(__fish_complete_directories)"
complete -c ksince -n "__fish_seen_subcommand_from build tags" -l check -d "change nothing; list what would change"
complete -c ksince -n "__fish_seen_subcommand_from build" -l libbpf -r -a "(__fish_complete_directories)"
complete -c ksince -n "__fish_seen_subcommand_from build" -l libbpf-ref -x
complete -c ksince -n "__fish_seen_subcommand_from build" -l btf -r -F
complete -c ksince -n "__fish_seen_subcommand_from build" -l btf-missing -x -a "error keep"
complete -c ksince -n "__fish_seen_subcommand_from build" -l helper-defs-from-index
complete -c ksince -n "__fish_seen_subcommand_from build" -l helper-defs-at -x
complete -c ksince -n "__fish_seen_subcommand_from build" -l from -x -a "imported derived"
complete -c ksince -n "__fish_seen_subcommand_from build" -l at -x -d "with --from derived: at this tag"
complete -c ksince -n "__fish_seen_subcommand_from build" -l conditions -d "with --from derived: each pair's conditions"
complete -c ksince -n "__fish_seen_subcommand_from build" -l report -r -F -d "what a derived build changes"
complete -c ksince -n "__fish_seen_subcommand_from build" -l create-missing -d "create the pages the site lacks"
complete -c ksince -n "__fish_seen_subcommand_from build" -l backports -d "a note of the backports under each FEATURE_TAG"
complete -c ksince -n "__fish_seen_subcommand_from build" -l data-dir -r -a "(__fish_complete_directories)"
complete -c ksince -n "__fish_seen_subcommand_from timeline" -l out -r -F
complete -c ksince -n "__fish_seen_subcommand_from index build" -s q -l quiet -d "only warnings and errors"
complete -c ksince -n "__fish_seen_subcommand_from index build" -s v -l verbose -d "also where the time went"
