#pragma once
#include <string>

namespace ksince {

// Replaces `path` with `content` atomically: a temporary file in the same
// folder is written, flushed to disk and renamed over the target, so readers
// see the old file or the new one, never a part of either.
void write_file_atomic(const std::string& path, const std::string& content);

}  // namespace ksince
