#include "facts/kfunc_filter.h"

#include <vector>

#include "facts/verifier_checks.h"

namespace ksince::kfilter {
namespace {

using nlohmann::json;

struct NotRead {
  uint32_t line;
  std::string what;
};

class Reader {
 public:
  Reader(const csrc::Source& s, const Predicates& p) : s_(s), predicates_(p) {}

  json expr(size_t b, size_t e, int depth = 0) const {
    if (b >= e) throw NotRead{line(b), "an empty condition"};
    if (s_.is(b, "(") && s_.toks[b].match == static_cast<int32_t>(e - 1)) return expr(b + 1, e - 1, depth);
    for (const char* op : {"||", "&&"}) {
      auto parts = csrc::split_top_level(s_, b, e, op);
      if (parts.size() < 2) continue;
      json list = json::array();
      for (auto [pb, pe] : parts) list.push_back(expr(pb, pe, depth));
      return {{op == std::string("||") ? "or" : "and", list}};
    }
    if (s_.is(b, "!")) return {{"not", expr(b + 1, e, depth)}};
    for (const char* op : {"==", "!="}) {
      auto parts = csrc::split_top_level(s_, b, e, op);
      if (parts.size() != 2) continue;
      std::string lhs = s_.text(parts[0].first, parts[0].second);
      std::string rhs = s_.text(parts[1].first, parts[1].second);
      json atom;
      if (lhs == "prog->type" || lhs == "resolve_prog_type(prog)") atom = {{"type", rhs}};
      else if (lhs == "prog->expected_attach_type") atom = {{"attach", rhs}};
      else throw NotRead{line(b), "a filter test not understood: " + s_.text(b, e)};
      if (rhs.empty() || !s_.ident(parts[1].first) || parts[1].second != parts[1].first + 1)
        throw NotRead{line(b), "a filter test not understood: " + s_.text(b, e)};
      return op == std::string("==") ? atom : json{{"not", atom}};
    }
    // btf_id_set8_contains(&S, kfunc_id)
    if (e == b + 7 && s_.is(b, "btf_id_set8_contains") && s_.is(b + 1, "(") && s_.is(b + 2, "&") && s_.ident(b + 3) &&
        s_.is(b + 4, ",") && s_.is(b + 5, "kfunc_id") && s_.is(b + 6, ")"))
      return {{"in_set", std::string(s_.toks[b + 3].text)}};
    // f(prog), f a one-statement predicate of this file.
    if (e == b + 4 && s_.ident(b) && s_.is(b + 1, "(") && s_.is(b + 2, "prog") && s_.is(b + 3, ")") && depth < 4) {
      auto it = predicates_.find(std::string(s_.toks[b].text));
      if (it != predicates_.end()) return expr(it->second.first, it->second.second, depth + 1);
    }
    throw NotRead{line(b), "a filter test not understood: " + s_.text(b, e)};
  }

  // `0` -> allow, `-EXXX` -> refuse.
  bool value(size_t b, size_t e) const {
    if (e == b + 1 && s_.is(b, "0")) return true;
    if (e == b + 2 && s_.is(b, "-") && s_.ident(b + 1) && s_.toks[b + 1].text[0] == 'E') return false;
    throw NotRead{line(b), "a filter return value not understood: " + s_.text(b, e)};
  }

  uint32_t line(size_t i) const { return i < s_.toks.size() ? s_.toks[i].line : (s_.toks.empty() ? 0 : s_.toks.back().line); }

 private:
  const csrc::Source& s_;
  const Predicates& predicates_;
};

size_t find_semicolon(const csrc::Source& s, size_t b, size_t e) {
  for (size_t i = b; i < e; ++i) {
    if ((s.toks[i].text == "(" || s.toks[i].text == "[") && s.toks[i].match > static_cast<int32_t>(i)) {
      i = static_cast<size_t>(s.toks[i].match);
      continue;
    }
    if (s.toks[i].text == ";") return i;
  }
  return e;
}

// "A == B" <-> "A != B" for one test; "!(...)" around anything longer.
std::string negate(const std::string& c) {
  if (c.find(" && ") == std::string::npos && c.find(" || ") == std::string::npos) {
    size_t eq = c.find(" == "), ne = c.find(" != ");
    if (eq != std::string::npos && ne == std::string::npos) return c.substr(0, eq) + " != " + c.substr(eq + 4);
    if (ne != std::string::npos && eq == std::string::npos) return c.substr(0, ne) + " == " + c.substr(ne + 4);
  }
  return "!(" + c + ")";
}

struct Value {
  enum Kind { T, F, C, X } k;
  std::string cond;  // C: the attach-type condition under which it is true
};

Value eval(const json& e, const std::string& type, const std::set<std::string>& sets) {
  if (e.contains("type")) return {e["type"] == type ? Value::T : Value::F, ""};
  if (e.contains("in_set")) return {sets.count(e["in_set"].get<std::string>()) ? Value::T : Value::F, ""};
  if (e.contains("attach")) return {Value::C, "prog->expected_attach_type == " + e["attach"].get<std::string>()};
  if (e.contains("true")) return {Value::T, ""};
  if (e.contains("not")) {
    Value v = eval(e["not"], type, sets);
    if (v.k == Value::T) return {Value::F, ""};
    if (v.k == Value::F) return {Value::T, ""};
    if (v.k == Value::C) return {Value::C, negate(v.cond)};
    return v;
  }
  bool is_or = e.contains("or");
  const json& list = is_or ? e["or"] : e["and"];
  Value::Kind decisive = is_or ? Value::T : Value::F;
  std::vector<std::string> conds;
  bool unknown = false;
  for (const json& x : list) {
    Value v = eval(x, type, sets);
    if (v.k == decisive) return {decisive, ""};
    if (v.k == Value::X) unknown = true;
    if (v.k == Value::C) conds.push_back(v.cond);
  }
  if (unknown) return {Value::X, ""};
  if (conds.empty()) return {is_or ? Value::F : Value::T, ""};
  std::string joined;
  for (const auto& c : conds) joined += (joined.empty() ? "" : is_or ? " || " : " && ") + c;
  return {Value::C, conds.size() > 1 ? "(" + joined + ")" : joined};
}

}  // namespace

json read_filter(const csrc::Source& s, size_t open, size_t close, const Predicates& predicates) {
  Reader r(s, predicates);
  json rules = json::array();
  try {
    size_t i = open + 1;
    while (i < close) {
      if (s.is(i, "if") && s.is(i + 1, "(") && s.toks[i + 1].match > 0) {
        size_t rp = static_cast<size_t>(s.toks[i + 1].match);
        json cond = r.expr(i + 2, rp);
        size_t b = rp + 1, end;
        bool braces = s.is(b, "{") && s.toks[b].match > 0;
        if (braces) {
          end = static_cast<size_t>(s.toks[b].match);
          ++b;
        }
        if (!s.is(b, "return")) throw NotRead{r.line(b), "an if without a plain return in a filter"};
        size_t semi = find_semicolon(s, b + 1, close);
        bool allow = r.value(b + 1, semi);
        if (braces && end != semi + 1) throw NotRead{r.line(b), "an if block that does more than return"};
        if (s.is(semi + (braces ? 2 : 1), "else")) throw NotRead{r.line(semi), "an else in a filter"};
        rules.push_back({{"cond", cond}, {"allow", allow}});
        i = braces ? end + 1 : semi + 1;
        continue;
      }
      if (s.is(i, "return")) {
        size_t semi = find_semicolon(s, i + 1, close);
        auto q = csrc::split_top_level(s, i + 1, semi, "?");
        if (q.size() == 2) {
          auto ab = csrc::split_top_level(s, q[1].first, q[1].second, ":");
          if (ab.size() != 2) throw NotRead{r.line(i), "a conditional return not understood"};
          json cond = r.expr(q[0].first, q[0].second);
          rules.push_back({{"cond", cond}, {"allow", r.value(ab[0].first, ab[0].second)}});
          rules.push_back({{"cond", {{"true", 1}}}, {"allow", r.value(ab[1].first, ab[1].second)}});
        } else {
          rules.push_back({{"cond", {{"true", 1}}}, {"allow", r.value(i + 1, semi)}});
        }
        if (semi + 1 < close) throw NotRead{r.line(semi + 1), "code after the filter's last return"};
        return {{"rules", rules}};
      }
      throw NotRead{r.line(i), "a statement not understood in a filter: " + s.text(i, find_semicolon(s, i, close))};
    }
    throw NotRead{r.line(close), "a filter that ends without a return"};
  } catch (const NotRead& n) {
    // The rules read so far still decide the kfuncs they return for.
    return {{"rules", rules}, {"unknown", n.what}, {"line", n.line}};
  }
}

Outcome evaluate(const json& filter, const std::string& type, const std::set<std::string>& sets) {
  // Backwards from the last rule read: what the function returns from each
  // rule on (unknown from where reading stopped).
  Outcome result{Verdict::Unknown, ""};
  const json& rules = filter["rules"];
  for (auto it = rules.rbegin(); it != rules.rend(); ++it) {
    Value c = eval((*it)["cond"], type, sets);
    Verdict v = (*it)["allow"].get<bool>() ? Verdict::Allow : Verdict::Refuse;
    if (c.k == Value::T) {
      result = {v, ""};
    } else if (c.k == Value::F) {
      continue;
    } else if (result.verdict == v) {
      continue;  // either way the same answer
    } else if (c.k == Value::C && (result.verdict == Verdict::Allow || result.verdict == Verdict::Refuse)) {
      // Allowed when the condition says allow, else what follows.
      result = {Verdict::Conditional, v == Verdict::Allow ? c.cond : negate(c.cond)};
    } else {
      result = {Verdict::Unknown, ""};
    }
  }
  return result;
}

}  // namespace ksince::kfilter
