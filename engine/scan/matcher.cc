#include "matcher.h"

#include <atomic>
#include <nlohmann/json.hpp>

#include "ere.h"
#include "error.h"

namespace ksince {

namespace {

std::atomic<int> literal_bump{0}, regex_bump{0};

}  // namespace

MatchSemantics match_semantics() {
  MatchSemantics s;
  s.literal += literal_bump;
  s.regex += regex_bump;
  return s;
}

void bump_match_semantics_for_test(int literal, int regex) {
  literal_bump += literal;
  regex_bump += regex;
}

std::string MatchSpec::key() const {
  // JSON keeps the key unambiguous whatever the names contain.
  MatchSemantics s = match_semantics();
  return nlohmann::json{{literal ? "w" : "E", exprs}, {"v", literal ? s.literal : s.regex}}.dump();
}

namespace {

std::string escape_literal(const std::string& s) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    out += "\\x";
    out += hex[c >> 4];
    out += hex[c & 15];
  }
  return out;
}

// The -w boundary, inside the expression: Hyperscan has no lookbehind. A
// regex anchored at a line's start or end needs no boundary on that side, and
// Hyperscan rejects an anchor that is not at the expression's edge.
// "A|B" as {"A", "B"}: each alternative becomes its own expression, so
// each can carry its own anchors and boundaries.
std::vector<std::string> split_alternatives(const std::string& re) {
  std::vector<std::string> out(1);
  int depth = 0;
  bool bracket = false;
  for (size_t i = 0; i < re.size(); i++) {
    char c = re[i];
    if (c == '|' && depth == 0 && !bracket) {
      out.emplace_back();
      continue;
    }
    out.back() += c;
    if (c == '\\' && i + 1 < re.size()) {
      out.back() += re[++i];
    } else if (bracket) {
      if (c == ']') bracket = false;
    } else if (c == '[') {
      bracket = true;
      // "[]..." and "[^]...": that first ']' is a member, not the end.
      if (i + 1 < re.size() && re[i + 1] == '^') out.back() += re[++i];
      if (i + 1 < re.size() && re[i + 1] == ']') out.back() += re[++i];
    } else if (c == '(') {
      depth++;
    } else if (c == ')') {
      depth--;
    }
  }
  return out;
}

// The -w boundary, inside the expression: Hyperscan has no lookbehind. An
// alternative anchored at a line's start or end needs no boundary on that
// side, and Hyperscan rejects an anchor that is not at the expression's edge.
std::string with_word_boundary(const std::string& alt) {
  size_t slashes = 0;
  for (size_t i = alt.size(); i > 1 && alt[i - 2] == '\\'; i--) slashes++;
  bool start = !alt.empty() && alt.front() == '^';
  bool end = !alt.empty() && alt.back() == '$' && slashes % 2 == 0;
  std::string core = alt;
  if (start) core.erase(0, 1);
  if (end && !core.empty()) core.pop_back();
  return (start ? "^" : "(?:^|[^A-Za-z0-9_\\n])") + ("(?:" + core + ")") +
         (end ? "$" : "(?:[^A-Za-z0-9_\\n]|$)");
}

struct ScanState {
  const unsigned char* data;
  size_t len;
  const std::vector<uint32_t>* expr_to_spec;
  const std::vector<uint32_t>* literal_len;
  std::vector<uint8_t>* found;
};

int on_match(unsigned id, unsigned long long, unsigned long long to, unsigned, void* ctx) {
  auto* st = static_cast<ScanState*>(ctx);
  uint32_t spec = (*st->expr_to_spec)[id];
  if ((*st->found)[spec]) return 0;
  uint32_t n = (*st->literal_len)[id];
  if (n) {
    size_t start = to - n;
    if (start > 0 && is_word_byte(st->data[start - 1])) return 0;
    if (to < st->len && is_word_byte(st->data[to])) return 0;
  }
  (*st->found)[spec] = 1;
  return 0;
}

}  // namespace

Matcher::Matcher(const std::vector<MatchSpec>& specs) : count_(specs.size()) {
  std::vector<std::string> exprs;
  std::vector<std::string> source;  // what the user wrote, for messages
  std::vector<unsigned> flags;
  bool all_literal = true;
  for (uint32_t i = 0; i < specs.size(); i++) {
    const MatchSpec& s = specs[i];
    if (s.exprs.empty()) throw Error(cat(s.label, ": nothing to match"));
    for (const std::string& e : s.exprs) {
      if (e.empty()) throw Error(cat(s.label, ": empty ", s.literal ? "name" : "regex"));
      if (s.literal) {
        exprs.push_back(e);
        source.push_back(e);
        flags.push_back(0);
        literal_len_.push_back(e.size());
      } else {
        all_literal = false;
        std::string body;
        try {
          body = ere_to_hyperscan(e);
        } catch (const Error& err) {
          throw Error(cat(s.label, ": invalid regex '", e, "': ", err.what()));
        }
        for (const std::string& alt : split_alternatives(body)) {
          exprs.push_back(with_word_boundary(alt));
          source.push_back(e);
          flags.push_back(HS_FLAG_MULTILINE | HS_FLAG_SINGLEMATCH | HS_FLAG_ALLOWEMPTY);
          literal_len_.push_back(0);
          expr_to_spec_.push_back(i);
        }
        continue;
      }
      expr_to_spec_.push_back(i);
    }
  }
  if (exprs.empty()) return;

  std::vector<unsigned> ids(exprs.size());
  for (unsigned i = 0; i < ids.size(); i++) ids[i] = i;
  hs_database_t* db = nullptr;
  hs_compile_error_t* err = nullptr;
  hs_error_t rc;
  if (all_literal) {
    // The fastest exact form for names (NOTES.md): bare literals, no flags.
    std::vector<const char*> ptrs;
    std::vector<size_t> lens;
    for (const auto& e : exprs) {
      ptrs.push_back(e.c_str());
      lens.push_back(e.size());
    }
    rc = hs_compile_lit_multi(ptrs.data(), flags.data(), ids.data(), lens.data(), ptrs.size(),
                              HS_MODE_BLOCK, nullptr, &db, &err);
  } else {
    // One database must hold literals and regexes alike, so literals go in as
    // fully escaped expressions; their boundary is still checked in on_match.
    std::vector<std::string> compiled;
    for (size_t i = 0; i < exprs.size(); i++)
      compiled.push_back(literal_len_[i] ? escape_literal(exprs[i]) : exprs[i]);
    std::vector<const char*> ptrs;
    for (const auto& e : compiled) ptrs.push_back(e.c_str());
    rc = hs_compile_multi(ptrs.data(), flags.data(), ids.data(), ptrs.size(), HS_MODE_BLOCK,
                          nullptr, &db, &err);
  }
  HsCompileError err_owner(err);
  if (rc != HS_SUCCESS) {
    std::string why = err && err->message ? err->message : "unknown Hyperscan error";
    if (err && err->expression >= 0 && static_cast<size_t>(err->expression) < exprs.size()) {
      const MatchSpec& s = specs[expr_to_spec_[err->expression]];
      throw Error(cat(s.label, ": cannot compile regex '", source[err->expression], "': ", why));
    }
    throw Error(cat("compiling the patterns: ", why));
  }
  db_.reset(db);
  hs_scratch_t* scratch = nullptr;
  if (hs_alloc_scratch(db_.get(), &scratch) != HS_SUCCESS)
    throw Error("allocating Hyperscan scratch space");
  proto_.reset(scratch);
}

HsScratch Matcher::new_scratch() const {
  if (!proto_) return nullptr;
  hs_scratch_t* s = nullptr;
  if (hs_clone_scratch(proto_.get(), &s) != HS_SUCCESS) throw Error("cloning Hyperscan scratch");
  return HsScratch(s);
}

void Matcher::scan(const char* data, size_t len, hs_scratch_t* scratch,
                   std::vector<uint32_t>& hits) const {
  if (!db_) return;
  std::vector<uint8_t> found(count_, 0);
  ScanState st{reinterpret_cast<const unsigned char*>(data), len, &expr_to_spec_,
               &literal_len_, &found};
  // Hyperscan takes a 32-bit length; source blobs never come near 4 GiB.
  if (len > 0xffffffffULL) throw Error("blob larger than 4 GiB");
  hs_error_t rc = hs_scan(db_.get(), data, static_cast<unsigned>(len), 0, scratch, on_match, &st);
  if (rc != HS_SUCCESS && rc != HS_SCAN_TERMINATED) throw Error(cat("Hyperscan scan failed: ", rc));
  for (uint32_t i = 0; i < count_; i++)
    if (found[i]) hits.push_back(i);
}

}  // namespace ksince
