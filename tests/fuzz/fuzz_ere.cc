// The ERE translator and the matcher. Input: a regex, a newline, a text.
// ere_to_hyperscan either rewrites or throws ksince::Error; when glibc takes
// the regex, the Matcher (Hyperscan prefilter + glibc per line) must agree
// with glibc alone over the whole text (git's look-ahead): the prefilter may
// never hide a line git would find.
#include <cstdint>
#include <cstring>
#include <string>

#include "scan/ere.h"
#include "util/error.h"
#include "scan/matcher.h"
#include "scan/posix_regex.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const char* p = reinterpret_cast<const char*>(data);
  const char* nl = static_cast<const char*>(std::memchr(p, '\n', size));
  std::string re(p, nl ? nl - p : size);
  std::string text = nl ? std::string(nl + 1, p + size) : std::string();
  if (re.size() > 200) return 0;  // Hyperscan compile time, not depth of search
  try {
    ksince::ere_to_hyperscan(re);
  } catch (const ksince::Error&) {
  }
  std::unique_ptr<ksince::PosixRegex> exact;
  try {
    exact = std::make_unique<ksince::PosixRegex>(re);
  } catch (const ksince::Error&) {
    return 0;
  }
  if (re.empty()) return 0;
  std::unique_ptr<ksince::Matcher> m;
  try {
    m = std::make_unique<ksince::Matcher>(std::vector<ksince::MatchSpec>{{false, {re}, "fuzz"}});
  } catch (const ksince::Error&) {
    return 0;  // Hyperscan's own limits (a database too large)
  }
  ksince::HsScratch scratch = m->new_scratch();
  std::vector<uint32_t> hits;
  m->scan(text.data(), text.size(), scratch.get(), hits);
  bool want = ksince::grep_word_in_buffer({exact.get()}, text.data(), text.size());
  if (want != !hits.empty()) __builtin_trap();
  return 0;
}
