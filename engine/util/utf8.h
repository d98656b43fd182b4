#pragma once
#include <cstddef>
#include <string_view>

namespace ksince {

// The offset of the first byte that does not belong to a well-formed UTF-8
// sequence (overlong forms, surrogates and code points above U+10FFFF are
// not well-formed), or npos when the whole text is UTF-8.
size_t invalid_utf8_offset(std::string_view s);

}  // namespace ksince
