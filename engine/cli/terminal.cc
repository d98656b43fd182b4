#include "cli/terminal.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace ksince {

bool colour_on(int fd) {
  const char* no_colour = std::getenv("NO_COLOR");
  if (no_colour && *no_colour) return false;
  const char* term = std::getenv("TERM");
  if (term && std::strcmp(term, "dumb") == 0) return false;
  return isatty(fd) == 1;
}

std::string paint(const char* sgr, const std::string& text, bool on) {
  if (!on) return text;
  return std::string("\033[") + sgr + "m" + text + "\033[0m";
}

}  // namespace ksince
