// The ksince command line: picks the command, runs it, and is the one place
// where errors become messages and exit statuses (options.h).
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "cli/commands.h"
#include "cli/options.h"
#include "cli/terminal.h"
#include "util/error.h"

namespace ksince::cli {

namespace {

const char* kUsage = R"(ksince: since which release does a name exist in a git repository, and which
commit added it. Answers for thousands of names at once, kept in one SQLite file.

usage: ksince <command> [options]

commands:
  index    scan a repository's release tags for a patterns file's names
  query    print what the index knows about names
  show     the evidence for a name: commit, file and line, tag range
  history  when a definition changed: parameters, members, types, exports
  compat   what changed between two kernels in what a module's sources use
  export   write the data file (YAML or JSON) a docs build reads
  status   what is indexed: repository, tags, last run, pending work
  import   load a docs data file (feature-versions, helpers-functions, kfuncs) as facts
  check    validate the facts: versions, commits against the repository, markers
  docs     write the docs site's generated blocks (docs build, docs tags) and timeline
  version  print the versions of ksince, of its index schema and of its matching

Every command takes --db FILE (default: ksince.db in the current folder).
`ksince <command> --help` lists its options, with examples.

examples:
  ksince index --repo ~/src/linux --patterns patterns/ebpf.yaml
  ksince query BPF_PROG_TYPE_XDP bpf_loop
  ksince show BPF_PROG_TYPE_XDP
  ksince history class_create
  ksince compat mydriver/ --from v5.10
  ksince export --format yaml --out data/feature-versions.yaml
  ksince docs build --root ../ebpf-docs/docs
)";

// What a command printed must have reached its reader: a full disk or a
// closed file behind stdout is an error, not a silently short data file.
int stdout_checked(int status) {
  errno = 0;
  std::cout.flush();
  if (std::fflush(stdout) == 0 && !std::ferror(stdout) && std::cout.good()) return status;
  std::fprintf(stderr, "ksince: error: writing to standard output failed: %s; the output is incomplete\n",
               errno ? std::strerror(errno) : "write error");
  return kError;
}

}  // namespace

int run_command(std::vector<std::string> args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kUsage;
    return args.empty() ? kError : 0;
  }
  if (args[0] == "--version" || args[0] == "version" ||
      std::find(args.begin(), args.end(), std::string("--version")) != args.end())
    return cmd_version();
  if (args[0] == "__complete-names") return cmd_complete_names({args.begin() + 1, args.end()});
  if (args[0] == "__man") return cmd_man({args.begin() + 1, args.end()});
  std::string cmd = args[0];
  args.erase(args.begin());
  try {
    if (cmd == "index") return cmd_index(args);
    if (cmd == "query") return cmd_query(args);
    if (cmd == "export") return cmd_export(args);
    if (cmd == "show") return cmd_show(args);
    if (cmd == "history") return cmd_history(args);
    if (cmd == "compat") return cmd_compat(args);
    if (cmd == "status") return cmd_status(args);
    if (cmd == "import") return cmd_import(args);
    if (cmd == "check") return cmd_check(args);
    if (cmd == "docs") return cmd_docs(args);
    std::fprintf(stderr, "ksince: unknown command '%s'; see `ksince --help`\n", cmd.c_str());
    return kError;
  } catch (const UsageError& e) {
    std::fprintf(stderr, "ksince %s: %s; see `ksince %s --help`\n", cmd.c_str(), e.what(), cmd.c_str());
    return kError;
  } catch (const InputError& e) {  // the library names the option; its flag is --OPTION
    std::fprintf(stderr, "ksince %s: --%s: %s; see `ksince %s --help`\n", cmd.c_str(), e.option().c_str(), e.what(),
                 cmd.c_str());
    return kError;
  } catch (const Error& e) {
    std::fprintf(stderr, "ksince: %s %s\n", paint("1;31", "error:", colour_on(2)).c_str(), e.what());
    return kError;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ksince: internal error: %s\n", e.what());
    return kError;
  }
}

}  // namespace ksince::cli

int main(int argc, char** argv) {
  using namespace ksince::cli;
  return stdout_checked(run_command({argv + 1, argv + argc}));
}
