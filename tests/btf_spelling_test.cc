// KFUNC_DEF from the source in BTF's spelling, judged by a real BTF: random
// kernel-style signatures (integer specifiers in any order, qualifiers
// before and after the base and on pointers, sparse annotations, arrays,
// function pointers) are compiled by gcc -g and turned into BTF by pahole
// -J, as a kernel build does; kfunc-gen's spelling of each function from
// that BTF (docs/btf_signature.h) must equal the source's
// (facts/kfunc_signature.h).
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "docs/btf_signature.h"
#include "facts/kfunc_signature.h"
#include "git_fixture.h"

using namespace ksince;
using namespace ksince::test;

namespace {

class SignatureGrammar {
 public:
  explicit SignatureGrammar(uint32_t seed) : rng_(seed) {}

  // One declaration of `name` with a random type; `pointer_only` for a
  // return type (BTF has no struct returned by value in kfuncs).
  std::string declaration(const std::string& name, bool allow_plain_struct) {
    std::vector<std::string> words = base(allow_plain_struct);
    bool is_void = std::find(words.begin(), words.end(), "void") != words.end();
    size_t pointers = is_void || !allow_plain_struct ? 1 + pick(2) : pick(3);
    std::string out;
    for (size_t i = 0; i < words.size(); i++) out += (out.empty() ? "" : " ") + words[i];
    for (size_t p = 0; p < pointers; p++) {
      out += pick(3) == 0 ? " *" : "*";
      if (pick(4) == 0) out += " const";
      if (pick(8) == 0) out += " __rcu";
    }
    if (!name.empty()) out += (out.back() == '*' && pick(2) ? "" : " ") + name;
    return out;
  }

  std::string parameter(int k) {
    std::string name = "p" + std::to_string(k) + (pick(5) == 0 ? "__ign" : "");
    switch (pick(10)) {
      case 0: {  // a function pointer
        std::string params;
        size_t n = pick(3);
        for (size_t i = 0; i < n; i++)
          params += (i ? ", " : "") + declaration(pick(2) ? "a" + std::to_string(i) : "", true);
        return declaration("", true) + " (*" + name + ")(" + (n ? params : "void") + ")";
      }
      case 1:  // an array, which a parameter holds as a pointer
        return declaration(name, false) + "[" + std::to_string(1 + pick(8)) + "]";
      default:
        return declaration(name, true);
    }
  }

 private:
  size_t pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }

  std::vector<std::string> base(bool allow_plain_struct) {
    static const std::vector<std::vector<std::string>> kIntegers = {
        {"int"}, {"unsigned"}, {"signed"}, {"unsigned", "int"}, {"signed", "int"}, {"char"}, {"signed", "char"},
        {"unsigned", "char"}, {"short"}, {"short", "int"}, {"unsigned", "short"}, {"short", "unsigned", "int"},
        {"long"}, {"long", "int"}, {"unsigned", "long"}, {"long", "unsigned", "int"}, {"long", "long"},
        {"long", "long", "int"}, {"unsigned", "long", "long"}, {"long", "unsigned", "long", "int"},
        {"signed", "long"}};
    static const std::vector<std::vector<std::string>> kNamed = {
        {"u64"}, {"__u8"}, {"size_t"}, {"bool"}, {"struct", "sk"}, {"union", "un"}, {"enum", "ev"}, {"void"}};
    std::vector<std::string> words;
    if (pick(2)) {
      words = kIntegers[pick(kIntegers.size())];
      std::shuffle(words.begin(), words.end(), rng_);  // C takes the specifiers in any order
    } else {
      words = kNamed[pick(kNamed.size())];
      if (!allow_plain_struct && (words[0] == "struct" || words[0] == "union")) words = {"u64"};
    }
    // One qualifier on the base at most: with both, GCC nests const and
    // volatile in the order the compilation unit first made them, which
    // the signature alone does not say (and no kfunc has both).
    if (size_t q = pick(8); q < 3) words.insert(pick(2) ? words.begin() : words.end(), q == 0 ? "volatile" : "const");
    if (pick(5) == 0) words.insert(words.end(), pick(2) ? "__user" : "__iomem");
    return words;
  }

  std::mt19937 rng_;
};

}  // namespace

TEST_CASE("kfunc signature: the source's spelling equals kfunc-gen's from the BTF gcc and pahole make") {
  if (run("command -v pahole && command -v gcc").status != 0)
    FAIL("pahole (Debian package dwarves) and gcc are needed: scripts/install-deps.sh installs them");
  TempDir dir;
  SignatureGrammar g(20261207);
  std::string c =
      "#define __user\n#define __iomem\n#define __rcu\n#define __bpf_kfunc\n#define __printf(a, b)\n"
      "typedef unsigned long long u64;\ntypedef unsigned char __u8;\ntypedef unsigned long size_t;\n"
      "typedef _Bool bool;\nstruct sk { int a; };\nunion un { int a; long b; };\nenum ev { EV_A, EV_B };\n";
  std::vector<std::pair<std::string, std::string>> sigs;  // name, source signature
  for (int f = 0; f < 400; f++) {
    std::string name = "kf" + std::to_string(f);
    std::string params;
    size_t n = f % 5;
    for (size_t k = 0; k < n; k++) params += (k ? ", " : "") + g.parameter(static_cast<int>(k));
    static const char* const kDecorations[] = {"", "", "__bpf_kfunc ", "static inline ", "__printf(1, 0) __bpf_kfunc "};
    std::string sig = kDecorations[f % 5] + (f % 7 == 0 ? std::string("void ") + name : g.declaration(name, false)) +
                      "(" + (n ? params : "void") + ")";
    sigs.emplace_back(name, sig);
    c += sig + (f % 7 == 0 ? " { }\n" : " { return 0; }\n");
    if (f % 5 == 3) c += "void *use" + name + " = " + name + ";\n";  // a static function BTF still has
  }
  write_file(dir.file("kf.c"), c);
  CommandResult cc = run("cd " + shell_quote(dir.path()) + " && gcc -g -O0 -w -c kf.c -o kf.o && pahole -J kf.o");
  REQUIRE_MESSAGE(cc.status == 0, cc.err);
  Btf btf(dir.file("kf.o"));
  for (const auto& name_sig : sigs) {
    const std::string& sig = name_sig.second;
    std::optional<std::string> from_btf = btf.signature(name_sig.first);
    REQUIRE(from_btf.has_value());
    CAPTURE(sig);
    CHECK(kfunc_gen_signature(sig) == *from_btf);
  }
}

// The real thing: every kfunc the site's vmlinux-6.11.btf tags, with its
// source signature as ksince derives it at v6.12 (the release after;
// tests/data/ebpf-docs/kfunc-source-signatures-v6.12.tsv says how it was
// made), spelled from the source as the BTF spells it.
TEST_CASE("kfunc signature: every kfunc of the site's real BTF, spelled from the source as the BTF spells it") {
  const std::string dir = std::string(KSINCE_SOURCE_DIR) + "/tests/data/ebpf-docs/";
  Btf btf(dir + "vmlinux-6.11.btf");
  std::set<std::string> listed;
  for (const std::string& line : split_lines(read_file(dir + "kfunc-source-signatures-v6.12.tsv"), true)) {
    if (line[0] == '#') continue;
    size_t tab = line.find('\t'), tab2 = line.find('\t', tab + 1);
    REQUIRE(tab2 != std::string::npos);
    std::string name = line.substr(0, tab), sig = line.substr(tab + 1, tab2 - tab - 1);
    listed.insert(name);
    std::optional<std::string> from_btf = btf.signature(name);
    REQUIRE(from_btf.has_value());
    CAPTURE(sig);
    CHECK(kfunc_gen_signature(sig) == *from_btf);
  }
  std::vector<std::string> tagged = btf.kfuncs();
  CHECK(listed == std::set<std::string>(tagged.begin(), tagged.end()));
}
