// `ksince history NAME`: when a definition's shape changed.
#include <cstdio>
#include <iostream>

#include "cli/answer_text.h"
#include "cli/commands.h"
#include "cli/options.h"
#include "idents/ident_history.h"
#include "idents/shape_commit.h"
#include "util/progress.h"
#include "repo/repo.h"
#include "store/store.h"
#include "util/error.h"

namespace ksince::cli {

namespace {

std::string places(const std::vector<ShapeAt>& at) {
  std::string out;
  for (size_t i = 0; i < at.size() && i < 3; i++) out += (i ? ", " : "") + at[i].path + ":" + std::to_string(at[i].line);
  if (at.size() > 3) out += cat(" and ", at.size() - 3, " more");
  return out;
}

void print_history(const IdentHistory& h) {
  std::string shown = h.member.empty() ? h.name : h.name + "." + h.member;
  std::printf("%s: %zu change%s over %s..%s (API: include/, arch/%s/include/)\n", shown.c_str(), h.changes.size(),
              h.changes.size() == 1 ? "" : "s", h.tags.front().c_str(), h.tags.back().c_str(), h.arch.c_str());
  for (const HistoryChange& c : h.changes) {
    std::string head = "(" + c.prev + ", " + c.version + "]  " + c.what;
    if (!c.detail.empty()) head += " (" + c.detail + ")";
    if (c.aspect != "definition" && c.aspect != "export" && c.aspect != "member") head += "  in " + c.aspect;
    std::printf("  %s\n", head.c_str());
    if (!c.old_shape.empty()) std::printf("      old  %s   %s\n", c.old_shape.c_str(), places(c.old_at).c_str());
    if (!c.new_shape.empty()) std::printf("      new  %s   %s\n", c.new_shape.c_str(), places(c.new_at).c_str());
    if (c.searched)
      std::printf("      commit %s\n", c.commit.empty() ? "(none found: the history is cut)"
                                         : (c.commit + (c.exact ? "" : " (not exact: see docs/commits.md)")).c_str());
  }
}

}  // namespace

int cmd_history(const std::vector<std::string>& args) {
  std::string db, name, repo, arch = "x86", series;
  bool json = false, commit = false;
  po::options_description opts("history options");
  opts.add_options()("name", po::value(&name), "the name, or `struct S.member` (`union U.member`)")
      ("json", po::bool_switch(&json), "print JSON")
      ("repo", po::value(&repo), "the repository (default: the one the index records)")
      ("arch", po::value(&arch), "whose arch/ARCH/include/ headers are part of the API (default x86)")
      ("series", po::value(&series), "the changes within this stable series' points (X.Y or X.Y.y), from its base")
      ("commit", po::bool_switch(&commit), "find each change's commit (searched once under the index lock, then "
       "stored)");
  add_db(opts, db);
  po::positional_options_description pos;
  pos.add("name", 1);
  po::variables_map vm;
  if (!parse(args, opts, &pos, vm, "usage: ksince history NAME [--db FILE] [--json] [--arch ARCH] [--series X.Y] [--commit] [--repo DIR]",
             "  ksince history class_create        (a function's parameters, tag by tag)\n"
             "  ksince history 'struct class.devnode'   (one member's type)\n"
             "  ksince history --json sk_buff\n"
             "  ksince history class_create --commit   (the commit of each change)\n"
             "  ksince history bpf_loop --series 6.1   (an index with series: within 6.1.y)\n"))
    return 0;
  if (name.empty()) throw UsageError("history needs a NAME");
  Store store(db, Store::Mode::ReadOnly);
  const std::string path = required_repo(store, repo, db);
  Repo r(path);
  std::optional<IdentHistory> h = identifier_history(store, r, name, arch, series);
  if (!h) {
    std::fprintf(stderr, "ksince: %s: no indexed definition has a shape (not defined, or only in files outside the "
                 "identifier scope)\n", name.c_str());
    print_suggestions(store, name);
    return kNotFound;
  }
  if (commit) {
    Progress progress = Progress::for_stderr();
    find_change_commits(db, r, *h, progress);
  }
  if (json) std::cout << history_json(*h).dump(2) << "\n";
  else print_history(*h);
  return 0;
}

}  // namespace ksince::cli
