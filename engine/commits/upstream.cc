#include "commits/upstream.h"

#include <cctype>

#include "repo/git_handle.h"
#include "util/error.h"

namespace ksince {

namespace {

bool hex_digit(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

// The hex run at `at` when it is a commit id (12 to 40 digits, a word of its
// own), else "".
std::string id_at(std::string_view s, size_t at) {
  size_t end = at;
  while (end < s.size() && hex_digit(s[end])) end++;
  size_t n = end - at;
  if (n < 12 || n > 40 || (end < s.size() && std::isalnum(static_cast<unsigned char>(s[end])))) return "";
  std::string id(s.substr(at, n));
  for (char& c : id) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return id;
}

std::string_view trimmed(std::string_view l) {
  while (!l.empty() && (l.front() == ' ' || l.front() == '\t')) l.remove_prefix(1);
  while (!l.empty() && (l.back() == ' ' || l.back() == '\t' || l.back() == '\r')) l.remove_suffix(1);
  return l;
}

bool starts_with_nocase(std::string_view s, std::string_view p) {
  if (s.size() < p.size()) return false;
  for (size_t i = 0; i < p.size(); i++)
    if (std::tolower(static_cast<unsigned char>(s[i])) != std::tolower(static_cast<unsigned char>(p[i]))) return false;
  return true;
}

}  // namespace

std::string cited_upstream(std::string_view message) {
  size_t at = 0;
  while (at <= message.size()) {
    size_t nl = message.find('\n', at);
    std::string_view line = trimmed(message.substr(at, nl == std::string_view::npos ? std::string_view::npos : nl - at));
    // "commit <id> upstream." (stable), also "commit <id> upstream" unpunctuated.
    if (starts_with_nocase(line, "commit ")) {
      std::string id = id_at(line, 7);
      std::string_view rest = trimmed(line.substr(std::min(line.size(), 7 + id.size())));
      if (!id.empty() && (rest == "upstream." || rest == "upstream")) return id;
    }
    // "[ Upstream commit <id> ]".
    if (!line.empty() && line.front() == '[') {
      std::string_view in = trimmed(line.substr(1));
      if (starts_with_nocase(in, "upstream commit ")) {
        std::string id = id_at(in, 16);
        std::string_view rest = trimmed(in.substr(std::min(in.size(), 16 + id.size())));
        if (!id.empty() && !rest.empty() && rest.front() == ']') return id;
      }
    }
    if (nl == std::string_view::npos) break;
    at = nl + 1;
  }
  return "";
}

Oid resolve_commit(const Repo& repo, const std::string& hex) {
  if (hex.size() == 40) {
    std::optional<Oid> full = Oid::from_hex(hex);
    if (!full) return Oid();
    git_object* obj = nullptr;
    git_oid g = full->to_git();
    if (git_object_lookup(&obj, repo.raw(), &g, GIT_OBJECT_COMMIT) < 0) return Oid();
    GitObject keep(obj);
    return *full;
  }
  git_object* obj = nullptr;
  git_oid g;
  if (git_oid_fromstrn(&g, hex.data(), hex.size()) < 0) return Oid();
  if (git_object_lookup_prefix(&obj, repo.raw(), &g, hex.size(), GIT_OBJECT_COMMIT) < 0) return Oid();
  GitObject keep(obj);
  return Oid::from_git(*git_object_id(obj));
}

std::string oldest_release_containing(const Repo& repo, const std::vector<TagInfo>& releases, const Oid& commit) {
  if (commit.is_zero()) return "";
  git_oid c = commit.to_git();
  for (const TagInfo& t : releases) {
    if (t.commit.is_zero()) continue;
    if (t.commit == commit) return t.name;
    git_oid tag = t.commit.to_git();
    int r = git_graph_descendant_of(repo.raw(), &tag, &c);
    git_check(r < 0 ? r : 0, cat("checking whether ", t.name, " contains ", commit.hex()));
    if (r == 1) return t.name;
  }
  return "";
}

}  // namespace ksince
