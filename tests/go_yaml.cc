#include "go_yaml.h"

#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include <sstream>

#include "git_fixture.h"

namespace ksince::test {

std::string go_yaml_string(const std::string& s) {
  return "\"" + YAML::EncodeBase64(reinterpret_cast<const unsigned char*>(s.data()), s.size()) + "\"";
}

std::vector<std::string> go_yaml(const std::string& args, const std::vector<std::string>& lines) {
  TempDir dir;
  std::string in;
  for (const std::string& l : lines) in += l + "\n";
  write_file(dir.file("in"), in);
  CommandResult r = run(shell_quote(KSINCE_YAML_ORACLE) + " " + args + " < " + shell_quote(dir.file("in")));
  REQUIRE_MESSAGE(r.status == 0, "the go-yaml oracle (", KSINCE_YAML_ORACLE,
                  ") did not run; install golang-go and golang-gopkg-yaml.v3-dev (scripts/install-deps.sh) and "
                  "rebuild: ",
                  r.err);
  std::vector<std::string> out;
  std::istringstream text(r.out);
  for (std::string l; std::getline(text, l);) {
    std::vector<unsigned char> d = YAML::DecodeBase64(l);
    out.emplace_back(d.begin(), d.end());
  }
  REQUIRE(out.size() == lines.size());
  return out;
}

}  // namespace ksince::test
