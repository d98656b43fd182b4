// The readers of a user's stable-series input: the series regex (PCRE2) with
// a tag name, and `--kernel`'s version. Input: a regex, a newline, a tag
// name, a newline, a kernel version. The regex compiles or throws
// ksince::Error; a placed tag has a series and a decimal point; a version
// parses to X.Y (and a point) or is refused; dpkg's order is antisymmetric.
#include <cstdint>
#include <cstring>
#include <string>

#include "repo/series_select.h"
#include "repo/version.h"
#include "series/kernel_version.h"
#include "util/error.h"

namespace {

std::string line(const char*& p, const char* end) {
  const char* nl = static_cast<const char*>(std::memchr(p, '\n', end - p));
  std::string out(p, nl ? nl : end);
  p = nl ? nl + 1 : end;
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const char* p = reinterpret_cast<const char*>(data);
  const char* end = p + size;
  std::string regex = line(p, end), tag = line(p, end), kernel = line(p, end);
  if (regex.size() > 300) return 0;  // PCRE2's compile time, not its match
  try {
    ksince::SeriesRegex re(regex);
    if (std::optional<ksince::SeriesPlace> place = re.place(tag)) {
      if (place->series.empty() || !re.matches(tag)) __builtin_trap();
      if (place->compare(*place) != 0) __builtin_trap();
    }
  } catch (const ksince::Error&) {
  }
  if (std::optional<ksince::KernelVersion> v = ksince::KernelVersion::parse(kernel)) {
    if (v->series.find('.') == std::string::npos) __builtin_trap();
    if (!v->point && !v->rest.empty() && v->rest.rfind("-rc", 0) != 0) __builtin_trap();
  }
  int ab = ksince::dpkg_version_compare(tag, kernel), ba = ksince::dpkg_version_compare(kernel, tag);
  if ((ab < 0) != (ba > 0) || (ab == 0) != (ba == 0)) __builtin_trap();
  return 0;
}
