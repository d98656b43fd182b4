#include "cli/options.h"

#include <cstdio>
#include <iostream>

namespace ksince::cli {

bool parse(const std::vector<std::string>& args, po::options_description& opts,
           const po::positional_options_description* positional, po::variables_map& vm,
           const char* usage, const char* examples) {
  opts.add_options()("help,h", "show this help");
  try {
    po::command_line_parser p(args);
    p.options(opts);
    if (positional) p.positional(*positional);
    po::store(p.run(), vm);
    if (vm.count("help")) {
      std::cout << usage << "\n\n" << opts << "\nexamples:\n" << examples;
      return false;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(e.what());
  }
  return true;
}

std::string repo_of(Store& store, const std::string& repo) {
  return !repo.empty() ? repo : store.meta("repo").value_or("");
}

std::string required_repo(Store& store, const std::string& repo, const std::string& db) {
  std::string path = repo_of(store, repo);
  if (path.empty()) throw InputError("repo", cat(db, " does not record its repository: give --repo"));
  return path;
}

void add_db(po::options_description& opts, std::string& db) {
  opts.add_options()("db", po::value(&db)->default_value("ksince.db"), "the index file");
}

void add_quiet_verbose(po::options_description& opts, bool& quiet, bool& verbose) {
  opts.add_options()("quiet,q", po::bool_switch(&quiet), "print only warnings and errors: no summary, no progress")
      ("verbose,v", po::bool_switch(&verbose), "also print where the time went and what was written");
}

void print_notes(const std::vector<BuildNote>& notes) {
  for (const BuildNote& n : notes) {
    if (n.file.empty()) std::fprintf(stderr, "note: %s\n", n.message.c_str());
    else if (n.line) std::fprintf(stderr, "%s:%zu: warning: %s\n", n.file.c_str(), n.line, n.message.c_str());
    else std::fprintf(stderr, "%s: warning: %s\n", n.file.c_str(), n.message.c_str());
  }
}

}  // namespace ksince::cli
