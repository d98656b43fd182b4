#pragma once
#include <string>
#include <vector>

namespace ksince {

// The object folders git reads for the repository at `git_dir`: its own
// (through commondir for a worktree), then those its objects/info/alternates
// names, recursively, as git does (relative paths from the naming folder,
// '#' comments, at most five levels deep). Folders that do not exist are
// left out.
std::vector<std::string> object_dirs(const std::string& git_dir);

}  // namespace ksince
