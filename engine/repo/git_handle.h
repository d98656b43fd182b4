#pragma once
#include <git2.h>

#include <memory>
#include <string>

#include "util/error.h"

namespace ksince {

// RAII for libgit2 objects: one unique_ptr alias per handle type.
template <typename T, void (*Free)(T*)>
struct GitDeleter {
  void operator()(T* p) const { Free(p); }
};
template <typename T, void (*Free)(T*)>
using GitPtr = std::unique_ptr<T, GitDeleter<T, Free>>;

using GitRepository = GitPtr<git_repository, git_repository_free>;
using GitObject = GitPtr<git_object, git_object_free>;
using GitTree = GitPtr<git_tree, git_tree_free>;
using GitBlob = GitPtr<git_blob, git_blob_free>;
using GitCommit = GitPtr<git_commit, git_commit_free>;
using GitReference = GitPtr<git_reference, git_reference_free>;
using GitRevwalk = GitPtr<git_revwalk, git_revwalk_free>;
using GitOdb = GitPtr<git_odb, git_odb_free>;
using GitOdbObject = GitPtr<git_odb_object, git_odb_object_free>;

// libgit2 keeps global state; one Library object lives for the program's
// duration (git_libgit2_init is reference counted, so nesting is fine).
class GitLibrary {
 public:
  GitLibrary();
  ~GitLibrary();
  GitLibrary(const GitLibrary&) = delete;
  GitLibrary& operator=(const GitLibrary&) = delete;
};

// Throws Error with libgit2's last message when rc < 0.
void git_check(int rc, const std::string& context);

}  // namespace ksince
