// The C tokenizer under the facts and the definitions reader: its
// preprocessor lines (read as views when they have neither a continuation
// nor a comment, copied when they have one), its punctuation, one Source
// reused across files; and the identifier index's word scanner against a
// plain reference.
#include <doctest/doctest.h>

#include <random>
#include <set>
#include <string>
#include <vector>

#include "facts/c_source.h"
#include "scan/identifier_words.h"
#include "util/hash.h"

using namespace ksince;

namespace {

std::vector<std::string> texts(const csrc::Source& s) {
  std::vector<std::string> out;
  for (const csrc::Token& t : s.toks) out.emplace_back(t.text);
  return out;
}

std::vector<std::pair<std::string, uint32_t>> defines(const csrc::Source& s) {
  std::vector<std::pair<std::string, uint32_t>> out;
  for (const csrc::Define& d : s.defines) out.emplace_back(d.name, d.line);
  return out;
}

// Everything a Source holds, as one comparable value.
std::string dump(const csrc::Source& s) {
  std::string out;
  for (const csrc::Token& t : s.toks)
    out += std::to_string(int(t.kind)) + ":" + std::string(t.text) + "@" + std::to_string(t.line) + "/" +
           std::to_string(t.pp) + "/" + std::to_string(t.match) + "\n";
  for (const csrc::Define& d : s.defines) out += "D" + d.name + "@" + std::to_string(d.line) + "\n";
  for (const auto& set : s.pp_sets) {
    out += "P";
    for (const std::string& c : set) out += c + ",";
    out += "\n";
  }
  for (const csrc::Problem& p : s.problems) out += "E" + std::to_string(p.line) + p.what + "\n";
  return out;
}

// Random C-like text: tokens, directives (some continued, some with
// comments), comments, literals, brackets and whitespace.
// `no_block_comments` leaves out what could open a `/*` (which could swallow
// a directive line).
std::string random_c(std::mt19937& rng, size_t pieces, bool no_block_comments = false) {
  static const char* const kPieces[] = {
      "foo", "bar_2", "_x", "CONFIG_A", "0x1f", "42", "4k", "->", "==", "!=", "<=", ">=", "&&", "||", "++", "--",
      "<<", ">>", "+=", "-=", "*=", "/=", "|=", "&=", "^=", "##", "#", "-", "+", "*", "/", "&", "|", "^", "!",
      "=", "<", ">", ".", ",", ";", "?", ":", "~", "%", "(", ")", "[", "]", "{", "}", " ", "\t", "\n", "\n",
      "\\\n", "\"s\\\"t\"", "'c'", "\"open", "/* c\n */", "// line\n", "\n#define M1 1\n", "\n#  define M2(a) a\n",
      "\n#define\tM3\\\n 3\n", "\n#define /* c */ M4 4\n", "\n#define M5 1 // c\n", "\n#define 9X\n",
      "\n#if 0\n", "\n#if 1\n", "\n#ifdef CONFIG_A\n", "\n#ifndef CONFIG_B\n", "\n#if defined(CONFIG_C) && X\n",
      "\n#elif IS_ENABLED(CONFIG_D)\n", "\n#else\n", "\n#endif\n", "\n#endif /* CONFIG_A */\n",
      "\n#if CONFIG_E \\\r\n || CONFIG_F\n", "\n#include <x.h>\n", "\n#pragma once\n", "\r\n"};
  std::uniform_int_distribution<size_t> pick(0, std::size(kPieces) - 1);
  std::string out;
  for (size_t i = 0; i < pieces; i++) {
    std::string_view p = kPieces[pick(rng)];
    if (no_block_comments && (p == "/" || p.find("/*") != std::string_view::npos)) continue;
    out += p;
  }
  return out;
}

// The words as a plain scan sees them: runs of [A-Za-z0-9_] not starting
// with a digit, each once, in order of first appearance.
std::vector<std::string> reference_words(const std::string& text) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  size_t i = 0;
  auto word = [](unsigned char c) { return std::isalnum(c) || c == '_'; };
  while (i < text.size()) {
    if (!word(text[i])) {
      i++;
      continue;
    }
    size_t b = i;
    while (i < text.size() && word(text[i])) i++;
    std::string w = text.substr(b, i - b);
    if (!std::isdigit(static_cast<unsigned char>(w[0])) && seen.insert(w).second) out.push_back(w);
  }
  return out;
}

}  // namespace

TEST_CASE("c source: #define names, with continuations, comments and spaces in the directive") {
  csrc::Source s = csrc::tokenize(
      "#define A 1\n"
      "#  define B(x) x\n"
      "#define\tC \\\n  2\n"
      "# define /* c */ D 4\n"
      "#define E 5 // c\n"
      "#define 9F\n"
      "#if 0\n#define G\n#endif\n"
      "#define H \\\r\n 1\n"
      "int x;\n");
  CHECK(defines(s) == std::vector<std::pair<std::string, uint32_t>>{
                          {"A", 1}, {"B", 2}, {"C", 3}, {"D", 5}, {"E", 6}, {"H", 11}});
  CHECK(texts(s) == std::vector<std::string>{"int", "x", ";"});
  CHECK(s.toks[0].line == 13);
}

TEST_CASE("c source: conditions of a directive are the same with or without a comment after them") {
  std::mt19937 rng(20261207);
  for (int round = 0; round < 300; round++) {
    std::string text = random_c(rng, 40, true);
    // The same text with a comment at the end of every directive line: the
    // directive is then copied, not viewed, and must read the same.
    std::vector<std::string> lines{""};
    for (char c : text) {
      if (c == '\n') lines.emplace_back();
      else lines.back().push_back(c);
    }
    std::string commented;
    bool continued = false;  // the line before ended with a backslash
    for (size_t i = 0; i < lines.size(); i++) {
      const std::string& line = lines[i];
      size_t k = line.find_first_not_of(" \t");
      bool ends_continued = !line.empty() && (line.back() == '\\' || (line.size() > 1 && line.back() == '\r' &&
                                                                       line[line.size() - 2] == '\\'));
      bool directive = !continued && k != std::string::npos && line[k] == '#' && !ends_continued &&
                       line.find("//") == std::string::npos && line.find('"') == std::string::npos &&
                       line.find('\'') == std::string::npos && line.back() != '\r';
      commented += line;
      if (directive) commented += " /* end */";
      if (i + 1 < lines.size()) commented += '\n';
      continued = ends_continued;
    }
    csrc::Source a = csrc::tokenize(text), b = csrc::tokenize(commented);
    INFO(text);
    CHECK(defines(a) == defines(b));
    CHECK(a.pp_sets == b.pp_sets);
    CHECK(texts(a) == texts(b));
  }
}

TEST_CASE("c source: one- and two-character punctuation") {
  csrc::Source s = csrc::tokenize("a->b == c != d <= e >= f && g || h++ --i << j >> k += l -= m *= n /= o |= p &= q ^= r ## s"
                                  " - + * / & | ^ ! = < > -> ->> ===");
  std::vector<std::string> punct;
  for (const csrc::Token& t : s.toks)
    if (t.kind == csrc::TokKind::Punct) punct.emplace_back(t.text);
  CHECK(punct == std::vector<std::string>{"->", "==", "!=", "<=", ">=", "&&", "||", "++", "--", "<<", ">>", "+=",
                                          "-=",  "*=", "/=", "|=", "&=", "^=", "##", "-",  "+",  "*",  "/",  "&",
                                          "|",   "^",  "!",  "=",  "<",  ">",  "->", "->", ">",  "==", "="});
}

TEST_CASE("c source: a Source reused across texts reads each as a fresh one does") {
  std::mt19937 rng(7);
  csrc::Source reused;
  for (int round = 0; round < 300; round++) {
    std::string text = random_c(rng, 10 + round % 90);
    csrc::tokenize(text, reused);
    INFO(text);
    CHECK(dump(reused) == dump(csrc::tokenize(text)));
  }
}

TEST_CASE("identifier words: each distinct word once, in order, with its hash, as a plain scan finds them") {
  std::mt19937 rng(11);
  std::vector<std::string_view> words;
  std::vector<uint64_t> hashes;
  for (int round = 0; round < 200; round++) {
    // Some texts far bigger than others: the word set's slots grow within a
    // text and are sized again for the next.
    std::string text = random_c(rng, round % 10 == 0 ? 20000 : 30);
    for (int k = 0; k < (round % 10 == 0 ? 5000 : 5); k++) text += " w" + std::to_string(rng() % 100000);
    text += std::string("\xc3\xa9t\xc3\xa9 caf\xc3\xa9", 12);
    words.clear();
    hashes.clear();
    identifier_words(text, words, hashes);
    std::vector<std::string> got(words.begin(), words.end());
    REQUIRE(got == reference_words(text));
    for (size_t i = 0; i < words.size(); i++) CHECK(hashes[i] == hash_bytes(words[i]));
  }
}
