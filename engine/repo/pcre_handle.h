#pragma once
// PCRE2 (8-bit) for the one place that needs named groups: the `series:`
// regex, whose groups place a tag in its series (std::regex has none).
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <memory>

namespace ksince {

struct PcreCodeDeleter {
  void operator()(pcre2_code* p) const { pcre2_code_free(p); }
};
struct PcreMatchDeleter {
  void operator()(pcre2_match_data* p) const { pcre2_match_data_free(p); }
};
using PcreCode = std::unique_ptr<pcre2_code, PcreCodeDeleter>;
using PcreMatchData = std::unique_ptr<pcre2_match_data, PcreMatchDeleter>;

}  // namespace ksince
