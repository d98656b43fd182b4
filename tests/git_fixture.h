#pragma once
// Real git repositories and files for the tests: made with the git CLI in a
// fresh temporary folder, removed afterwards. git itself is also the oracle.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace ksince::test {

std::string shell_quote(const std::string& s);

struct CommandResult {
  int status;
  std::string out;
  std::string err;
};
// Runs a shell command line; captures stdout and stderr.
CommandResult run(const std::string& command_line);

// A patterns file with one group "g" of literal names.
std::string simple_patterns(const std::vector<std::string>& names, const std::string& files = "[include]",
                            const std::string& tags = "['^v']");

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& rel) const { return path_ + "/" + rel; }

 private:
  std::string path_;
};

void write_file(const std::string& path, const std::string& content);
// The lines of `text` (without their newlines); `skip_empty` drops empty ones.
std::vector<std::string> split_lines(const std::string& text, bool skip_empty = false);
// The words of `text`, split at white space.
std::vector<std::string> words_of(const std::string& text);
std::string read_file(const std::string& path);

class GitRepo {
 public:
  GitRepo();
  const std::string& path() const { return dir_.path(); }

  void write(const std::string& rel, const std::string& content);
  void remove(const std::string& rel);
  // Stages everything and commits with fixed identity at `date` (unix s).
  std::string commit(const std::string& message, int64_t date);
  void tag(const std::string& name, const std::string& target, bool annotated, int64_t date);
  // The usual step of a test history: write one file, commit at `date`, tag
  // the commit (annotated, a second later). Returns the commit id.
  std::string release(const std::string& tag, const std::string& path, const std::string& content, int64_t date);

  // Runs git in the repository; throws on a non-zero exit.
  std::string git(const std::string& args) const;
  int git_status(const std::string& args) const;

  // The oracle: does `git grep -q -w` find any of the expressions at `rev`?
  bool grep(const std::string& rev, const std::vector<std::string>& exprs, bool extended,
            const std::vector<std::string>& pathspecs) const;

 private:
  TempDir dir_;
};

// The identifier scope as docs/identifiers.md writes it (the block after
// "The scope is a list of git pathspecs"): git's oracle reads the documented
// list, not the code's, so the two cannot drift apart unseen.
const std::vector<std::string>& documented_identifier_scope();

// The SPEC's introducing commit judged by git alone: the commits of
// prev..version (git rev-list) at which `present` holds and at none of whose
// parents it does.
std::vector<std::string> qualifying_commits(const GitRepo& repo, const std::string& version, const std::string& prev,
                                            const std::function<bool(const std::string& rev)>& present);

}  // namespace ksince::test
