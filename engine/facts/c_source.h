#pragma once
// A tolerant C tokenizer for the source-fact extractors: comments, strings
// and preprocessor lines are dropped, every token keeps its line and the
// #if/#ifdef/#elif/#else conditions around it, and brackets are matched.
// It is not a C parser: the extractors read the few idioms they need on top
// of the token stream, and report what they cannot read.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ksince::csrc {

enum class TokKind : uint8_t { Ident, Number, String, Char, Punct };

struct Token {
  TokKind kind;
  std::string_view text;  // into the tokenized text, which must outlive it
  uint32_t line;          // 1-based
  uint32_t pp;            // index into Source::pp_sets: the conditions around it
  int32_t match = -1;     // for ( [ { ) ] }: index of the partner, -1 if none
};

struct Problem {
  uint32_t line;
  std::string what;
};

// A `#define NAME` outside `#if 0`.
struct Define {
  std::string name;
  uint32_t line;
  int params = -1;        // a function-like macro's named parameters; -1: object-like
  bool variadic = false;  // `...` or `args...` ends its list
};
struct Source {
  std::vector<Token> toks;
  std::vector<Define> defines;
  // Each set lists the preprocessor conditions that mention a CONFIG_ option,
  // outermost first: "CONFIG_NET", "!CONFIG_NET", or the whole expression
  // when it is more than one option ("defined(CONFIG_A) || defined(CONFIG_B)").
  std::vector<std::vector<std::string>> pp_sets;
  std::vector<Problem> problems;  // unbalanced #endif, unterminated comment, ...

  bool is(size_t i, std::string_view text) const { return i < toks.size() && toks[i].text == text; }
  bool ident(size_t i) const { return i < toks.size() && toks[i].kind == TokKind::Ident; }
  // The text from token b to token e (exclusive), tokens joined by one space
  // where the source had space between them.
  std::string text(size_t b, size_t e) const;
};

// Never throws: what it cannot read goes into Source::problems. Code under
// `#if 0` is dropped.
Source tokenize(std::string_view text);
// The same into `into`, whose buffers are reused: a reader of many files
// keeps one Source and so allocates its token array once.
void tokenize(std::string_view text, Source& into);

// Splits tokens [b, e) at the occurrences of `op` outside brackets (the
// arguments of a call at ",", the terms of a condition at "&&"); with
// `braces`, outside braces too (a struct body's members at ";").
std::vector<std::pair<size_t, size_t>> split_top_level(const Source& s, size_t b, size_t e, std::string_view op,
                                                       bool braces = false);

// "X" -> "!X", "!X" -> "X", anything else -> "!(...)".
std::string negate_condition(const std::string& cond);

}  // namespace ksince::csrc
