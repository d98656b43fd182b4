#pragma once
#include <chrono>
#include <string>

namespace ksince {

// One updating status line on stderr, for long runs. Silent unless stderr is
// a terminal, so logs and pipes stay clean.
class Progress {
 public:
  explicit Progress(bool enabled);
  static Progress for_stderr();  // enabled iff stderr is a terminal
  // Ends the line, so that an error thrown through the run starts on its own.
  ~Progress() { done(); }
  Progress(const Progress&) = default;
  Progress& operator=(const Progress&) = default;

  // Redraws at most ten times a second unless `force`.
  void update(const std::string& line, bool force = false);
  // Ends the status line (keeps the last text on screen).
  void done();

 private:
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace ksince
