#include "git_fixture.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace ksince::test {

namespace fs = std::filesystem;

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

CommandResult run(const std::string& command_line) {
  TempDir tmp;
  std::string err_path = tmp.file("stderr");
  std::string cmd = command_line + " 2>" + shell_quote(err_path);
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) throw std::runtime_error("popen failed: " + command_line);
  std::string out;
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int st = pclose(p);
  int status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  return {status, out, read_file(err_path)};
}

TempDir::TempDir() {
  std::string tmpl = (fs::temp_directory_path() / "ksince-test-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
  fs::remove_all(path_, ec);
}

void write_file(const std::string& path, const std::string& content) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

GitRepo::GitRepo() { git("init -q -b master"); }

void GitRepo::write(const std::string& rel, const std::string& content) { write_file(dir_.file(rel), content); }

void GitRepo::remove(const std::string& rel) { fs::remove(dir_.file(rel)); }

static std::string identity(int64_t date) {
  std::string d = std::to_string(date) + " +0000";
  return "GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.org GIT_COMMITTER_NAME=t "
         "GIT_COMMITTER_EMAIL=t@example.org GIT_AUTHOR_DATE=" + shell_quote(d) +
         " GIT_COMMITTER_DATE=" + shell_quote(d) + " ";
}

std::string GitRepo::commit(const std::string& message, int64_t date) {
  git("add -A -f");
  auto r = run("cd " + shell_quote(path()) + " && " + identity(date) + "git commit -q --allow-empty -m " +
               shell_quote(message));
  if (r.status != 0) throw std::runtime_error("git commit failed: " + r.err);
  std::string sha = git("rev-parse HEAD");
  return sha.substr(0, 40);
}

void GitRepo::tag(const std::string& name, const std::string& target, bool annotated, int64_t date) {
  auto r = run("cd " + shell_quote(path()) + " && " + identity(date) + "git tag " +
               (annotated ? "-a -m " + shell_quote(name) + " " : "") + shell_quote(name) + " " +
               shell_quote(target));
  if (r.status != 0) throw std::runtime_error("git tag failed: " + r.err);
}

std::string GitRepo::release(const std::string& tag, const std::string& path, const std::string& content,
                             int64_t date) {
  write(path, content);
  std::string c = commit(tag, date);
  this->tag(tag, "HEAD", true, date + 1);
  return c;
}

std::vector<std::string> split_lines(const std::string& text, bool skip_empty) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);)
    if (!skip_empty || !l.empty()) out.push_back(l);
  return out;
}

std::vector<std::string> words_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

const std::vector<std::string>& documented_identifier_scope() {
  static const std::vector<std::string> scope = [] {
    std::string doc = read_file(std::string(KSINCE_SOURCE_DIR) + "/docs/identifiers.md");
    size_t at = doc.find("The scope is a list of git pathspecs");
    size_t open = doc.find("```\n", at == std::string::npos ? doc.size() : at);
    size_t close = open == std::string::npos ? open : doc.find("```", open + 4);
    if (close == std::string::npos) throw std::runtime_error("docs/identifiers.md: the scope's block is gone");
    return words_of(doc.substr(open + 4, close - open - 4));
  }();
  return scope;
}

std::vector<std::string> qualifying_commits(const GitRepo& repo, const std::string& version, const std::string& prev,
                                            const std::function<bool(const std::string& rev)>& present) {
  std::vector<std::string> out;
  for (const std::string& c : words_of(repo.git("rev-list " + version + " --not " + prev))) {
    if (!present(c)) continue;
    bool absent = true;
    for (const std::string& p : words_of(repo.git("rev-parse " + c + "^@"))) absent = absent && !present(p);
    if (absent) out.push_back(c);
  }
  return out;
}

std::string simple_patterns(const std::vector<std::string>& names, const std::string& files,
                            const std::string& tags) {
  std::string y = "files: " + files + "\ntags: " + tags + "\npatterns:\n  - name: g\n    patterns:\n";
  for (const auto& n : names) y += "      - name: " + n + "\n";
  return y;
}

std::string GitRepo::git(const std::string& args) const {
  auto r = run("cd " + shell_quote(path()) + " && git " + args);
  if (r.status != 0) throw std::runtime_error("git " + args + " failed: " + r.err);
  return r.out;
}

int GitRepo::git_status(const std::string& args) const {
  return run("cd " + shell_quote(path()) + " && git " + args).status;
}

bool GitRepo::grep(const std::string& rev, const std::vector<std::string>& exprs, bool extended,
                   const std::vector<std::string>& pathspecs) const {
  std::string args = "grep -q -w";
  if (extended) args += " -E";
  for (const auto& e : exprs) args += " -e " + shell_quote(e);
  args += " " + shell_quote(rev) + " --";
  for (const auto& p : pathspecs) args += " " + shell_quote(p);
  int st = git_status(args);
  if (st > 1) throw std::runtime_error("git " + args + " failed");
  return st == 0;
}

}  // namespace ksince::test
