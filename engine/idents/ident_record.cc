#include "idents/ident_record.h"

#include "util/error.h"
#include "util/varint.h"

namespace ksince {

std::string encode_words(const std::vector<uint32_t>& words) {
  std::string out;
  out.reserve(words.size() * 2);
  uint32_t last = 0;
  for (size_t i = 0; i < words.size(); i++) {
    put_varint(out, i == 0 ? words[i] : words[i] - last - 1);  // ascending and unique: gaps of at least 1
    last = words[i];
  }
  return out;
}

namespace {

// An entry's (id, kind, line) head: the id as its gap from the last one
// (ascending, repeats allowed: one name, two kinds or lines).
void put_head(std::string& out, uint32_t& last, uint32_t id, uint8_t kind, uint32_t line) {
  put_varint(out, id - last);
  put_varint(out, kind);
  put_varint(out, line);
  last = id;
}

}  // namespace

std::string encode_defs(const std::vector<IdentDef>& defs) {
  std::string out;
  uint32_t last = 0;
  for (const IdentDef& d : defs) put_head(out, last, d.id, static_cast<uint8_t>(d.kind), d.line);
  return out;
}

std::string encode_shapes(const std::vector<IdentShape>& shapes) {
  std::string out;
  uint32_t last = 0;
  for (const IdentShape& d : shapes) {
    put_head(out, last, d.id, static_cast<uint8_t>(d.kind), d.line);
    for (int i = 0; i < 8; i++) out += static_cast<char>(d.hash >> (8 * i));  // fixed: a hash has no small values
  }
  return out;
}

void decode_words(std::string_view in, std::vector<uint32_t>& out, const char* what) {
  out.clear();
  size_t pos = 0;
  uint64_t v = 0;
  for (bool first = true; pos < in.size(); first = false) {
    uint64_t d = get_varint(in, pos, what);
    v = first ? d : v + d + 1;
    if (v > UINT32_MAX) throw Error(cat(what, ": an identifier id out of range"));
    out.push_back(static_cast<uint32_t>(v));
  }
}

namespace {

// An entry's head as put_head wrote it; false when out of range.
bool get_head(std::string_view in, size_t& pos, uint64_t& id, uint64_t& kind, uint64_t& line, uint64_t kinds,
              const char* what) {
  id += get_varint(in, pos, what);
  kind = get_varint(in, pos, what);
  line = get_varint(in, pos, what);
  return id <= UINT32_MAX && kind < kinds && line <= UINT32_MAX;
}

}  // namespace

void decode_defs(std::string_view in, std::vector<IdentDef>& out, const char* what) {
  out.clear();
  size_t pos = 0;
  uint64_t id = 0, kind = 0, line = 0;
  while (pos < in.size()) {
    if (!get_head(in, pos, id, kind, line, kDefKinds, what)) throw Error(cat(what, ": a definition out of range"));
    out.push_back({static_cast<uint32_t>(id), static_cast<DefKind>(kind), static_cast<uint32_t>(line)});
  }
}

void decode_shapes(std::string_view in, std::vector<IdentShape>& out, const char* what) {
  out.clear();
  size_t pos = 0;
  uint64_t id = 0, kind = 0, line = 0;
  while (pos < in.size()) {
    if (!get_head(in, pos, id, kind, line, kShapeKinds, what) || in.size() - pos < 8)
      throw Error(cat(what, ": a shape out of range"));
    uint64_t hash = 0;
    for (int i = 0; i < 8; i++) hash |= uint64_t(static_cast<unsigned char>(in[pos + i])) << (8 * i);
    pos += 8;
    out.push_back({static_cast<uint32_t>(id), static_cast<ShapeKind>(kind), static_cast<uint32_t>(line), hash});
  }
}

}  // namespace ksince
