#pragma once
#include <string>
#include <utility>
#include <vector>

namespace ksince {

// Replaces `path` with `content` atomically: a temporary file in the same
// folder is written, flushed to disk and renamed over the target, so readers
// see the old file or the new one, never a part of either.
void write_file_atomic(const std::string& path, const std::string& content);

// The same for many files at once (a docs build): every temporary file is
// written first, then made durable with one syncfs per file system instead of
// one fsync per file, then each is renamed over its target and the folders
// are flushed. A failure before the renames removes the temporary files and
// replaces nothing; a failure or a kill during the renames leaves each target
// old or new, never partial. Throws Error naming the file and how many
// targets were replaced before it.
void write_files_atomic(const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace ksince
