#include "scan/matcher.h"

#include "util/utf8.h"

#include <atomic>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>

#include "scan/ere.h"
#include "util/error.h"

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

namespace {

// Every byte as \xHH: Hyperscan's spelling of a literal, and an unambiguous
// spelling of any bytes.
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

}  // namespace

std::string matcher_key(const MatchSpec& spec) {
  // JSON keeps the key unambiguous whatever the names contain. A name that
  // is not UTF-8 (yaml-cpp makes such bytes of some control characters; found
  // by fuzzing) is spelt in bytes instead, which cannot equal a JSON text.
  MatchSemantics s = match_semantics();
  int version = spec.literal ? s.literal : s.regex;
  bool utf8 = true;
  for (const std::string& e : spec.exprs) utf8 = utf8 && invalid_utf8_offset(e) == std::string::npos;
  if (utf8) return nlohmann::json{{spec.literal ? "w" : "E", spec.exprs}, {"v", version}}.dump();
  std::string key = cat("bytes ", spec.literal ? "w" : "E", " v", version);
  for (const std::string& e : spec.exprs) key += " " + escape_literal(e);
  return key;
}

namespace {

struct ScanState {
  const unsigned char* data;
  size_t len;
  const std::vector<uint32_t>* expr_to_spec;
  const std::vector<uint32_t>* literal_len;
  const std::vector<std::unique_ptr<PosixRegex>>* exact;
  std::vector<uint8_t>* found;
  std::vector<std::pair<size_t, size_t>>* checked;  // per expression: last line tested
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
    (*st->found)[spec] = 1;
    return 0;
  }
  // A regex's prefilter proposes the line that holds the match's last byte;
  // git's own matcher decides. A word is never empty, and a match ending in
  // a newline crossed a line, so neither can be the one git finds.
  if (to == 0 || st->data[to - 1] == '\n') return 0;
  size_t p = to - 1;
  auto& last = (*st->checked)[id];
  if (p >= last.first && p < last.second) return 0;
  const auto* base = st->data;
  size_t bol = p;
  while (bol > 0 && base[bol - 1] != '\n') bol--;
  const void* nl = memchr(base + p, '\n', st->len - p);
  size_t eol = nl ? static_cast<const unsigned char*>(nl) - base : st->len;
  last = {bol, eol + 1};
  const char* b = reinterpret_cast<const char*>(base);
  if ((*st->exact)[id]->word_match_in_line(b + bol, b + eol)) (*st->found)[spec] = 1;
  return 0;
}

// Can Hyperscan compile this prefilter on its own? If not, its pattern goes
// to the exact matcher alone rather than failing the whole database.
bool hyperscan_accepts(const std::string& expr, unsigned flags) {
  hs_database_t* db = nullptr;
  hs_compile_error_t* err = nullptr;
  hs_error_t rc = hs_compile(expr.c_str(), flags, HS_MODE_BLOCK, nullptr, &db, &err);
  HsCompileError err_owner(err);
  HsDatabase db_owner(db);
  return rc == HS_SUCCESS;
}

}  // namespace

Matcher::Matcher(const std::vector<MatchSpec>& specs) : count_(specs.size()) {
  std::vector<std::string> exprs;
  std::vector<std::string> source;  // what the user wrote, for messages
  std::vector<unsigned> flags;
  bool all_literal = true;
  const unsigned regex_flags = HS_FLAG_MULTILINE | HS_FLAG_ALLOWEMPTY;
  for (uint32_t i = 0; i < specs.size(); i++) {
    const MatchSpec& s = specs[i];
    if (s.exprs.empty()) throw Error(cat(s.label, ": nothing to match"));
    if (s.literal) {
      for (const std::string& e : s.exprs) {
        if (e.empty()) throw Error(cat(s.label, ": empty name"));
        exprs.push_back(e);
        source.push_back(e);
        flags.push_back(0);
        literal_len_.push_back(e.size());
        expr_to_spec_.push_back(i);
        exact_.emplace_back();
      }
      continue;
    }
    // Every regex is compiled by glibc first: it decides, and what it refuses
    // git refuses too. A pattern whose every regex has a prefilter is scanned
    // by Hyperscan; otherwise the exact matcher alone reads its blobs.
    std::vector<std::unique_ptr<PosixRegex>> compiled;
    std::vector<std::string> prefilters;
    bool prefiltered = true;
    for (const std::string& e : s.exprs) {
      if (e.empty()) throw Error(cat(s.label, ": empty regex"));
      try {
        compiled.push_back(std::make_unique<PosixRegex>(e));
      } catch (const Error& err) {
        throw Error(cat(s.label, ": invalid regex '", e, "': ", err.what(),
                        " (git grep -E refuses it too; fix the regex)"));
      }
      try {
        std::string pre = ere_to_hyperscan(e);
        if (!hyperscan_accepts(pre, regex_flags)) prefiltered = false;
        prefilters.push_back(pre);
      } catch (const Error&) {
        prefiltered = false;
      }
    }
    if (!prefiltered) {
      exact_only_.push_back({i, std::move(compiled)});
      continue;
    }
    all_literal = false;
    for (size_t k = 0; k < prefilters.size(); k++) {
      exprs.push_back(prefilters[k]);
      source.push_back(s.exprs[k]);
      flags.push_back(regex_flags);
      literal_len_.push_back(0);
      expr_to_spec_.push_back(i);
      exact_.push_back(std::move(compiled[k]));
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
  std::vector<uint8_t> found(count_, 0);
  if (db_) {
    std::vector<std::pair<size_t, size_t>> checked(exact_.size(), {0, 0});
    ScanState st{reinterpret_cast<const unsigned char*>(data), len, &expr_to_spec_,
                 &literal_len_, &exact_, &found, &checked};
    // Hyperscan takes a 32-bit length; source blobs never come near 4 GiB.
    if (len > 0xffffffffULL) throw Error("blob larger than 4 GiB");
    hs_error_t rc = hs_scan(db_.get(), data, static_cast<unsigned>(len), 0, scratch, on_match, &st);
    if (rc != HS_SUCCESS && rc != HS_SCAN_TERMINATED) throw Error(cat("Hyperscan scan failed: ", rc));
  }
  for (const ExactSpec& e : exact_only_) {
    std::vector<const PosixRegex*> res;
    for (const auto& r : e.regexes) res.push_back(r.get());
    if (grep_word_in_buffer(res, data, len)) found[e.spec] = 1;
  }
  for (uint32_t i = 0; i < count_; i++)
    if (found[i]) hits.push_back(i);
}

}  // namespace ksince
