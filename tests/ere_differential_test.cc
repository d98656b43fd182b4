// The matcher against git itself: random extended regexes over random texts,
// each file's presence as ksince's Matcher decides it and as
// `git grep -l -w -E` (LC_ALL=C) decides it. Fixed seeds here;
// bench/ere_differential.sh runs many more through the same case with
// KSINCE_ERE_DIFF_SEED and KSINCE_ERE_DIFF_COUNT.
#include <doctest/doctest.h>

#include <cstdlib>
#include <random>
#include <set>
#include <sstream>

#include "util/error.h"
#include "git_fixture.h"
#include "scan/matcher.h"

using namespace ksince;
using namespace ksince::test;

namespace {

class Gen {
 public:
  explicit Gen(uint32_t seed) : rng_(seed) {}
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  bool chance(int percent) { return pick(100) < percent; }

  // regex := alternatives of sequences of quantified atoms, at every depth.
  std::string regex(int depth = 0) {
    std::string out = sequence(depth);
    while (chance(depth == 0 ? 25 : 30)) out += "|" + sequence(depth);
    return out;
  }

  std::string text() {
    static const char* words[] = {"ab", "abc", "a_b", "_a", "ba", "b1", "c", "abab", "A", "x9", "aa", "ca"};
    static const char* seps[] = {" ", " ", "  ", "\t", "-", ".", "(", ")", ",", "*", "[", "\\", "\xe9", "\xff", ""};
    std::string out;
    int lines = 1 + pick(5);
    for (int l = 0; l < lines; l++) {
      if (chance(15)) {  // an empty line
        out += "\n";
        continue;
      }
      int tokens = 1 + pick(5);
      for (int t = 0; t < tokens; t++) {
        if (chance(70)) out += words[pick(std::size(words))];
        else if (chance(50)) out += std::to_string(pick(20));
        out += seps[pick(std::size(seps))];
      }
      if (l + 1 < lines || chance(60)) out += "\n";  // sometimes no final newline
    }
    return out;
  }

 private:
  std::string sequence(int depth) {
    std::string out;
    int n = 1 + pick(3);
    for (int i = 0; i < n; i++) out += piece(depth);
    return out;
  }
  std::string piece(int depth) {
    std::string a = atom(depth);
    if (a == "^" || a == "$" || a.rfind("\\b", 0) == 0 || a == "\\<" || a == "\\>" || a == "\\B")
      return chance(3) ? a + "*" : a;  // glibc's rules on repeated anchors, rarely
    if (!chance(35)) return a;
    switch (pick(9)) {
      case 0: return a + "*";
      case 1: return a + "+";
      case 2: return a + "?";
      case 3: return a + "{" + std::to_string(pick(3)) + "}";
      case 4: return a + "{" + std::to_string(pick(2)) + ",}";
      case 5: return a + "{" + std::to_string(pick(2)) + "," + std::to_string(2 + pick(2)) + "}";
      case 6: return a + "{," + std::to_string(1 + pick(2)) + "}";
      case 7: return a + "*?";  // a quantifier on a quantifier
      default: return a + "+";
    }
  }
  std::string atom(int depth) {
    static const char* chars[] = {"a", "b", "c", "_", "1", "9", "A", "x", "-", "\\.", ".", " ", "\\*"};
    static const char* brackets[] = {"[ab]", "[^ab]", "[a-c]", "[[:alpha:]]", "[[:space:]]",
                                     "[^[:alnum:]_]", "[[:digit:]_]", "[]a]", "[^]a]", "[a-]",
                                     "[[:upper:][:punct:]]", "[^a]", "[\\]", "[\x80-\xff]",
                                     "[[:blank:]]", "[^[:space:]]"};
    static const char* escapes[] = {"\\w", "\\W", "\\s", "\\S", "\\b", "\\B", "\\<", "\\>", "\\`", "\\'"};
    int k = pick(100);
    if (k < 40) return chars[pick(std::size(chars))];
    if (k < 60) return brackets[pick(std::size(brackets))];
    if (k < 72) return escapes[pick(std::size(escapes))];
    if (k < 78) return pick(2) ? "^" : "$";
    if (k < 80) return "\\1";  // a back-reference (valid after a group)
    if (depth < 3) return "(" + regex(depth + 1) + ")";
    return "a";
  }

  std::mt19937 rng_;
};

struct Outcome {
  bool refused = false;
  std::set<int> files;
};

Outcome git_files(const GitRepo& repo, const std::vector<std::string>& exprs) {
  std::string cmd = "cd " + shell_quote(repo.path()) + " && LC_ALL=C git grep -l -w -E";
  for (const auto& e : exprs) cmd += " -e " + shell_quote(e);
  CommandResult r = run(cmd + " HEAD --");
  Outcome o;
  if (r.status > 1) {
    o.refused = true;
    return o;
  }
  std::istringstream in(r.out);
  std::string line;
  while (std::getline(in, line)) o.files.insert(std::stoi(line.substr(line.find(":f") + 2)));
  return o;
}

Outcome ksince_files(const std::vector<std::string>& exprs, const std::vector<std::string>& texts) {
  Outcome o;
  std::unique_ptr<Matcher> m;
  try {
    m = std::make_unique<Matcher>(std::vector<MatchSpec>{MatchSpec{false, exprs, "diff"}});
  } catch (const Error&) {
    o.refused = true;
    return o;
  }
  HsScratch s = m->new_scratch();
  for (size_t i = 0; i < texts.size(); i++) {
    std::vector<uint32_t> hits;
    m->scan(texts[i].data(), texts[i].size(), s.get(), hits);
    if (!hits.empty()) o.files.insert(static_cast<int>(i));
  }
  return o;
}

std::string show(const std::set<int>& s) {
  std::string out;
  for (int i : s) out += " " + std::to_string(i);
  return out;
}

uint32_t env_or(const char* name, uint32_t fallback) {
  const char* v = std::getenv(name);
  return v && *v ? static_cast<uint32_t>(std::strtoul(v, nullptr, 10)) : fallback;
}

}  // namespace

TEST_CASE("ere differential: the matcher finds in each file what git grep -w -E finds") {
  uint32_t seed = env_or("KSINCE_ERE_DIFF_SEED", 11);
  uint32_t count = env_or("KSINCE_ERE_DIFF_COUNT", 250);
  Gen gen(seed);
  GitRepo repo;
  std::vector<std::string> texts;
  for (int i = 0; i < 40; i++) {
    texts.push_back(gen.text());
    repo.write("f" + std::to_string(i), texts.back());
  }
  // Words git and ksince must both find, so every regex is tried on them too.
  texts.push_back("ab abc a_b\nb1 c\tabab\n");
  repo.write("f40", texts.back());
  repo.commit("texts", 1700000000);

  int disagreements = 0, matched = 0, refused = 0;
  for (uint32_t i = 0; i < count; i++) {
    std::vector<std::string> exprs{gen.regex()};
    if (gen.chance(10)) exprs.push_back(gen.regex());  // two -e patterns
    Outcome want = git_files(repo, exprs);
    Outcome got = ksince_files(exprs, texts);
    if (want.refused) refused++;
    if (!want.files.empty()) matched++;
    if (want.refused != got.refused || want.files != got.files) {
      disagreements++;
      std::string all;
      for (const auto& e : exprs) all += " -e '" + e + "'";
      MESSAGE("seed ", seed, " regex", all, ": git", want.refused ? " refuses" : show(want.files),
              ", ksince", got.refused ? " refuses" : show(got.files));
    }
  }
  MESSAGE("seed ", seed, ": ", count, " regexes, ", matched, " matching some file, ", refused,
          " refused by git, ", disagreements, " disagreements");
  CHECK(disagreements == 0);
  // The texts are not so sparse that agreeing means nothing.
  CHECK(matched > static_cast<int>(count) / 4);
}
