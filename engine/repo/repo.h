#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "repo/clone_limits.h"
#include "repo/git_handle.h"
#include "repo/oid.h"
#include "repo/pack_reader.h"
#include "repo/tree_entry.h"
#include "repo/tree_parse.h"

namespace ksince {

// A tag as the index needs it: its name, what it points to after peeling
// (tags of tags included), and the date the reference orders tags by.
struct TagInfo {
  std::string name;     // short name, e.g. "v6.1"
  Oid commit;           // zero when the tag points straight at a tree
  Oid tree;             // root tree after peeling
  int64_t date = 0;     // tagger date (annotated), committer date (lightweight)
  bool annotated = false;
};

// Read-only access to one repository: trees and blobs straight from its
// packs (PackReader), everything else and what no pack holds through
// libgit2. Not thread-safe: each worker thread opens its own Repo.
class Repo {
 public:
  explicit Repo(const std::string& path);

  // Absolute path of the repository's .git directory (or the bare repo).
  const std::string& git_dir() const { return git_dir_; }

  // Every tag under refs/tags, symbolic ones as the tag they name. A tag
  // that cannot be searched (broken, of a blob) is left out with a warning
  // when `warnings` is given.
  std::vector<TagInfo> tags(std::vector<std::string>* warnings = nullptr) const;
  // The entries of a tree, in git's order. A tree or blob the repository
  // lacks throws MissingObject.
  void read_tree(const Oid& tree, std::vector<TreeEntry>& out) const;
  // The tree's entries as views into `raw` (its bytes): no allocation per
  // entry, for walks over whole kernel trees.
  void read_tree(const Oid& tree, std::string& raw, std::vector<TreeEntryView>& out) const;
  // A commit object's bytes ("tree ...", "parent ...", ...), for the search.
  void read_commit_raw(const Oid& commit, std::string& raw) const { read_object(commit, PackReader::Type::Commit, raw); }
  // The blob's bytes.
  struct Blob {
    std::string bytes;
    const char* data() const { return bytes.data(); }
    size_t size() const { return bytes.size(); }
  };
  Blob read_blob(const Oid& blob) const;
  // The same into `out`, reusing its capacity: a scan reads 100,000 blobs.
  void read_blob(const Oid& blob, std::string& out) const;
  // The bytes of `path` ('/'-separated, from the root) in the commit `ref`
  // names: a full or short commit id, a tag or a branch, as git rev-parse
  // reads it. Read from the object database only: no checkout, no network.
  std::string read_file_at(const std::string& ref, const std::string& path) const;

  git_repository* raw() const { return repo_.get(); }
  // What this clone lacks by design (shallow, partial); read at open.
  const CloneLimits& limits() const { return limits_; }
  // The error for an object libgit2 did not find ("blob", "tree", "commit"):
  // which clone lacks it and why.
  MissingObject missing(const char* what, const Oid& id) const;

 private:
  void read_object(const Oid& id, PackReader::Type type, std::string& out) const;

  GitLibrary lib_;
  GitRepository repo_;
  GitOdb odb_;
  std::string git_dir_;
  std::unique_ptr<PackReader> packs_;  // its cache changes on reads
  CloneLimits limits_;
};

// Repo(repo_dir).read_file_at(ref, path), with errors that name the folder.
std::string read_file_at(const std::string& repo_dir, const std::string& ref, const std::string& path);

}  // namespace ksince
