#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace ksince {

// Facts derived from the kernel source (SPEC "Facts derived from the
// source"). A fact is a feature with another test of presence: it is present
// at a tree when an extractor finds it there. The index runs extractors in
// two steps, so that each blob is parsed once for the life of the database
// and each distinct set of relevant files is resolved once:
//
//   extract(text)  -> what one file says alone (JSON, cached per blob)
//   resolve(files) -> the facts of a whole tree, from its files' results
//
// Presence per tag, the version rule (since), removal (until) and the
// introducing-commit search are the index's, shared with names.

// One derived fact. (kind, key) is its identity: presence per tag, since,
// until and the introducing commit are about that identity. `attrs` are its
// details as the newest tree that has it says them (conditions, ids, flags).
struct DerivedFact {
  std::string kind;      // "helper", "prog_helper", "map_helper", "func_proto_case", ...
  std::string key;       // unique within the kind, e.g. "BPF_PROG_TYPE_XDP bpf_redirect"
  nlohmann::json attrs = nlohmann::json::object();
  std::string file;      // evidence: where the tree says it ("net/core/filter.c")
  uint32_t line = 0;     // 1-based
};

// A construct an extractor could not read: recorded, never guessed at and
// never dropped silently.
struct UnknownConstruct {
  std::string file;
  uint32_t line = 0;
  std::string what;      // "switch (func_id) case without a return: ..."
};

struct ResolvedFacts {
  std::vector<DerivedFact> facts;
  std::vector<UnknownConstruct> unknowns;
};

// A file of a tree as resolve() sees it: its path and what extract() said.
struct ExtractedFile {
  std::string path;
  const nlohmann::json* local;
};

class Extractor {
 public:
  virtual ~Extractor() = default;
  // A short stable name ("helpers", "kfuncs"), part of the cache key.
  virtual std::string name() const = 0;
  // Bumped whenever extract()'s output for some text changes, so that an
  // index made by an older ksince parses its blobs again.
  virtual int version() const = 0;
  // Only files whose text contains one of these words (as git grep -w finds
  // words: [A-Za-z0-9_]+ runs) are extracted; a word may be given as an ERE
  // over one word, e.g. "[A-Za-z0-9_]*func_proto". Keep the list short and
  // specific: it decides how many blobs are parsed.
  virtual std::vector<std::string> trigger_regexes() const = 0;
  // What one file says, alone. Must not depend on the file's path (a blob can
  // sit at many paths); lines are 1-based within the text. Never throws on
  // bad input: unreadable constructs go into the result as unknowns.
  virtual nlohmann::json extract(std::string_view text) const = 0;
  // The facts of one tree, from the extracted files of that tree that the
  // triggers selected (sorted by path; tools/ and samples/ are never given).
  virtual ResolvedFacts resolve(const std::vector<ExtractedFile>& files) const = 0;
};

}  // namespace ksince
