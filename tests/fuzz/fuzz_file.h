#pragma once
// The readers that take a path get the fuzzer's bytes through a file of this
// process, rewritten for every input.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>

namespace ksince::fuzz {

inline std::string write_input(const uint8_t* data, size_t size, const char* suffix) {
  // In memory where the system has it: on disk the writes, not the reader,
  // took 90% of the time.
  static const std::string path = std::string(access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp") +
                                  "/ksince-fuzz-" + std::to_string(getpid()) + suffix;
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) __builtin_trap();
  if (size && std::fwrite(data, 1, size, f) != size) __builtin_trap();
  std::fclose(f);
  return path;
}

}  // namespace ksince::fuzz
