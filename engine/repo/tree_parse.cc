#include "repo/tree_parse.h"

#include <cstring>

#include "util/error.h"

namespace ksince {

void parse_tree(std::string_view raw, std::vector<TreeEntryView>& out) {
  out.clear();
  const char* p = raw.data();
  const char* end = p + raw.size();
  while (p < end) {
    unsigned mode = 0;
    const char* mode_start = p;
    while (p < end && *p >= '0' && *p <= '7' && p - mode_start < 7) mode = mode * 8 + unsigned(*p++ - '0');
    if (p == mode_start || p == end || *p != ' ')
      throw Error(cat("malformed tree: an entry's mode is not octal digits and a space, at byte ", mode_start - raw.data()));
    const char* name = ++p;
    const char* nul = static_cast<const char*>(std::memchr(name, '\0', end - name));
    if (!nul || nul == name || end - nul < 21)
      throw Error(cat("malformed tree: an entry's name or id is cut short, at byte ", name - raw.data()));
    EntryKind kind = EntryKind::Other;  // symlinks (0120000) and submodules (0160000)
    switch (mode & 0170000) {
      case 0040000: kind = EntryKind::Tree; break;
      case 0100000: kind = EntryKind::File; break;
      default: break;
    }
    out.push_back({std::string_view(name, nul - name), Oid::from_raw(nul + 1), kind});
    p = nul + 21;
  }
}

}  // namespace ksince
