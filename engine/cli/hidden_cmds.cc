// `ksince version`, and the two hidden commands: names for the shell
// completions, and man pages rendered from --help for the build.
#include <cstdio>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "cli/man_roff.h"
#include "pipeline/about.h"
#include "store/known_names.h"
#include "store/store.h"

namespace ksince::cli {

// `ksince version`, and --version anywhere: the release and the versions an
// existing index is judged by.
int cmd_version() {
  std::cout << version_report(KSINCE_VERSION);
  return 0;
}

// Hidden, for the shell completions: the indexed names starting with PREFIX,
// one a line. Quiet on any error (a missing index completes nothing).
int cmd_complete_names(const std::vector<std::string>& args) {
  std::string db = "ksince.db", prefix;
  for (size_t i = 0; i < args.size(); i++) {
    if (args[i] == "--db" && i + 1 < args.size()) db = args[++i];
    else if (args[i].rfind("--db=", 0) == 0) db = args[i].substr(5);
    else prefix = args[i];
  }
  try {
    Store store(db, Store::Mode::ReadOnly);
    for (const std::string& n : names_with_prefix(store, prefix, 500)) std::printf("%s\n", n.c_str());
  } catch (const std::exception&) {
  }
  return 0;
}

// Hidden, for the build: the man page of `ksince WORDS...`, rendered from the
// text `ksince WORDS... --help` prints.
int cmd_man(const std::vector<std::string>& words) {
  auto help_of = [](std::vector<std::string> a) {
    std::ostringstream text;
    std::streambuf* old = std::cout.rdbuf(text.rdbuf());
    a.push_back("--help");
    run_command(a);
    std::cout.rdbuf(old);
    return text.str();
  };
  ManPage page;
  page.release = std::string("ksince ") + KSINCE_VERSION;
  page.help = help_of(words);
  page.name = "ksince";
  for (const std::string& w : words) page.name += "-" + w;
  if (words.empty()) {
    page.summary = "since which release a name exists in a git repository, and which commit added it";
    page.see_also = "\\fBksince\\-patterns\\fR(5)";
    for (const char* c : {"index", "query", "show", "history", "compat", "export", "status", "import", "check", "docs"})
      page.see_also += std::string(",\n\\fBksince\\-") + c + "\\fR(1)";
  } else {
    std::vector<std::string> parent(words.begin(), words.end() - 1);
    page.summary = help_item(help_of(parent), words.back());
    if (page.summary.empty()) page.summary = "the ksince " + words.back() + " command";
    page.see_also = "\\fBksince\\fR(1)";
    if (words[0] == "index") page.see_also += ", \\fBksince\\-patterns\\fR(5)";
  }
  std::cout << render_man_page(page);
  return 0;
}

}  // namespace ksince::cli
