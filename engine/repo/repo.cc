#include "repo/repo.h"

#include <mutex>
#include <optional>


namespace ksince {

GitLibrary::GitLibrary() {
  git_libgit2_init();
  // Blob contents are hashed by git when written; re-hashing every blob on
  // read costs about a third of the read time (NOTES.md) and buys nothing here.
  static std::once_flag once;
  std::call_once(once, [] {
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
    // Every tree and commit is read once and kept by the tree graph or the
    // history; libgit2's object cache (up to 256 MiB) would only hold copies.
    git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
  });
}

GitLibrary::~GitLibrary() { git_libgit2_shutdown(); }

void git_check(int rc, const std::string& context) {
  if (rc >= 0) return;
  const git_error* e = git_error_last();
  throw Error(cat(context, ": ", e && e->message ? e->message : "unknown libgit2 error"));
}

Repo::Repo(const std::string& path) {
  git_repository* r = nullptr;
  // NO_SEARCH: the user named this folder; silently using a parent repository
  // would index the wrong thing.
  int rc = git_repository_open_ext(&r, path.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr);
  if (rc < 0)
    throw Error(cat(path, ": not a git repository (or not readable); pass --repo the folder of a "
                          "clone, e.g. --repo ~/src/linux"));
  repo_.reset(r);
  git_odb* odb = nullptr;
  git_check(git_repository_odb(&odb, r), cat(path, ": opening the object database"));
  odb_.reset(odb);
  git_dir_ = git_repository_path(r);
  if (!git_dir_.empty() && git_dir_.back() == '/') git_dir_.pop_back();
  limits_ = read_clone_limits(r, git_repository_commondir(r));
  packs_ = std::make_unique<PackReader>(git_dir_);
}

MissingObject Repo::missing(const char* what, const Oid& id) const {
  git_error_clear();  // libgit2's "object not found" says less than this
  return MissingObject(cat(git_dir_, ": ", what, " ", id.hex(), " is not in the repository",
                           limits_.why_missing(git_dir_)));
}

namespace {

int64_t commit_time(git_object* obj) {
  return git_commit_time(reinterpret_cast<git_commit*>(obj));
}

}  // namespace

std::vector<TagInfo> Repo::tags(std::vector<std::string>* warnings) const {
  std::vector<TagInfo> out;
  auto warn = [&](const std::string& w) {
    if (warnings) warnings->push_back(w);
  };
  git_reference_iterator* it_raw = nullptr;
  git_check(git_reference_iterator_glob_new(&it_raw, repo_.get(), "refs/tags/*"), "listing tags");
  GitPtr<git_reference_iterator, git_reference_iterator_free> it(it_raw);
  git_reference* ref_raw = nullptr;
  int rc;
  while ((rc = git_reference_next(&ref_raw, it.get())) == 0) {
    GitReference ref(ref_raw);
    TagInfo t;
    t.name = git_reference_shorthand(ref.get());
    if (git_reference_type(ref.get()) == GIT_REFERENCE_SYMBOLIC) {
      // A tag that names another ref (git symbolic-ref refs/tags/latest
      // refs/tags/v1.0): git lists it under its own name, as that tag.
      git_reference* resolved = nullptr;
      if (git_reference_resolve(&resolved, ref.get()) < 0) {
        git_error_clear();
        warn(cat(git_dir_, ": tag ", t.name, " is a symbolic reference to ", git_reference_symbolic_target(ref.get()),
                 ", which does not exist: skipped, as git does; delete it with git tag -d ", t.name));
        continue;
      }
      ref.reset(resolved);
    }
    git_object* target_raw = nullptr;
    if (git_reference_peel(&target_raw, ref.get(), GIT_OBJECT_ANY) < 0) {
      git_error_clear();
      warn(cat(git_dir_, ": tag ", t.name, " names an object the repository does not have: skipped; fetch it "
                          "(git fetch --tags) or delete the tag"));
      continue;
    }
    GitObject target(target_raw);
    // The outermost object decides the date: for a tag of a tag, the reference's
    // `for-each-ref --sort=creatordate` reads the outer tag's tagger.
    git_object* direct_raw = nullptr;
    git_check(git_object_lookup(&direct_raw, repo_.get(), git_reference_target(ref.get()),
                                GIT_OBJECT_ANY),
              cat("reading tag ", t.name));
    GitObject direct(direct_raw);
    if (git_object_type(direct.get()) == GIT_OBJECT_TAG) {
      t.annotated = true;
      const git_signature* sig = git_tag_tagger(reinterpret_cast<git_tag*>(direct.get()));
      if (sig) t.date = sig->when.time;
    }
    git_object* commit_raw = nullptr;
    if (git_object_peel(&commit_raw, direct.get(), GIT_OBJECT_COMMIT) == 0) {
      GitObject commit(commit_raw);
      t.commit = Oid::from_git(*git_object_id(commit.get()));
      if (!t.annotated) t.date = commit_time(commit.get());
    }
    git_object* tree_raw = nullptr;
    if (git_object_peel(&tree_raw, direct.get(), GIT_OBJECT_TREE) < 0) {
      git_error_clear();
      warn(cat(git_dir_, ": tag ", t.name, " names a blob, not a commit or tree: nothing to search, skipped"));
      continue;
    }
    GitObject tree(tree_raw);
    t.tree = Oid::from_git(*git_object_id(tree.get()));
    out.push_back(std::move(t));
  }
  if (rc != GIT_ITEROVER) git_check(rc, cat(git_dir_, ": listing tags"));
  return out;
}

// Pack entry types are git's object types, which libgit2 numbers alike.
static_assert(int(PackReader::Type::Commit) == GIT_OBJECT_COMMIT && int(PackReader::Type::Tree) == GIT_OBJECT_TREE &&
              int(PackReader::Type::Blob) == GIT_OBJECT_BLOB && int(PackReader::Type::Tag) == GIT_OBJECT_TAG);

// From the packs, else through libgit2 (loose objects, a partial clone's
// promised ones); `type` must be what the object is.
void Repo::read_object(const Oid& id, PackReader::Type type, std::string& out) const {
  const char* what = PackReader::type_name(type);
  PackReader::Type t = packs_->read(id, out);
  if (t == type) return;
  if (t != PackReader::Type::None)
    throw Error(cat("reading ", what, " ", id.hex(), ": the object is a ", PackReader::type_name(t)));
  git_odb_object* obj = nullptr;
  git_oid g = id.to_git();
  int rc = git_odb_read(&obj, odb_.get(), &g);
  if (rc == GIT_ENOTFOUND) throw missing(what, id);
  git_check(rc, cat("reading ", what, " ", id.hex()));
  GitOdbObject o(obj);
  if (git_odb_object_type(obj) != static_cast<git_object_t>(type))
    throw Error(cat("reading ", what, " ", id.hex(), ": the object is a ",
                    git_object_type2string(git_odb_object_type(obj))));
  out.assign(static_cast<const char*>(git_odb_object_data(obj)), git_odb_object_size(obj));
}

void Repo::read_tree(const Oid& tree_id, std::string& raw, std::vector<TreeEntryView>& out) const {
  read_object(tree_id, PackReader::Type::Tree, raw);
  try {
    parse_tree(raw, out);
  } catch (const Error& e) {
    throw Error(cat(git_dir_, ": tree ", tree_id.hex(), ": ", e.what()));
  }
}

void Repo::read_tree(const Oid& tree_id, std::vector<TreeEntry>& out) const {
  std::string raw;
  std::vector<TreeEntryView> views;
  read_tree(tree_id, raw, views);
  out.clear();
  out.reserve(views.size());
  for (const TreeEntryView& v : views) out.push_back({std::string(v.name), v.oid, v.kind});
}

Repo::Blob Repo::read_blob(const Oid& blob_id) const {
  Blob b;
  read_blob(blob_id, b.bytes);
  return b;
}

void Repo::read_blob(const Oid& blob_id, std::string& out) const {
  read_object(blob_id, PackReader::Type::Blob, out);
}

std::string Repo::read_file_at(const std::string& ref, const std::string& path) const {
  const std::string where = cat(git_dir_, ": ");
  git_object* target_raw = nullptr;
  int rc = git_revparse_single(&target_raw, repo_.get(), ref.c_str());
  if (rc == GIT_EAMBIGUOUS)
    throw Error(cat(where, "'", ref, "' is ambiguous (several objects start with it); give more digits "
                    "of the commit id"));
  if (rc < 0) {
    git_error_clear();
    // git fetch takes a full commit id as it is, but makes no local ref of a
    // tag or branch name unless told to.
    bool hex = !ref.empty() && ref.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
    std::string how = hex && ref.size() == 40 ? cat("git -C ", git_dir_, " fetch origin ", ref)
                      : hex ? cat("git -C ", git_dir_, " fetch origin FULL_COMMIT_ID (fetch needs all 40 digits)")
                            : cat("git -C ", git_dir_, " fetch origin tag ", ref, " (a tag), or git -C ", git_dir_,
                                  " fetch origin ", ref, ":", ref, " (a branch)");
    throw Error(cat(where, "unknown ref '", ref, "' (no commit, tag or branch of that name here); fetch it: ", how));
  }
  GitObject target(target_raw);
  git_object* commit_raw = nullptr;
  // Peeled to a commit, so that a tag, a branch and an id mean the same tree.
  if (git_object_peel(&commit_raw, target.get(), GIT_OBJECT_COMMIT) < 0) {
    git_error_clear();
    throw Error(cat(where, "'", ref, "' names a ", git_object_type2string(git_object_type(target.get())),
                    ", not a commit; give a commit id, a tag or a branch"));
  }
  GitCommit commit(reinterpret_cast<git_commit*>(commit_raw));
  const std::string at = cat(ref, " (commit ", Oid::from_git(*git_commit_id(commit.get())).hex().substr(0, 12), ")");
  git_tree* tree_raw = nullptr;
  git_check(git_commit_tree(&tree_raw, commit.get()), cat(where, "reading the tree of ", at));
  GitTree tree(tree_raw);
  git_tree_entry* entry_raw = nullptr;
  rc = git_tree_entry_bypath(&entry_raw, tree.get(), path.c_str());
  if (rc == GIT_ENOTFOUND) {
    git_error_clear();
    throw Error(cat(where, path, " does not exist at ", at, "; check the path, or give a ref that has it"));
  }
  git_check(rc, cat(where, "looking up ", path, " at ", at));
  GitPtr<git_tree_entry, git_tree_entry_free> entry(entry_raw);
  // A symbolic link's blob is the link's target, not the file's text.
  git_filemode_t mode = git_tree_entry_filemode(entry.get());
  if (mode != GIT_FILEMODE_BLOB && mode != GIT_FILEMODE_BLOB_EXECUTABLE) {
    const char* what = mode == GIT_FILEMODE_TREE ? "a folder" : mode == GIT_FILEMODE_LINK ? "a symbolic link"
                                                                                         : "a submodule";
    throw Error(cat(where, path, " at ", at, " is not a file but ", what));
  }
  Blob blob = read_blob(Oid::from_git(*git_tree_entry_id(entry.get())));
  return std::string(blob.data(), blob.size());
}

std::string read_file_at(const std::string& repo_dir, const std::string& ref, const std::string& path) {
  std::optional<Repo> repo;
  try {
    repo.emplace(repo_dir);
  } catch (const Error&) {
    // Repo's own message speaks of --repo, the index's option; this reader
    // serves other options (docs build --libbpf).
    throw Error(cat(repo_dir, ": not a git repository (or not readable); give the folder of a clone, e.g. "
                              "git clone https://github.com/libbpf/libbpf"));
  }
  return repo->read_file_at(ref, path);
}

}  // namespace ksince

// gcc says __SANITIZE_ADDRESS__; clang 14 says __has_feature(address_sanitizer).
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KSINCE_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(KSINCE_ASAN)
// libgit2 1.5 leaks pcre2 match data each time it opens a repository of
// format version 1 (a partial clone's): its check of extensions.* runs a
// regex whose match data it never frees. Not ours to free; LeakSanitizer
// reads this hook at start. Named by module: the stack ends in libpcre2,
// built without frame pointers (ksince itself does not use pcre2).
extern "C" const char* __lsan_default_suppressions() { return "leak:libpcre2-8.so\n"; }
extern "C" const char* __lsan_default_options() { return "print_suppressions=0"; }
#endif
