#pragma once
// go-yaml v3 itself as a test oracle: tests/yaml_oracle (Go), built by CMake
// against Debian's golang-gopkg-yaml.v3-dev. See its main.go for the input.
#include <string>
#include <vector>

namespace ksince::test {

// A string for the oracle's JSON input: base64 in quotes (it may be any bytes).
std::string go_yaml_string(const std::string& s);

// Runs `yaml_oracle ARGS` on these JSON lines; go-yaml's YAML for each.
// Fails the test (REQUIRE) when the oracle is missing or fails.
std::vector<std::string> go_yaml(const std::string& args, const std::vector<std::string>& lines);

}  // namespace ksince::test
