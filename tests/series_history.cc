#include "series_history.h"

#include <random>

namespace ksince::test {

namespace {

// One mainline change: a function file added or removed, or a program type.
struct Change {
  enum Kind { Function, ProgType, Removal } kind;
  std::string name, commit;
};

// What a branch holds: function files and the uapi enum's members.
struct State {
  std::set<std::string> functions;
  std::vector<std::string> prog_types;
};

std::string function_file(const std::string& name) { return "kernel/" + name + ".c"; }

void apply(Builder& b, State& s, const Change& c) {
  if (c.kind == Change::Function) {
    b.repo.write(function_file(c.name), "int " + c.name + "(void)\n{\n\treturn 0;\n}\n");
    s.functions.insert(c.name);
  } else if (c.kind == Change::ProgType) {
    s.prog_types.push_back(c.name);
    b.repo.write(kSeriesUapi, series_uapi(s.prog_types));
  } else {
    b.repo.git("rm -q " + function_file(c.name));
    s.functions.erase(c.name);
  }
}

}  // namespace

std::string series_uapi(const std::vector<std::string>& prog_types) {
  std::string t = "#ifndef _UAPI__LINUX_BPF_H__\n#define _UAPI__LINUX_BPF_H__\n\nenum bpf_prog_type {\n"
                  "\tBPF_PROG_TYPE_UNSPEC = 0,\n";
  for (const std::string& p : prog_types) t += "\t" + p + ",\n";
  return t + "\t__MAX_BPF_PROG_TYPE\n};\n\n#endif\n";
}

SeriesHistory make_series_history(Builder& b, unsigned seed, int releases, int changes, int series, int points) {
  std::mt19937 rng(seed);
  SeriesHistory h;
  State main;
  b.repo.write(kSeriesUapi, series_uapi(main.prog_types));
  b.repo.write("include/linux/base.h", "int base_fn(void);\n");
  b.commit("base");
  b.tag("v1.0");
  h.releases.push_back("v1.0");
  std::vector<std::vector<Change>> after(releases + 1);  // the changes made after each release
  std::vector<State> at_release = {main};
  int made = 0;
  for (int r = 1; r <= releases; r++) {
    for (int c = 0; c < changes; c++) {
      int dice = static_cast<int>(rng() % 10);
      Change ch;
      if (dice < 2 && !main.functions.empty()) {
        auto it = main.functions.begin();
        std::advance(it, static_cast<long>(rng() % main.functions.size()));
        ch = {Change::Removal, *it, ""};
      } else if (dice < 4) {
        ch = {Change::ProgType, "BPF_PROG_TYPE_S" + std::to_string(made++), ""};
        h.prog_types.push_back(ch.name);
      } else {
        ch = {Change::Function, "series_fn" + std::to_string(made++), ""};
        h.functions.push_back(ch.name);
      }
      apply(b, main, ch);
      ch.commit = b.commit(ch.kind == Change::Removal ? "remove " + ch.name : "add " + ch.name);
      if (ch.kind != Change::Removal) h.change_of[ch.name] = ch.commit;
      for (int k = 0; k < r; k++) after[k].push_back(ch);
    }
    b.tag("v1." + std::to_string(r));
    h.releases.push_back("v1." + std::to_string(r));
    at_release.push_back(main);
  }
  // Each series: backports of later mainline changes, in their order, two
  // citation styles, and now and then a revert of a function it has.
  for (int k = 0; k < series && k < releases; k++) {
    std::string name = "1." + std::to_string(k), branch = "linux-" + name + ".y";
    b.checkout("-q -b " + branch + " v" + name);
    State s = at_release[k];
    size_t next = 0;
    for (int p = 1; p <= points; p++) {
      for (int n = 1 + static_cast<int>(rng() % 2); n > 0 && next < after[k].size(); n--, next++) {
        const Change& ch = after[k][next];
        if (rng() % 3 == 0) continue;  // not every change is backported
        if (ch.kind == Change::Removal && !s.functions.count(ch.name)) continue;
        apply(b, s, ch);
        std::string cite = rng() % 2 ? "commit " + ch.commit + " upstream." : "[ Upstream commit " + ch.commit + " ]";
        std::string c = b.commit((ch.kind == Change::Removal ? "remove " : "add ") + ch.name + "\n\n" + cite + "\n");
        h.backport_of[c] = ch.commit;
      }
      if (!s.functions.empty() && rng() % 4 == 0) {  // a revert the series alone makes
        auto it = s.functions.begin();
        std::advance(it, static_cast<long>(rng() % s.functions.size()));
        std::string gone = *it;
        apply(b, s, {Change::Removal, gone, ""});
        b.commit("Revert \"add " + gone + "\"");
        h.removals++;
      }
      b.commit("Linux " + name + "." + std::to_string(p));
      b.tag("v" + name + "." + std::to_string(p));
      h.points[name].push_back("v" + name + "." + std::to_string(p));
    }
    b.checkout("master");
  }
  return h;
}

}  // namespace ksince::test
