#pragma once
#include <string>

namespace ksince {

// Colour only for a person at a terminal: `fd` is a terminal, NO_COLOR is
// unset or empty (https://no-color.org) and TERM is not "dumb". Pipes, files
// and logs get plain text.
bool colour_on(int fd);

// `text` in the SGR style `sgr` ("1;31": bold red) when `on`, else as is.
std::string paint(const char* sgr, const std::string& text, bool on);

}  // namespace ksince
