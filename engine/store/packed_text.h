#pragma once
// Long texts kept deflated (libdeflate, already the pack reader's): a
// struct's shape runs to kilobytes of member lines that repeat the same
// words. The first byte says how the rest is stored.
#include <string>
#include <string_view>

namespace ksince {

std::string pack_text(std::string_view text);
// Throws Error, naming `what`, on bytes pack_text did not make.
std::string unpack_text(std::string_view packed, const char* what);

}  // namespace ksince
