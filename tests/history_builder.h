#pragma once
// A test history built step by step with the git CLI: features added and
// dropped as "x NAME y" lines, noise, branches, merges and tags, each commit
// a minute after the last, so that histories are repeatable.
#include <set>
#include <string>

#include <doctest/doctest.h>

#include "git_fixture.h"

namespace ksince::test {

class Builder {
 public:
  GitRepo repo;
  std::set<std::string> names;
  int64_t date = 1600000000;

  std::string commit(const std::string& msg) { return repo.commit(msg, date += 60); }
  void add(const std::string& path, const std::string& name) {
    std::string p = repo.path() + "/" + path;
    repo.write(path, read_file(p) + "x " + name + " y\n");
    names.insert(name);
  }
  void drop(const std::string& path, const std::string& name) {
    std::string text = read_file(repo.path() + "/" + path);
    size_t at = text.find("x " + name + " y\n");
    REQUIRE(at != std::string::npos);
    text.erase(at, name.size() + 5);
    repo.write(path, text);
  }
  void noise(const std::string& path) {
    repo.write(path, read_file(repo.path() + "/" + path) + "noise " + std::to_string(date) + "\n");
  }
  void checkout(const std::string& what) { repo.git("checkout -q " + what); }
  void merge(const std::string& branch, const std::string& extra = "") {
    date += 60;
    std::string when = "'" + std::to_string(date) + " +0000'";
    auto r = run("cd " + shell_quote(repo.path()) + " && GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@e GIT_COMMITTER_NAME=t "
                 "GIT_COMMITTER_EMAIL=t@e GIT_COMMITTER_DATE=" + when + " GIT_AUTHOR_DATE=" + when +
                 " git merge -q --no-ff --no-edit " + extra + " " + branch);
    // --no-commit stops on purpose; anything else must have merged cleanly.
    if (extra != "--no-commit") REQUIRE_MESSAGE(r.status == 0, r.err);
  }
  void tag(const std::string& t) { repo.tag(t, "HEAD", true, date += 60); }
};

// A random merge-heavy history of `releases` tags after v1.0 (v1.1, v1.2,
// ...), `steps` operations each: branches from master or an older commit,
// features added or noise on any branch, merges (branches into branches too).
void random_history(Builder& b, unsigned seed, int releases, int steps);

}  // namespace ksince::test
