#pragma once
#include <cstdint>

#include "repo/oid.h"

namespace ksince {

// What the commit search is asked and answers, and the store persists.
// One feature whose introducing commit is wanted: present at `version`,
// absent at `prev` (both commits).
struct CommitQuestion {
  uint32_t matcher;
  Oid version;
  Oid prev;
};

struct CommitAnswer {
  Oid commit;          // zero when the range holds no commit (version reachable from prev)
  bool exact = false;  // present at commit, absent at every parent (SPEC definition)
  // The search ended at a shallow clone's boundary with the feature present:
  // the commit that added it is beyond the history the clone has. `commit`
  // is zero then.
  bool cut = false;
};

}  // namespace ksince
