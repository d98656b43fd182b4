#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace ksince {

// A kernel version as a user gives it to `query --kernel`: a release (6.1),
// a point release (6.1.187), a distribution's package version (6.1.192-3),
// or `uname -r` (6.1.0-28-amd64, 6.12.48+deb13-amd64), with or without a
// leading v. Only the leading X.Y[.Z] is read as numbers; what follows the
// point is kept, for a revision the index may know.
struct KernelVersion {
  std::string text;
  std::string series;            // "6.1"
  std::optional<uint64_t> point; // none for a release
  std::string rest;              // after X.Y.Z: "-3", "-28-amd64", "+deb13-amd64", ""

  // nullopt when the text does not start with X.Y.
  static std::optional<KernelVersion> parse(const std::string& text);
};

}  // namespace ksince
