#include "facts/func_proto_walk.h"

#include <algorithm>
#include <optional>

#include "facts/func_proto_cond.h"

namespace ksince {
namespace {

using nlohmann::json;

struct Out {
  std::string kind;  // proto, call, null, var, unknown
  std::string name;
  ProtoCond cond;
  uint32_t line;
};

// One `switch` being walked.
struct Switch {
  bool on_func_id;                     // else on the expected attach type
  int index = -1;                      // into "switches" (func_id switches)
  int step = -1;                       // the case step being filled
  bool step_has_stmt = false;
  bool in_default = false;
  int label_if_depth = 0;              // if-nesting at the label
  std::vector<std::string> attach_cur;  // attach-type labels of the section
  std::vector<std::string> attach_all;  // all the attach-type labels
  bool attach_default = false;
  bool attach_has_stmt = false;
};

// What one statement tells the walk of the statements after it.
struct Stmt {
  size_t next;  // the token after it
  // Whether every path through it ends in a return (or break/goto). Unset
  // when the statement does not say (an empty statement, a label, a
  // declaration): the list keeps what the statement before it said.
  std::optional<bool> ends_paths = std::nullopt;
  // `if (c) return ...;` without an else: the statements after it run under !c.
  std::optional<ProtoCond> gate = std::nullopt;
};

class Walker {
 public:
  Walker(const csrc::Source& s, uint32_t fn_pp, json& unknowns) : s_(s), fn_pp_(fn_pp), unknowns_(unknowns) {}

  json run(size_t open) {
    size_t close = static_cast<size_t>(s_.toks[open].match);
    walk_list(open + 1, close, ProtoCond{});
    for (json& st : steps_)
      if (st.contains("deferred")) {
        unknown(st["line"].get<uint32_t>(), "case assigns a proto to " + st["deferred"].get<std::string>() +
                                                " that is never returned");
        st.erase("deferred");
      }
    return json{{"steps", steps_}, {"switches", switches_}};
  }

 private:
  const csrc::Source& s_;
  uint32_t fn_pp_;
  json& unknowns_;
  json steps_ = json::array();
  json switches_ = json::array();
  std::vector<std::string> vars_;
  std::vector<Switch> sw_;
  int if_depth_ = 0;

  void unknown(uint32_t line, const std::string& what) { unknowns_.push_back({{"line", line}, {"what", what}}); }

  std::string_view tx(size_t i) const { return i < s_.toks.size() ? s_.toks[i].text : std::string_view(); }
  // Token i opens a bracket closed before e.
  bool opens(size_t i, size_t e) const {
    return i < s_.toks.size() && s_.toks[i].match > static_cast<int32_t>(i) && static_cast<size_t>(s_.toks[i].match) < e;
  }

  // The kconfig of token i: its #if conditions that are not the function's.
  std::vector<std::string> kconfig_at(size_t i) const {
    std::vector<std::string> out;
    const auto& fn = s_.pp_sets[fn_pp_];
    for (const std::string& c : s_.pp_sets[s_.toks[i].pp])
      if (std::find(fn.begin(), fn.end(), c) == fn.end()) out.push_back(c);
    return out;
  }

  // The end of the statement starting at i: its `;`, skipping brackets.
  size_t stmt_end(size_t i, size_t e) const {
    for (; i < e; ++i) {
      const csrc::Token& t = s_.toks[i];
      if ((t.text == "(" || t.text == "[" || t.text == "{") && t.match > static_cast<int32_t>(i))
        i = static_cast<size_t>(t.match);
      else if (t.text == ";")
        return i;
    }
    return e;
  }

  Switch* func_switch() {
    for (auto it = sw_.rbegin(); it != sw_.rend(); ++it)
      if (it->on_func_id) return &*it;
    return nullptr;
  }

  // The conditions of the attach-type switches we are in.
  ProtoCond attach_cond() const {
    ProtoCond c;
    for (const Switch& w : sw_) {
      if (w.on_func_id) continue;
      if (w.attach_default) {
        for (const std::string& a : w.attach_all)
          if (std::find(w.attach_cur.begin(), w.attach_cur.end(), a) == w.attach_cur.end())
            c.attach_type_not.push_back(a);
      } else {
        c.attach_type.insert(c.attach_type.end(), w.attach_cur.begin(), w.attach_cur.end());
      }
    }
    return c;
  }

  void mark_stmt() {
    if (sw_.empty()) return;
    Switch& w = sw_.back();
    if (w.on_func_id) w.step_has_stmt = true;
    else w.attach_has_stmt = true;
  }

  // Statements [b, e). Returns whether every path through them ends in a
  // return (or break/goto): then what follows sees the negated `if`s.
  bool walk_list(size_t b, size_t e, ProtoCond cond) {
    const ProtoCond base = cond;
    bool ends_paths = false;
    size_t i = b;
    while (i < e) {
      // A case label starts another path: the `if (...) return` gates of
      // the cases above it are not on that path.
      if (is_label(i)) {
        cond = base;
        ends_paths = false;
      }
      Stmt st = walk_stmt(i, e, cond);
      if (st.ends_paths) ends_paths = *st.ends_paths;
      if (st.gate) cond.add(*st.gate);
      i = st.next > i ? st.next : i + 1;  // never loop
    }
    return ends_paths;
  }

  bool is_label(size_t i) const {
    return s_.toks[i].text == "case" || (s_.toks[i].text == "default" && tx(i + 1) == ":");
  }

  // The statement at i, which ends before e, by its first word.
  Stmt walk_stmt(size_t i, size_t e, const ProtoCond& cond) {
    std::string_view w = s_.toks[i].text;
    if (w == "{") return walk_block(i, e, cond);
    if (w == ";") return {i + 1};
    if (w == "if" && opens(i + 1, e)) return walk_if(i, e, cond);
    if (w == "switch" && opens(i + 1, e)) return walk_switch(i, e, cond);
    if (is_label(i)) return {read_label(i, e)};
    if (w == "return") {
      size_t end = stmt_end(i, e);
      on_return(i, i + 1, end, cond);
      mark_stmt();
      return {end + 1, true};
    }
    if (w == "break" || w == "goto" || w == "continue") {
      // `break` out of a helper case: its helpers go on to the steps after the switch.
      Switch* inner = sw_.empty() ? nullptr : &sw_.back();
      if (w == "break" && inner && inner->on_func_id && inner->step >= 0) steps_[inner->step]["falls"] = true;
      mark_stmt();
      return {stmt_end(i, e) + 1, true};
    }
    if (w == "for" || w == "while" || w == "do") return {skip_loop(i, e)};
    if (s_.toks[i].kind == csrc::TokKind::Ident && tx(i + 1) == ":") return {i + 2};  // a goto label
    return {walk_expression(i, e, cond)};
  }

  Stmt walk_block(size_t open, size_t e, const ProtoCond& cond) {
    size_t close = opens(open, e) ? static_cast<size_t>(s_.toks[open].match) : e;
    bool ends_paths = walk_list(open + 1, std::min(close, e), cond);
    return {close + 1, ends_paths};
  }

  // `if (c) A [else B]`: A under c, B under !c. Without an else, a path
  // ending in A leaves what follows under !c.
  Stmt walk_if(size_t i, size_t e, const ProtoCond& cond) {
    size_t cond_begin = i + 2, cond_end = static_cast<size_t>(s_.toks[i + 1].match);
    ProtoCond then_cond = cond, else_cond = cond;
    then_cond.add(read_condition(s_, cond_begin, cond_end, true, vars_));
    ProtoCond negated = read_condition(s_, cond_begin, cond_end, false, vars_);
    else_cond.add(negated);
    ++if_depth_;
    Stmt then_st = walk_stmt(cond_end + 1, e, then_cond);
    bool then_ends = then_st.ends_paths.value_or(false);
    Stmt result{then_st.next, false};
    if (tx(then_st.next) == "else") {
      Stmt else_st = walk_stmt(then_st.next + 1, e, else_cond);
      result = {else_st.next, then_ends && else_st.ends_paths.value_or(false)};
    } else if (then_ends) {
      result.gate = negated;
    }
    --if_depth_;
    return result;
  }

  // `switch (func_id)` labels cases with helper ids; `switch
  // (prog->expected_attach_type)` puts the returns in it under attach types.
  Stmt walk_switch(size_t i, size_t e, const ProtoCond& cond) {
    size_t expr_end = static_cast<size_t>(s_.toks[i + 1].match);
    std::string expr = s_.text(i + 2, expr_end);
    size_t body_open = expr_end + 1;
    if (tx(body_open) != "{" || !opens(body_open, e)) {
      unknown(s_.toks[i].line, "switch without a body: " + expr);
      return {stmt_end(i, e) + 1};
    }
    size_t body_close = static_cast<size_t>(s_.toks[body_open].match);
    Switch sw;
    if (expr.find("func_id") != std::string::npos) {
      sw.on_func_id = true;
      sw.index = static_cast<int>(switches_.size());
      switches_.push_back(json::array());
    } else if (expr.find("expected_attach_type") != std::string::npos) {
      sw.on_func_id = false;
      for (size_t k = body_open + 1; k < body_close; ++k)
        if (s_.toks[k].text == "case" && s_.ident(k + 1)) sw.attach_all.emplace_back(s_.toks[k + 1].text);
    } else {
      unknown(s_.toks[i].line, "switch on something else than the helper id or attach type: " + expr);
      return {body_close + 1};
    }
    mark_stmt();
    sw_.push_back(std::move(sw));
    walk_list(body_open + 1, body_close, cond);
    sw_.pop_back();
    return {body_close + 1, false};
  }

  // `case X:` or `default:` at i. Returns the token after its colon.
  size_t read_label(size_t i, size_t e) {
    size_t colon = i + 1;
    while (colon < e && tx(colon) != ":") ++colon;
    if (sw_.empty()) {
      unknown(s_.toks[i].line, "case label outside a switch");
    } else if (sw_.back().on_func_id) {
      read_helper_label(i, colon);
    } else {
      read_attach_label(i, colon);
    }
    return colon + 1;
  }

  // A label of `switch (func_id)`: consecutive labels share one case step.
  void read_helper_label(size_t i, size_t colon) {
    Switch& sw = sw_.back();
    if (s_.toks[i].text == "default") {
      sw.in_default = true;
      sw.step = -1;
      sw.label_if_depth = if_depth_;
      return;
    }
    sw.in_default = false;
    std::string label = s_.text(i + 1, colon);
    if (label.rfind("BPF_FUNC_", 0) != 0 || colon != i + 2) {
      unknown(s_.toks[i].line, "case label that is not a helper id: " + label);
      return;
    }
    std::string id = label.substr(9);
    switches_[sw.index].push_back(id);
    if (sw.step < 0 || sw.step_has_stmt) {
      sw.step = static_cast<int>(steps_.size());
      sw.step_has_stmt = false;
      sw.label_if_depth = if_depth_;
      steps_.push_back({{"k", "case"}, {"ids", json::array()}, {"line", s_.toks[i].line}, {"sw", sw.index},
                        {"outs", json::array()}, {"falls", false}});
    }
    steps_[sw.step]["ids"].push_back(id);
    std::vector<std::string> kconfig = kconfig_at(i);
    if (!kconfig.empty()) steps_[sw.step]["kconfig"] = kconfig;
  }

  // A label of `switch (expected_attach_type)`: the labels before a
  // section's first statement are its attach types.
  void read_attach_label(size_t i, size_t colon) {
    Switch& sw = sw_.back();
    if (sw.attach_has_stmt) {
      sw.attach_cur.clear();
      sw.attach_default = false;
      sw.attach_has_stmt = false;
    }
    if (s_.toks[i].text == "default") sw.attach_default = true;
    else sw.attach_cur.push_back(s_.text(i + 1, colon));
  }

  // Loops are not read: past `for (...) stmt`, `while (...) stmt` or `do stmt`.
  size_t skip_loop(size_t i, size_t e) {
    std::string_view w = s_.toks[i].text;
    unknown(s_.toks[i].line, std::string("loop in a func_proto not read: ") + std::string(w));
    if (w == "do") {
      size_t body = i + 1;
      if (opens(body, e)) body = static_cast<size_t>(s_.toks[body].match) + 1;
      return stmt_end(body, e) + 1;
    }
    if (!opens(i + 1, e)) return stmt_end(i, e) + 1;
    size_t body = static_cast<size_t>(s_.toks[i + 1].match) + 1;
    if (opens(body, e)) return static_cast<size_t>(s_.toks[body].match) + 1;
    return stmt_end(body, e) + 1;
  }

  // A declaration or an expression statement: a local proto pointer and
  // assignments to it are read; anything else in a case is reported.
  size_t walk_expression(size_t i, size_t e, const ProtoCond& cond) {
    size_t end = stmt_end(i, e);
    if (s_.toks[i].text == "fallthrough") return end + 1;
    // `const struct bpf_func_proto *fn [= expr];`
    for (size_t k = i; k + 2 < end; ++k)
      if (tx(k) == "bpf_func_proto" && tx(k + 1) == "*" && s_.ident(k + 2)) {
        vars_.emplace_back(s_.toks[k + 2].text);
        if (tx(k + 3) == "=") on_assign(std::string(s_.toks[k + 2].text), k + 4, end, cond);
        return end + 1;
      }
    if (s_.ident(i) && tx(i + 1) == "=") {
      mark_stmt();
      on_assign(std::string(s_.toks[i].text), i + 2, end, cond);
      return end + 1;
    }
    Switch* func_sw = func_switch();
    if (func_sw && func_sw->step >= 0 && !func_sw->in_default)
      unknown(s_.toks[i].line, "statement in a case not read: " + s_.text(i, end));
    mark_stmt();
    return end + 1;
  }

  // What the expression [b, e) can be, with its conditions (`?:` splits).
  void eval(size_t b, size_t e, const ProtoCond& cond, std::vector<Out>& outs) {
    while (b < e && tx(b) == "(" && s_.toks[b].match == static_cast<int32_t>(e - 1)) {
      ++b;
      --e;
    }
    if (b >= e) {
      outs.push_back({"unknown", "", cond, 0});
      return;
    }
    uint32_t line = s_.toks[b].line;
    ProtoCond here = cond;
    for (const std::string& k : kconfig_at(b))
      if (std::find(here.kconfig.begin(), here.kconfig.end(), k) == here.kconfig.end()) here.kconfig.push_back(k);
    // Top-level `?` and its `:`.
    size_t q = e, colon = e;
    int nest = 0;
    for (size_t i = b; i < e; ++i) {
      const csrc::Token& t = s_.toks[i];
      if ((t.text == "(" || t.text == "[") && t.match > static_cast<int32_t>(i)) {
        i = static_cast<size_t>(t.match);
        continue;
      }
      if (t.text == "?") {
        if (q == e) q = i;
        else ++nest;
      } else if (t.text == ":" && q != e) {
        if (nest == 0) {
          colon = i;
          break;
        }
        --nest;
      }
    }
    if (q != e && colon != e) {
      ProtoCond yes = here, no = here;
      yes.add(read_condition(s_, b, q, true, vars_));
      no.add(read_condition(s_, b, q, false, vars_));
      eval(q + 1, colon, yes, outs);
      eval(colon + 1, e, no, outs);
      return;
    }
    std::string_view first = tx(b);
    if (e == b + 1 && (first == "NULL" || first == "0")) {
      outs.push_back({"null", "", here, line});
    } else if (first == "&" && s_.ident(b + 1)) {
      outs.push_back({"proto", s_.text(b + 1, e), here, line});
    } else if (s_.ident(b) && tx(b + 1) == "(" && s_.toks[b + 1].match == static_cast<int32_t>(e - 1)) {
      if (first.ends_with("func_proto")) outs.push_back({"call", std::string(first), here, line});
      else outs.push_back({"proto", s_.text(b, e), here, line});
    } else if (e == b + 1 && s_.ident(b)) {
      bool var = std::find(vars_.begin(), vars_.end(), first) != vars_.end();
      outs.push_back({var ? "var" : "proto", std::string(first), here, line});
    } else {
      outs.push_back({"unknown", s_.text(b, e), here, line});
    }
  }

  json out_json(const Out& o) {
    json j = {{"line", o.line}, {"cond", o.cond.to_json()}};
    if (o.kind == "proto") j["proto"] = o.name;
    else if (o.kind == "call") j["call"] = o.name;
    else j["null"] = true;
    return j;
  }

  void on_return(size_t ret, size_t b, size_t e, const ProtoCond& cond) {
    std::vector<Out> outs;
    ProtoCond c = cond;
    c.add(attach_cond());
    eval(b, e, c, outs);
    Switch* fs = func_switch();
    uint32_t line = s_.toks[ret].line;
    if (fs && fs->step >= 0 && !fs->in_default) {
      json& st = steps_[fs->step];
      for (const Out& o : outs) {
        if (o.kind == "unknown" || o.kind == "var") {
          unknown(line, "case returns something not read: " + s_.text(b, e));
          continue;
        }
        st["outs"].push_back(out_json(o));
      }
      return;
    }
    // In a `default:` or outside the switches: the ids it sees.
    int except = fs && fs->in_default ? fs->index : -1;
    bool unconditional = if_depth_ == (fs ? fs->label_if_depth : 0) && attach_cond().empty();
    for (const Out& o : outs) {
      if (o.kind == "call") {
        steps_.push_back({{"k", "call"}, {"target", o.name}, {"cond", o.cond.to_json()}, {"line", o.line},
                          {"terminal", unconditional}, {"except_sw", except}});
      } else if (o.kind == "var") {
        resolve_deferred(o.name, o.cond);
      } else if (o.kind != "null") {
        unknown(line, "func_proto returns a proto for every helper: " + s_.text(b, e));
      }
    }
    if (unconditional) steps_.push_back({{"k", "stop"}, {"line", line}, {"except_sw", except}});
  }

  void on_assign(const std::string& var, size_t b, size_t e, const ProtoCond& cond) {
    std::vector<Out> outs;
    ProtoCond c = cond;
    c.add(attach_cond());
    eval(b, e, c, outs);
    Switch* fs = func_switch();
    bool in_case = fs && fs->step >= 0 && !fs->in_default;
    int except = fs && fs->in_default ? fs->index : -1;
    for (const Out& o : outs) {
      if (o.kind == "call" && !in_case) {
        steps_.push_back({{"k", "call"}, {"target", o.name}, {"cond", o.cond.to_json()}, {"line", o.line},
                          {"terminal", false}, {"except_sw", except}});
      } else if (in_case && (o.kind == "proto" || o.kind == "call" || o.kind == "null")) {
        json& st = steps_[fs->step];
        json oj = out_json(o);
        oj["deferred"] = var;
        st["outs"].push_back(oj);
        st["deferred"] = var;
      } else if (o.kind != "null") {
        unknown(o.line ? o.line : s_.toks[b].line, "assignment not read: " + var + " = " + s_.text(b, e));
      }
    }
  }

  // `return var;` after a switch whose cases assigned var: those cases
  // return under the conditions met on the way here.
  void resolve_deferred(const std::string& var, const ProtoCond& cond) {
    for (json& st : steps_) {
      if (!st.contains("deferred") || st["deferred"] != var) continue;
      for (json& o : st["outs"]) {
        if (!o.contains("deferred")) continue;
        ProtoCond c = ProtoCond::from_json(o["cond"]);
        c.add(cond);
        o["cond"] = c.to_json();
        o.erase("deferred");
      }
      st.erase("deferred");
      st["falls"] = false;
    }
  }
};

}  // namespace

nlohmann::json walk_func_proto(const csrc::Source& s, size_t open, uint32_t fn_pp, nlohmann::json& unknowns) {
  Walker w(s, fn_pp, unknowns);
  return w.run(open);
}

}  // namespace ksince
