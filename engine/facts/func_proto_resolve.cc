// FuncProtoExtractor::resolve: the facts of a tree from its files' extracts.
#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "facts/func_proto_cond.h"
#include "facts/func_proto_extractor.h"
#include "facts/map_helper_resolve.h"

namespace ksince {
namespace {

using nlohmann::json;

struct Def {
  const std::string* file;
  const json* fn;  // one entry of "func_protos"
};

// What a func_proto gives for one helper.
struct Supply {
  ProtoCond cond;
  std::string via;   // the func_proto whose case returns it
  std::string file;
  uint32_t line;
  std::vector<std::string> objs;  // what the proto's arguments point into
};

bool has_cases(const json& fn) {
  for (const json& st : fn["steps"])
    if (st["k"] != "stop") return true;
  return false;
}

bool labelled(const json& fn, int sw, const std::string& id) {
  if (sw < 0) return false;
  const json& ids = fn["switches"][sw];
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

class Resolver {
 public:
  explicit Resolver(const std::vector<ExtractedFile>& files) {
    for (const ExtractedFile& f : files) {
      if (!f.local) continue;
      for (const json& fn : (*f.local)["func_protos"]) defs_[fn["name"].get<std::string>()].push_back({&f.path, &fn});
      if (f.local->contains("protos"))
        for (const auto& [name, p] : (*f.local)["protos"].items()) protos_.emplace(name, &p);
    }
  }

  std::vector<std::string> out_objs(const json& o) const {
    std::vector<std::string> v;
    if (!o.contains("proto")) return v;
    auto it = protos_.find(o["proto"].get<std::string>());
    if (it != protos_.end() && it->second->contains("objs")) v = (*it->second)["objs"].get<std::vector<std::string>>();
    return v;
  }

  // The conditions of a case's outcome, with what its proto restricts.
  ProtoCond out_cond(const json& o) const {
    ProtoCond c = ProtoCond::from_json(o["cond"]);
    if (!o.contains("proto")) return c;
    auto it = protos_.find(o["proto"].get<std::string>());
    if (it == protos_.end()) return c;
    if (it->second->value("might_sleep", false)) c.sleepable = true;
    if (it->second->contains("allowed")) c.proto_allowed = (*it->second)["allowed"].get<std::string>();
    return c;
  }

  // The definition a reference from `from_file` means: a real body rather
  // than a header stub or a __weak default; the same file's if it has one.
  const Def* choose(const std::string& name, const std::string& from_file) const {
    auto it = defs_.find(name);
    if (it == defs_.end()) return nullptr;
    const Def* best = nullptr;
    int best_score = -1;
    for (const Def& d : it->second) {
      int score = (has_cases(*d.fn) ? 4 : 0) + (d.fn->value("weak", false) ? 0 : 2) + (*d.file == from_file ? 1 : 0);
      if (score > best_score) {
        best = &d;
        best_score = score;
      }
    }
    return best;
  }

  const std::map<std::string, Supply>& avail(const Def& d) {
    auto key = std::make_pair(d.file, d.fn);
    auto memo = memo_.find(key);
    if (memo != memo_.end()) return memo->second;
    static const std::map<std::string, Supply> empty;
    if (busy_.count(key)) return empty;  // a cycle: nothing more on this path
    busy_.insert(key);
    std::map<std::string, Supply> out;
    std::set<std::string> decided;
    std::set<std::string> provisional;  // supplied on one path; a later step may supply it on another
    std::vector<int> closed;  // switch indexes whose unlabelled ids are decided; -1: all ids
    const json& fn = *d.fn;
    const std::string name = fn["name"].get<std::string>();
    // The first supplier names the pair (via, file:line). A supplier reached
    // only on some path (`if (!capable(...)) return other(...)`, a case that
    // may break out) leaves the other paths open: a later supplier on them
    // makes the helper need only what both paths need.
    auto supply = [&](const std::string& id, Supply s, bool final) {
      auto it = out.find(id);
      if (it != out.end() && provisional.count(id)) {
        it->second.cond = ProtoCond::common({it->second.cond, s.cond});
        it->second.objs.insert(it->second.objs.end(), s.objs.begin(), s.objs.end());
      } else {
        out[id] = std::move(s);
      }
      if (final) {
        decided.insert(id);
        provisional.erase(id);
      } else {
        provisional.insert(id);
      }
    };
    auto is_closed = [&](const std::string& id) {
      for (int c : closed)
        if (c < 0 || !labelled(fn, c, id)) return true;
      return false;
    };
    for (const json& st : fn["steps"]) {
      const std::string k = st["k"].get<std::string>();
      if (k == "case") {
        for (const json& idj : st["ids"]) {
          std::string id = idj.get<std::string>();
          if (decided.count(id) || is_closed(id)) continue;
          std::vector<ProtoCond> conds;
          std::string via = name, file = *d.file;
          uint32_t line = st["line"].get<uint32_t>();
          std::vector<std::string> objs;
          for (const json& o : st["outs"]) {
            if (o.contains("proto")) {
              conds.push_back(out_cond(o));
              for (const std::string& x : out_objs(o)) objs.push_back(x);
            } else if (o.contains("call")) {
              const Def* t = choose(o["call"].get<std::string>(), *d.file);
              if (!t) continue;
              const auto& sub = avail(*t);
              auto it = sub.find(id);
              if (it == sub.end()) continue;
              ProtoCond c = ProtoCond::from_json(o["cond"]);
              c.add(it->second.cond);
              conds.push_back(c);
              via = it->second.via;
              file = it->second.file;
              line = it->second.line;
              objs.insert(objs.end(), it->second.objs.begin(), it->second.objs.end());
            }
          }
          if (!conds.empty()) {
            supply(id, {ProtoCond::common(conds), via, file, line, objs}, !st["falls"].get<bool>());
          } else if (!st["falls"].get<bool>()) {
            decided.insert(id);  // returns NULL: the chain stops here
          }
        }
      } else if (k == "call") {
        int except = st["except_sw"].get<int>();
        const Def* t = choose(st["target"].get<std::string>(), *d.file);
        if (t) {
          ProtoCond cond = ProtoCond::from_json(st["cond"]);
          for (const auto& [id, sup] : avail(*t)) {
            if (decided.count(id) || is_closed(id) || labelled(fn, except, id)) continue;
            Supply s = sup;
            ProtoCond c = cond;
            c.add(sup.cond);
            s.cond = c;
            supply(id, std::move(s), st["terminal"].get<bool>());
          }
        }
        if (st["terminal"].get<bool>()) closed.push_back(except);
      } else if (k == "stop") {
        closed.push_back(st["except_sw"].get<int>());
      }
    }
    busy_.erase(key);
    return memo_[key] = std::move(out);
  }

 private:
  std::map<std::string, std::vector<Def>> defs_;
  std::map<std::string, const json*> protos_;
  std::map<std::pair<const std::string*, const json*>, std::map<std::string, Supply>> memo_;
  std::set<std::pair<const std::string*, const json*>> busy_;
};

// check_map_prog_compatibility(): maps holding `obj` are refused to `prog`
// (and to sleepable programs when `sleepable`).
struct Refusal {
  std::string obj;
  std::vector<std::string> prog;
  bool sleepable;
  std::string file;
  uint32_t line;
};

void add_fact(ResolvedFacts& out, std::set<std::pair<std::string, std::string>>& seen, DerivedFact f) {
  if (!seen.insert({f.kind, f.key}).second) return;
  out.facts.push_back(std::move(f));
}

}  // namespace

ResolvedFacts FuncProtoExtractor::resolve(const std::vector<ExtractedFile>& files) const {
  ResolvedFacts out;
  std::set<std::pair<std::string, std::string>> seen;
  Resolver r(files);
  for (const ExtractedFile& f : files) {
    if (!f.local) continue;
    for (const json& u : (*f.local)["unknowns"])
      out.unknowns.push_back({f.path, u["line"].get<uint32_t>(), u["what"].get<std::string>()});
  }
  // Each func_proto's own cases and the func_protos it falls through to.
  for (const ExtractedFile& f : files) {
    if (!f.local) continue;
    for (const json& fn : (*f.local)["func_protos"]) {
      std::string name = fn["name"].get<std::string>();
      const Def* chosen = r.choose(name, f.path);
      if (!chosen || chosen->fn != &fn) continue;
      for (const json& st : fn["steps"]) {
        if (st["k"] == "case") {
          std::vector<ProtoCond> conds;
          for (const json& o : st["outs"])
            if (o.contains("proto")) conds.push_back(r.out_cond(o));
          if (conds.empty()) continue;
          json attrs = ProtoCond::common(conds).to_json();
          for (const json& id : st["ids"])
            add_fact(out, seen, {"func_proto_helper", name + " bpf_" + id.get<std::string>(), attrs, f.path,
                                 st["line"].get<uint32_t>()});
        } else if (st["k"] == "call") {
          add_fact(out, seen, {"func_proto_include", name + " " + st["target"].get<std::string>(), st["cond"],
                               f.path, st["line"].get<uint32_t>()});
        }
      }
    }
  }
  // Program types: BPF_PROG_TYPE -> verifier ops -> get_func_proto -> chain.
  std::map<std::string, std::pair<const std::string*, const json*>> vops;
  for (const ExtractedFile& f : files)
    if (f.local)
      for (const auto& [name, v] : (*f.local)["verifier_ops"].items()) vops.emplace(name, std::make_pair(&f.path, &v));
  std::vector<Refusal> refusals;
  for (const ExtractedFile& f : files)
    if (f.local && f.local->contains("map_object_refusals"))
      for (const json& rj : (*f.local)["map_object_refusals"])
        refusals.push_back({rj["obj"].get<std::string>(), rj["prog"].get<std::vector<std::string>>(),
                            rj.value("sleepable", false), f.path, rj["line"].get<uint32_t>()});
  std::set<std::string> done_types;
  for (const ExtractedFile& f : files) {
    if (!f.local) continue;
    for (const json& pt : (*f.local)["prog_types"]) {
      std::string type = pt["id"].get<std::string>();
      if (!done_types.insert(type).second) continue;
      std::string ops = pt["ops"].get<std::string>();
      auto v = vops.find(ops);
      if (v == vops.end()) {
        out.unknowns.push_back({f.path, pt["line"].get<uint32_t>(), type + ": verifier ops " + ops + " not found"});
        continue;
      }
      if (!v->second.second->contains("get_func_proto")) continue;  // e.g. EXT: the target's helpers
      std::string fp = (*v->second.second)["get_func_proto"].get<std::string>();
      const Def* d = r.choose(fp, *v->second.first);
      json attrs = {{"ops", ops}};
      if (pt.contains("kconfig")) attrs["kconfig"] = pt["kconfig"];
      add_fact(out, seen, {"prog_func_proto", type + " " + fp, attrs, *v->second.first,
                           (*v->second.second)["line"].get<uint32_t>()});
      if (!d) {
        out.unknowns.push_back({*v->second.first, (*v->second.second)["line"].get<uint32_t>(),
                                type + ": func_proto " + fp + " not found"});
        continue;
      }
      for (const auto& [id, sup] : r.avail(*d)) {
        json a = sup.cond.to_json();
        a["via"] = sup.via;
        // The verifier refuses this type the maps holding what the helper
        // works on (a spin lock, a timer): the chain's pair is not callable.
        const Refusal* refused = nullptr;
        for (const Refusal& rf : refusals)
          if (std::find(sup.objs.begin(), sup.objs.end(), rf.obj) != sup.objs.end()) {
            if (std::find(rf.prog.begin(), rf.prog.end(), type) != rf.prog.end()) refused = &rf;
            else if (rf.sleepable && !a.contains("sleepable")) a["sleepable"] = false;
          }
        if (refused) {
          a["refused_for"] = refused->obj;
          add_fact(out, seen, {"prog_helper_refused", type + " bpf_" + id, a, refused->file, refused->line});
          continue;
        }
        add_fact(out, seen, {"prog_helper", type + " bpf_" + id, a, sup.file, sup.line});
      }
    }
  }
  resolve_map_helpers(files, out);
  return out;
}

}  // namespace ksince
