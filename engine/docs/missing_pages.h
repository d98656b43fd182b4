#pragma once
// `docs build --create-missing`: a page for each subject the source has at
// the tag and the site has no page for, from the site's own skeleton for
// its kind (data/page-templates/), listed in the folder's literate-nav
// SUMMARY.md. The builder then fills the page's generated blocks like any
// other page's. Pages whose subject is gone are said, never deleted.
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "docs/docs_blocks.h"
#include "docs/kfunc_data.h"
#include "store/store.h"

namespace ksince {

struct MissingPages {
  std::map<std::string, std::string> created;    // page (relative to the root) -> its text before the blocks
  std::map<std::string, std::string> rewritten;  // an existing page (SUMMARY.md) -> its new text
  std::set<std::string> names;                   // the created pages' subjects
  std::map<std::string, std::string> fact_kind;  // a created subject -> its fact kind (missing_pages())
  std::vector<BuildNote> notes;                  // pages whose subject the source no longer has

  void add(MissingPages&& o);
};

// Every page of the four kinds the source has at `tag` and <root> lacks,
// and the pages whose subject is gone: kfuncs (when `kfuncs`, the derived
// kfunc data, is given), then the uapi enums' program and map types and the
// FN list's helpers in the kernel's order, not the enums' *_UNSPEC nor the
// names the kernel marks deprecated (aliases such as
// BPF_MAP_TYPE_CGROUP_STORAGE_DEPRECATED: no page documents those).
MissingPages missing_pages(Store& store, const std::string& root, const KfuncData* kfuncs, const std::string& tag,
                           const std::string& data_dir);

// Kfunc pages: for each kfunc of `derived` (the facts at `tag`) without
// <root>/linux/kfuncs/<name>.md, the template <data_dir>/page-templates/
// kfunc.md with {{name}} replaced; linux/kfuncs/SUMMARY.md gains it
// (summary_with_kfuncs). A page of a kfunc the data lacks is a note.
// Throws Error naming the template when it cannot be read.
MissingPages missing_kfunc_pages(const std::string& root, const KfuncData& derived, const std::string& data_dir,
                                 const std::string& tag);

// Program-type, map-type and helper pages: for each of `names` (the
// subjects at `tag`, in the kernel's order: the uapi enum's, the helper
// ids') without <root>/<folder><name>.md, <data_dir>/page-templates/
// <template_name> for it; <folder>SUMMARY.md gains it after the subject
// that precedes it in that order (summary_in_order). `what` ("map type")
// words the notes on pages whose subject is gone.
MissingPages missing_subject_pages(const std::string& root, const std::string& folder, const std::string& template_name,
                                   const std::vector<std::string>& names, const std::string& data_dir,
                                   const std::string& tag, const std::string& what);

// A template's text for `name`: every {{name}} replaced.
std::string page_from_template(const std::string& tmpl, const std::string& name);

// The kfunc folder's SUMMARY.md with `added` kfuncs listed (each with the
// sets that hold it, in the data's order). A kfunc goes at the end of the
// top-level heading that lists the most kfuncs of its sets (the first such
// heading on a tie); with none, under a new heading named after its first
// set, at the end of the file. A kfunc the file already links to is left
// where it is, so a second run changes nothing. The file's bullet and
// indentation are kept.
std::string summary_with_kfuncs(const std::string& summary,
                                const std::vector<std::pair<std::string, std::vector<std::string>>>& added,
                                const std::map<std::string, std::set<std::string>>& set_members);

// A SUMMARY.md with `added` listed in the order the file already uses,
// the kernel's `order` (every subject, oldest first): each goes on the line
// after the closest subject before it in `order` that the file links to,
// with that line's indentation and bullet (so inside its group); with none
// before it, before the closest one after it; with neither, at the end. A
// subject already linked stays where it is.
std::string summary_in_order(const std::string& summary, const std::vector<std::string>& added,
                             const std::vector<std::string>& order);

}  // namespace ksince
