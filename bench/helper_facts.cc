// Runs FuncProtoExtractor over one revision of a kernel repository, as the
// index will: the files its triggers select (git grep -w -E, outside tools/
// and samples/), extract() per file, resolve() over them. Prints the facts
// and unknowns as JSON for bench/helper_facts_eval.py.
//
//   ksince_helper_facts GIT_DIR REV
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "facts/func_proto_extractor.h"

namespace {

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string run(const std::string& cmd) {
  std::unique_ptr<FILE, int (*)(FILE*)> p(popen(cmd.c_str(), "r"), pclose);
  if (!p) throw std::runtime_error("cannot run " + cmd);
  std::string out;
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p.get())) > 0) out.append(buf, n);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: ksince_helper_facts GIT_DIR REV\n";
    return 2;
  }
  std::string git = "git --git-dir=" + quote(argv[1]);
  std::string rev = argv[2];
  ksince::FuncProtoExtractor ex;
  std::string cmd = git + " grep -l -w -E";
  for (const std::string& r : ex.trigger_regexes()) cmd += " -e " + quote(r);
  cmd += " " + quote(rev) + " -- . ':!tools' ':!samples'";
  std::vector<std::string> paths;
  std::string list = run(cmd);
  for (size_t b = 0, e; b < list.size(); b = e + 1) {
    e = list.find('\n', b);
    if (e == std::string::npos) e = list.size();
    std::string p = list.substr(b, e - b);
    if (p.rfind(rev + ":", 0) == 0) p = p.substr(rev.size() + 1);
    if (!p.empty()) paths.push_back(p);
  }
  std::vector<nlohmann::json> locals;
  double extract_s = 0;
  for (const std::string& p : paths) {
    std::string text = run(git + " show " + quote(rev + ":" + p));
    auto t0 = std::chrono::steady_clock::now();
    locals.push_back(ex.extract(text));
    extract_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  std::vector<ksince::ExtractedFile> files;
  for (size_t i = 0; i < paths.size(); ++i) files.push_back({paths[i], &locals[i]});
  auto t0 = std::chrono::steady_clock::now();
  ksince::ResolvedFacts rf = ex.resolve(files);
  double resolve_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  nlohmann::json out = {{"rev", rev}, {"files", paths}, {"extract_seconds", extract_s},
                        {"resolve_seconds", resolve_s}, {"facts", nlohmann::json::array()},
                        {"unknowns", nlohmann::json::array()}};
  for (const auto& f : rf.facts)
    out["facts"].push_back({{"kind", f.kind}, {"key", f.key}, {"attrs", f.attrs}, {"file", f.file}, {"line", f.line}});
  for (const auto& u : rf.unknowns) out["unknowns"].push_back({{"file", u.file}, {"line", u.line}, {"what", u.what}});
  std::cout << out.dump(1) << "\n";
  return 0;
}
