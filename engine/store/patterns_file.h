#pragma once
#include <string>
#include <vector>

namespace ksince {

// The patterns file as the index keeps it (its patterns, groups, pathspecs
// and tag regexes are persisted with each run's answers); scan/pattern_set.h
// parses it.

// What one pattern matches: a literal name, or one or more ERE regexes OR-ed.
// Its identity in the index is scan/matcher.h's matcher_key().
struct MatchSpec {
  bool literal = true;
  std::vector<std::string> exprs;  // one name, or the regexes
  std::string label;               // for messages: "pattern X in group Y (file:line)"
};

struct Pattern {
  std::string group;
  std::string name;
  MatchSpec match;
  int line = 0;  // 1-based line in the patterns file, for messages
  // Where the pattern is listed among all listings of the file, in file
  // order; an entry listed again identically in its group is one pattern with
  // the later places in `repeats` (the exports list it at each of them).
  int position = 0;
  std::vector<int> repeats;
  // What kind of name it is, when the file says so ("helper", "prog_type",
  // ...; kPatternKinds): its version and commit then come from the derived
  // fact of that kind and name (its definition), not from where the name is
  // found. "" keeps the SPEC's git grep -w semantics.
  std::string kind;
};

// The kinds a pattern (or a group, for all its patterns) may declare: the
// derived-fact kinds whose key is the name itself.
// "word" says it explicitly: a name matched as git grep -w does (the
// default), for a pattern in a group that declares another kind.
inline const std::vector<std::string> kPatternKinds = {"helper", "prog_type", "map_type", "attach_type", "kfunc",
                                                       "word"};

// A patterns file in the reference's format (SPEC "Inputs"): pathspecs, tag
// regexes, and named patterns in groups, kept in file order.
struct PatternSet {
  std::string path;
  std::string digest;  // fingerprint of the file's bytes, to notice edits
  std::vector<std::string> files;
  std::vector<std::string> tags;
  // `series:`: a regex placing the point releases of stable series (named
  // groups series, point, revision; repo/series_select.h); "" for none.
  std::string series;
  std::vector<std::string> groups;  // group names in file order
  std::vector<Pattern> patterns;    // in file order, each once
  bool identifiers = false;         // `identifiers: true`: every identifier of the tree too
  std::vector<std::string> identifier_files;  // `identifier_files:` pathspecs, empty for the default
  std::vector<std::string> warnings;  // file:line:column: what, and the fix
};

}  // namespace ksince
