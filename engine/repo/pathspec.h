#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace ksince {

// git pathspecs, as `git grep TREE -- SPEC...` applies them:
// - a spec without wildcards matches that path and everything below it;
// - a spec with wildcards is first tried literally like that, then as an
//   fnmatch pattern without FNM_PATHNAME (so `*` crosses `/`) over the whole
//   file path; a folder whose name matches the glob does not count;
// - a trailing slash selects folders only ("net/" is not the file net);
// - magic: `:!x`, `:^x` and `:(exclude)x` exclude; `:/x` and `:(top)x` are x
//   (paths are always from the top); `:(literal)x` has no wildcards; magic
//   may be combined (`:(exclude,literal)x`). Other magic (glob, icase, attr)
//   is refused with an Error naming the spec, as is a malformed `:(`.
// No spec at all, or only exclusions, matches every file not excluded.
class Pathspec {
 public:
  explicit Pathspec(std::vector<std::string> specs);
  // With exclusions, as git's `:(exclude)SPEC`: a path that an exclusion
  // matches is never selected, and a folder it matches is not entered. The
  // derived facts read "the whole tree but tools/ and samples/" this way.
  Pathspec(std::vector<std::string> specs, const std::vector<std::string>& excludes);

  // Does the spec select this directory (and so everything below it)?
  bool selects_dir(std::string_view dir) const;
  // Could a file somewhere below `dir` be selected? False lets a walk prune.
  bool may_select_below(std::string_view dir) const;
  bool selects_file(std::string_view path) const;

  // For a tree walk: should the walk enter folder `dir`, given that its
  // parent was selected whole? `whole` says whether `dir` is.
  bool enter(std::string_view dir, bool parent_whole, bool& whole) const {
    if (excluded_dir(dir)) return false;
    whole = parent_whole || selects_dir(dir);
    return whole || may_select_below(dir);
  }
  bool takes_file(std::string_view path, bool parent_whole) const {
    return (parent_whole || selects_file(path)) && !excluded(path);
  }

  const std::vector<std::string>& specs() const { return specs_; }

 private:
  struct Item {
    std::string spec;
    size_t literal_len;  // length of the prefix before the first wildcard
    bool wildcard;
    bool dir_only = false;  // written with a trailing slash
    bool star_suffix = false;  // "*" then no wildcard ("*.c"): a suffix test, no fnmatch
  };
  static Item make_item(const std::string& s, bool literal);
  // Reads the magic of one spec into an item; true for an exclusion.
  static bool parse(const std::string& s, Item& item);
  bool item_matches(const Item& item, std::string_view path) const;
  bool excluded(std::string_view path) const {
    for (const Item& item : excludes_)
      if (item_matches(item, path)) return true;
    return false;
  }
  // A folder is excluded whole only by a literal match, as git grep selects
  // folders: `:!ne?` does not exclude net/, `:!n*` excludes its files.
  bool excluded_dir(std::string_view dir) const;

  std::vector<std::string> specs_;
  std::vector<Item> items_;
  std::vector<Item> excludes_;
};

}  // namespace ksince
