#pragma once
// What every command of the CLI shares: parsing its options, the exit
// statuses, and printing the library's notes.
#include <boost/program_options.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "docs/docs_blocks.h"
#include "store/store.h"

namespace ksince::cli {

namespace po = boost::program_options;

// Exit statuses: 0 success, 1 a negative answer (an unknown name, a change
// --check found), 2 an error.
constexpr int kNotFound = 1;
constexpr int kError = 2;

// A command line that does not parse: the CLI says so and points at --help.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Parses `args` against `opts`; prints help and returns false on --help.
bool parse(const std::vector<std::string>& args, po::options_description& opts,
           const po::positional_options_description* positional, po::variables_map& vm, const char* usage,
           const char* examples);

void add_db(po::options_description& opts, std::string& db);
// The repository: --repo, else the one the index records ("" for none).
std::string repo_of(Store& store, const std::string& repo);
// The same, an InputError naming --repo when there is none.
std::string required_repo(Store& store, const std::string& repo, const std::string& db);
// --quiet and --verbose of the long commands (index, docs build).
void add_quiet_verbose(po::options_description& opts, bool& quiet, bool& verbose);

// The library's notes on stderr: "FILE:LINE: warning: ..." or "note: ...".
void print_notes(const std::vector<BuildNote>& notes);

}  // namespace ksince::cli
