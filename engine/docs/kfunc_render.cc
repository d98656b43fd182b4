#include "docs/kfunc_render.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "util/error.h"

namespace ksince {

const BlockKind& kfunc_def_kind() {
  static const BlockKind k{"KFUNC_DEF", "**Signature**\n\n<!-- [KFUNC_DEF] -->", "<!-- [/KFUNC_DEF] -->"};
  return k;
}
const BlockKind& kfunc_prog_ref_kind() {
  static const BlockKind k{"KFUNC_PROG_REF", "<!-- [KFUNC_PROG_REF] -->", "<!-- [/KFUNC_PROG_REF] -->"};
  return k;
}
const BlockKind& prog_kfunc_ref_kind() {
  static const BlockKind k{"PROG_KFUNC_REF", "<!-- [PROG_KFUNC_REF] -->", "<!-- [/PROG_KFUNC_REF] -->"};
  return k;
}

namespace {

const std::vector<KfuncProgramType> kNoTypes;

std::string kfunc_page(const std::string& name) { return "linux/kfuncs/" + name + ".md"; }

bool contains(const std::vector<std::string>& list, const std::string& s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

// The tail kfunc-gen writes after a link: a since tag, " - " when there is
// either tag (so a since-only line ends in a dangling " - "), an until tag
// (so an until-only line has two spaces before it).
std::string tags_tail(const std::optional<SinceUntil>& since, const std::optional<SinceUntil>& until) {
  auto tag = [](const SinceUntil& t) {
    return " [:octicons-tag-24: v" + t.version + "](https://github.com/torvalds/linux/commit/" + t.commit + ")";
  };
  std::string out;
  if (since) out += tag(*since);
  if (since || until) out += " - ";
  if (until) out += tag(*until);
  return out;
}

}  // namespace

std::vector<MergedKfunc> merge_kfuncs(const KfuncData& data, const KfuncGenTables& tables) {
  std::map<std::string, MergedKfunc> merged;
  for (const KfuncSet& set : data.sets) {
    std::vector<KfuncProgramType> set_types;
    for (const KfuncProgramType& p : set.program_types ? *set.program_types : kNoTypes) {
      if (p.name == "BPF_PROG_TYPE_UNSPEC") set_types.insert(set_types.end(), tables.unspec.begin(), tables.unspec.end());
      else set_types.push_back(p);
    }
    if (!set.funcs) continue;
    for (const Kfunc& f : *set.funcs) {
      if (contains(tables.removed, f.name)) continue;
      MergedKfunc& m = merged[f.name];
      m.name = f.name;
      m.flags = f.flags.value_or(std::vector<std::string>{});
      for (const KfuncProgramType& p : set_types) {
        const std::vector<KfuncProgramType>& except = f.except ? *f.except : kNoTypes;
        bool excepted = std::any_of(except.begin(), except.end(), [&](const KfuncProgramType& e) { return e.name == p.name; });
        if (!excepted) m.program_types.push_back(p);
      }
      // Byte order by name, the first of equal names kept.
      std::stable_sort(m.program_types.begin(), m.program_types.end(),
                       [](const KfuncProgramType& a, const KfuncProgramType& b) { return a.name < b.name; });
      auto last = std::unique(m.program_types.begin(), m.program_types.end(),
                              [](const KfuncProgramType& a, const KfuncProgramType& b) { return a.name == b.name; });
      m.program_types.erase(last, m.program_types.end());
    }
  }
  std::vector<MergedKfunc> out;
  for (auto& [name, m] : merged) out.push_back(std::move(m));
  return out;
}

void check_btf_kfuncs(const KfuncData& data, const KfuncGenTables& tables, const Btf& btf, BtfMissing mode,
                      std::vector<BuildNote>& notes) {
  std::vector<std::string> btf_kfuncs = btf.kfuncs();
  std::set<std::string> in_btf(btf_kfuncs.begin(), btf_kfuncs.end());
  std::set<std::string> in_data;
  std::vector<BuildNote> misses;
  for (const KfuncSet& set : data.sets)
    for (const Kfunc& f : set.funcs ? *set.funcs : std::vector<Kfunc>{}) {
      bool first = in_data.insert(f.name).second;
      if (first && !contains(tables.removed, f.name) && !in_btf.count(f.name))
        misses.push_back({data.source, f.line,
                          cat("missing kfunc in BTF: '", f.name, "', possibly deleted from the kernel (or add it to `removed` in ",
                              tables.source, ")")});
    }
  for (const std::string& k : btf_kfuncs)
    if (!contains(tables.ignored, k) && !in_data.count(k))
      misses.push_back({btf.path(), 0, cat("missing kfunc in data file: '", k, "', possibly newly added")});
  if (misses.empty()) return;
  if (mode == BtfMissing::Keep) {
    notes.insert(notes.end(), misses.begin(), misses.end());
    return;
  }
  std::string list;
  for (const BuildNote& n : misses)
    list += "\n  " + (n.line ? cat(n.file, ":", n.line, ": ") : n.file + ": ") + n.message;
  throw Error(cat(btf.path(), ": the BTF and ", data.source, " disagree on ", misses.size(),
                  " kfuncs; update the data file, or pass --btf-missing keep to keep those pages' signatures:", list));
}

std::string kfunc_notices(const std::vector<std::string>& flags) {
  // kfunc-gen's text, verbatim: TAB indents except the sleepable notice's four
  // spaces, trailing spaces, and `CAP_SYS_BOOT`capability.
  static const std::map<std::string, std::string> notice = {
      {"KF_ACQUIRE",
       "\n!!! note\n"
       "\tThis kfunc returns a pointer to a refcounted object. The verifier will then ensure that the pointer to the object \n"
       "\tis eventually released using a release kfunc, or transferred to a map using a referenced kptr \n"
       "\t(by invoking [`bpf_kptr_xchg`](../helper-function/bpf_kptr_xchg.md)). If not, the verifier fails the \n"
       "\tloading of the BPF program until no lingering references remain in all possible explored states of the program.\n"},
      {"KF_RELEASE",
       "\n!!! note\n"
       "\tThis kfunc releases the pointer passed in to it. There can be only one referenced pointer that can be passed in. \n"
       "\tAll copies of the pointer being released are invalidated as a result of invoking this kfunc.\n"},
      {"KF_RET_NULL",
       "\n!!! note\n"
       "\tThe pointer returned by the kfunc may be NULL. Hence, it forces the user to do a NULL check on the pointer returned \n"
       "\tfrom the kfunc before making use of it (dereferencing or passing to another helper).\n"},
      {"KF_SLEEPABLE",
       "\n!!! note\n"
       "    This function may sleep, and therefore can only be used from [sleepable programs](../syscall/BPF_PROG_LOAD.md/#bpf_f_sleepable).\n"},
      {"KF_DESTRUCTIVE",
       "\n!!! warning\n"
       "\tThis kfunc is destructive to the system. For example such a call can result in system rebooting or panicking. \n"
       "\tDue to this additional restrictions apply to these calls. At the moment they only require `CAP_SYS_BOOT`capability, \n"
       "\tbut more can be added later.\n"},
      {"KF_RCU_PROTECTED",
       "\n!!! note\n"
       "\tThis kfunc is RCU protected. This means that the kfunc can be called from RCU read-side critical section.\n"
       "\tIf a program isn't called from RCU read-side critical section, such as sleepable programs, the \n"
       "\t[`bpf_rcu_read_lock`](../kfuncs/bpf_rcu_read_lock.md) and \n"
       "\t[`bpf_rcu_read_unlock`](../kfuncs/bpf_rcu_read_unlock.md) to protect the calls to such KFuncs.\n"},
  };
  std::string out;
  for (const std::string& f : flags) {
    auto it = notice.find(f);
    if (it != notice.end()) out += it->second;
  }
  return out;
}

std::vector<Block> render_kfunc_def(const std::vector<MergedKfunc>& merged, const SignatureSource& signatures,
                                    const CurrentBody& current, std::vector<BuildNote>& notes) {
  std::vector<Block> out;
  const std::string& kind = kfunc_def_kind().name;
  for (const MergedKfunc& k : merged) {
    std::string page = kfunc_page(k.name);
    std::string sig_line;
    if (std::optional<std::string> sig = signatures.signature(k.name)) {
      sig_line = "`#!c " + *sig + "`";
    } else {
      // Keep what the page says: its body starts "\n`#!c SIG`\n".
      std::optional<std::string> body = current ? current(page, kind) : std::nullopt;
      size_t at = body ? body->find("`#!c ") : std::string::npos;
      if (at == std::string::npos) {
        notes.push_back({page, 0, cat("no signature of '", k.name, "' in ", signatures.name,
                                      " and no signature on the page to keep; KFUNC_DEF left as it is")});
        continue;
      }
      size_t eol = body->find('\n', at);
      sig_line = body->substr(at, eol == std::string::npos ? std::string::npos : eol - at);
    }
    out.push_back({page, kind, "\n" + sig_line + "\n" + kfunc_notices(k.flags)});
  }
  return out;
}

std::vector<Block> render_kfunc_prog_ref(const std::vector<MergedKfunc>& merged, const PairConditions* conditions) {
  std::vector<Block> out;
  for (const MergedKfunc& k : merged) {
    std::string body = "\n";
    std::set<ConditionLabel> used;
    for (const KfuncProgramType& p : k.program_types)
      body += "- [`" + p.name + "`](../program-type/" + p.name + ".md)" + tags_tail(p.since, p.until) +
              condition_suffix_of(conditions, p.name, k.name, used) + "\n";
    body += condition_legend(used, "");
    out.push_back({kfunc_page(k.name), kfunc_prog_ref_kind().name, body});
  }
  return out;
}

std::vector<Block> render_prog_kfunc_ref(const std::vector<MergedKfunc>& merged,
                                         const std::vector<std::string>& program_type_pages,
                                         const PairConditions* conditions) {
  // merged is sorted by name, so each program type's list is too.
  struct Entry {
    const std::string* kfunc;
    const KfuncProgramType* type;
  };
  std::map<std::string, std::vector<Entry>> by_type;
  for (const MergedKfunc& k : merged)
    for (const KfuncProgramType& p : k.program_types) by_type[p.name].push_back({&k.name, &p});
  std::vector<Block> out;
  for (const std::string& page : program_type_pages) {
    std::string file = page.substr(page.rfind('/') + 1);
    std::string type = file.size() > 3 && file.compare(file.size() - 3, 3, ".md") == 0 ? file.substr(0, file.size() - 3) : file;
    std::string body = "\n";
    auto it = by_type.find(type);
    if (it == by_type.end()) {
      body += "There are currently no kfuncs supported for this program type\n";
    } else {
      body += "??? abstract \"Supported kfuncs\"\n";
      std::set<ConditionLabel> used;
      for (const Entry& e : it->second)
        body += "    - [`" + *e.kfunc + "`](../kfuncs/" + *e.kfunc + ".md)" + tags_tail(e.type->since, e.type->until) +
                condition_suffix_of(conditions, type, *e.kfunc, used) + "\n";
      body += condition_legend(used, "    ");
    }
    out.push_back({page, prog_kfunc_ref_kind().name, body});
  }
  return out;
}

std::vector<Block> render_kfunc_blocks(const KfuncBuildInput& in, std::vector<BuildNote>& notes) {
  std::vector<MergedKfunc> merged = merge_kfuncs(*in.data, *in.tables);
  std::vector<Block> out;
  if (in.btf) {
    check_btf_kfuncs(*in.data, *in.tables, *in.btf, in.missing, notes);
    const Btf& btf = *in.btf;
    out = render_kfunc_def(merged, {btf.path(), [&](const std::string& k) { return btf.signature(k); }}, in.current,
                           notes);
  } else if (in.source_signatures) {
    out = render_kfunc_def(merged, *in.source_signatures, in.current, notes);
  }
  for (Block& b : render_kfunc_prog_ref(merged, in.conditions)) out.push_back(std::move(b));
  for (Block& b : render_prog_kfunc_ref(merged, in.program_type_pages, in.conditions)) out.push_back(std::move(b));
  return out;
}

std::vector<std::string> program_type_pages(const std::string& docs_root) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  std::error_code ec;
  fs::path dir = fs::path(docs_root) / "linux" / "program-type";
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_regular_file() && e.path().extension() == ".md")
      out.push_back("linux/program-type/" + e.path().filename().string());
  if (ec) throw Error(cat(dir.string(), ": cannot list the program type pages: ", ec.message()));
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace ksince
