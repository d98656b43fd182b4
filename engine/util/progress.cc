#include "util/progress.h"

#include <unistd.h>

#include <cstdio>

namespace ksince {

Progress::Progress(bool enabled) : enabled_(enabled) {}

Progress Progress::for_stderr() { return Progress(isatty(STDERR_FILENO) == 1); }

void Progress::update(const std::string& line, bool force) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (!force && drawn_ && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  drawn_ = true;
  std::fprintf(stderr, "\r\033[K%s", line.c_str());
  std::fflush(stderr);
}

void Progress::done() {
  if (!enabled_ || !drawn_) return;
  std::fputc('\n', stderr);
  drawn_ = false;
}

}  // namespace ksince
