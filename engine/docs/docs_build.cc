#include "docs/docs_build.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <set>

#include "util/atomic_file.h"
#include "util/error.h"
#include "util/time_left.h"

namespace ksince {

namespace {

namespace fs = std::filesystem;

// A marker as people read it: its last line, without the newline.
std::string trim_eol(const std::string& s) {
  std::string t = s;
  while (!t.empty() && (t.back() == '\n' || t.back() == '\r')) t.pop_back();
  size_t nl = t.rfind('\n');
  return nl == std::string::npos ? t : t.substr(nl + 1);  // KFUNC_DEF's start: its marker line
}

size_t line_of(const std::string& t, size_t pos) {
  return static_cast<size_t>(std::count(t.begin(), t.begin() + static_cast<std::ptrdiff_t>(pos), '\n')) + 1;
}

// Every occurrence of `needle`, left to right, not overlapping.
std::vector<size_t> find_all(const std::string& t, const std::string& needle) {
  std::vector<size_t> out;
  for (size_t p = t.find(needle); p != std::string::npos; p = t.find(needle, p + needle.size())) out.push_back(p);
  return out;
}

struct Pair {
  size_t body_begin, body_end;  // between the start string's end and the stop string
  size_t line;                  // of the start string's first line
};

// The pairs of one kind on a page; nullopt (with a note) when a lone end
// marker leaves the kind as it is. Throws for an unclosed start. `code` is
// computed on first need: most pages have no marker of most kinds.
std::optional<std::vector<Pair>> find_pairs(const std::string& path, const std::string& t, const BlockKind& k,
                                            std::optional<std::vector<CodeRange>>& code,
                                            std::vector<BuildNote>& notes) {
  std::vector<size_t> starts = find_all(t, k.start), stops = find_all(t, k.stop);
  if (!starts.empty() || !stops.empty()) {
    if (!code) code = markdown_code(t);
    std::erase_if(starts, [&](size_t p) { return in_code(*code, p); });
    std::erase_if(stops, [&](size_t p) { return in_code(*code, p); });
  }
  std::vector<Pair> pairs;
  size_t si = 0, ei = 0;
  while (si < starts.size() || ei < stops.size()) {
    bool start_next = si < starts.size() && (ei == stops.size() || starts[si] < stops[ei]);
    if (!start_next) {
      notes.push_back({path, line_of(t, stops[ei]),
                       cat("end marker ", trim_eol(k.stop), " without a start marker before it; the ", k.name,
                           " blocks of this page are left as they are (remove the stray marker, or add ",
                           trim_eol(k.start), " before it)")});
      return std::nullopt;
    }
    size_t s = starts[si++];
    size_t body = s + k.start.size();
    if (ei == stops.size() || (si < starts.size() && starts[si] < stops[ei]) || stops[ei] < body)
      throw Error(cat(path, ":", line_of(t, s), ": ", k.name, " start marker is never closed; add ",
                      trim_eol(k.stop), " after its block"));
    pairs.push_back({body, stops[ei++], line_of(t, s)});
  }
  return pairs;
}

struct Edit {
  size_t begin, end;  // the old body
  const std::string* body;
  size_t line;
  const std::string* kind;
};

}  // namespace

PageBuild build_page(const std::string& path, const std::string& text, const std::vector<BlockKind>& kinds,
                     const std::map<std::string, const Block*>& blocks) {
  PageBuild r;
  std::optional<std::vector<CodeRange>> code;
  // Every kind's pairs are found on the same text, then all bodies replaced
  // at once: one kind's new body can never create or hide another's marker.
  std::vector<Edit> edits;
  for (const BlockKind& k : kinds) {
    auto pairs = find_pairs(path, text, k, code, r.notes);
    if (!pairs) continue;
    auto b = blocks.find(k.name);
    if (b == blocks.end()) {
      if (!pairs->empty())
        r.notes.push_back({path, pairs->front().line,
                           cat(k.name, ": no data names this page, so its block is kept as written")});
      continue;
    }
    if (pairs->empty()) {
      r.kinds_without_start.push_back(k.name);
      r.notes.push_back({path, 0, cat("has no ", trim_eol(k.start), " marker, so its ", k.name,
                                      " block is not written; add the marker pair where the block belongs")});
      continue;
    }
    const std::string& body = b->second->body;
    for (size_t i = 0; i < pairs->size(); i++) {
      const Pair& p = (*pairs)[i];
      std::string_view now(text.data() + p.body_begin, p.body_end - p.body_begin);
      if (i > 0 && !now.empty() && now != body) {
        r.notes.push_back({path, p.line, cat("a second ", k.name, " pair holds other text than the generated one; "
                                             "it is kept (empty it to have it generated)")});
        continue;
      }
      edits.push_back({p.body_begin, p.body_end, &body, p.line, &k.name});
      r.pairs_rendered[k.name]++;
    }
  }
  std::sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) { return a.begin < b.begin; });
  for (size_t i = 1; i < edits.size(); i++)
    if (edits[i].begin < edits[i - 1].end)
      throw Error(cat(path, ":", edits[i].line, ": the ", *edits[i].kind, " pair is inside the ", *edits[i - 1].kind,
                      " pair of line ", edits[i - 1].line, "; move it out"));
  r.text.reserve(text.size());
  size_t copied = 0;
  for (const Edit& e : edits) {
    r.text.append(text, copied, e.begin - copied);
    r.text += *e.body;
    copied = e.end;
  }
  r.text.append(text, copied, std::string::npos);
  return r;
}

CurrentBody current_bodies(const std::string& root, const std::vector<BlockKind>& kinds) {
  return [root, kinds](const std::string& page, const std::string& kind) -> std::optional<std::string> {
    for (const BlockKind& k : kinds) {
      if (k.name != kind) continue;
      std::string path = root + "/" + page, text;
      std::error_code ec;
      if (!fs::is_regular_file(path, ec)) return std::nullopt;
      try {
        text = read_page(path);
        std::optional<std::vector<CodeRange>> code;
        std::vector<BuildNote> ignored;
        auto pairs = find_pairs(path, text, k, code, ignored);
        if (!pairs || pairs->empty()) return std::nullopt;
        return text.substr(pairs->front().body_begin, pairs->front().body_end - pairs->front().body_begin);
      } catch (const Error&) {
        return std::nullopt;
      }
    }
    return std::nullopt;
  };
}

BuildResult build_docs(const BuildInput& in) {
  std::vector<std::string> paths = list_pages(in.root);
  std::string root = in.root;
  while (root.size() > 1 && root.back() == '/') root.pop_back();

  // Blocks by page; a renderer giving one page two blocks of a kind is a bug.
  std::map<std::string, std::map<std::string, const Block*>> by_page;
  std::vector<std::string> errors;
  for (const Block& b : in.blocks) {
    auto [it, fresh] = by_page[b.page].emplace(b.kind, &b);
    if (!fresh && it->second->body != b.body)
      errors.push_back(cat(root, "/", b.page, ": two different ", b.kind, " blocks for one page (renderer error)"));
  }

  BuildResult result;
  std::set<std::string> seen;
  std::vector<std::pair<std::string, std::string>> writes;
  static const std::map<std::string, const Block*> kNone;
  Progress quiet(false);
  Progress& progress = in.progress ? *in.progress : quiet;
  auto t0 = std::chrono::steady_clock::now();
  // The pages --create-missing makes, where they do not exist yet: built
  // from their template text like any page read from disk.
  std::set<std::string> existing;
  for (const std::string& path : paths) existing.insert(fs::path(path).lexically_relative(root).generic_string());
  std::set<std::string> to_create;
  for (const auto& [rel, text] : in.created)
    if (!existing.count(rel)) {
      to_create.insert(root + "/" + rel);
      paths.push_back(root + "/" + rel);
    }
  for (const std::string& path : paths) {
    progress.update(cat("docs build: page ", result.pages + 1, "/", paths.size(),
                        time_left(seconds_since(t0), result.pages, paths.size())));
    result.pages++;
    std::string rel = fs::path(path).lexically_relative(root).generic_string();
    seen.insert(rel);
    try {
      const bool create = to_create.count(path) > 0;
      std::string before = create ? std::string() : read_page(path);
      std::string text = before;
      if (create) text = in.created.at(rel);
      else if (auto r = in.rewritten.find(rel); r != in.rewritten.end()) text = r->second;
      if (in.feature_tags) {
        PageResult tags = rewrite_page(path, text, in.feature_tags);
        for (const MarkerWarning& w : tags.warnings) result.notes.push_back({w.file, w.line, w.message});
        if (tags.changed) text = std::move(tags.text);
      }
      auto bp = by_page.find(rel);
      PageBuild page = build_page(path, text, in.kinds, bp == by_page.end() ? kNone : bp->second);
      for (auto& n : page.notes) result.notes.push_back(std::move(n));
      for (const auto& [k, n] : page.pairs_rendered) result.pairs_rendered[k] += n;
      if (page.text != before || create) {
        result.changed.push_back(path);
        if (create) result.created.push_back(path);
        writes.emplace_back(path, std::move(page.text));
      }
    } catch (const Error& e) {
      errors.push_back(e.what());  // go on, so that one run names every broken page
    }
  }
  for (const auto& [page, kinds] : by_page)
    if (!seen.count(page))
      for (const auto& [kind, b] : kinds)
        result.notes.push_back({cat(root, "/", page), 0,
                                cat("the data has a ", kind, " block for this page, but the page does not exist")});
  if (!errors.empty()) {
    std::string msg;
    for (const std::string& e : errors) msg += e + "\n";
    msg += cat(errors.size(), errors.size() == 1 ? " error" : " errors", "; no file was written");
    throw Error(msg);
  }
  if (in.check_only) return result;
  if (!writes.empty()) progress.update(cat("docs build: writing ", writes.size(), " pages"), true);
  write_files_atomic(writes);
  return result;
}

}  // namespace ksince
