// The pack reader on arbitrary pack bytes: a pack of the input, its .idx
// naming one object at an offset the input's first two bytes choose, read
// as ksince reads a clone's packs (entry headers, inflating, delta chains
// within the pack). It must throw ksince::Error or return, never crash.
// Also the tree parser and the delta applier on the same bytes.
#include <unistd.h>

#include <algorithm>
#include <arpa/inet.h>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "repo/git_delta.h"
#include "repo/pack_reader.h"
#include "repo/tree_parse.h"
#include "util/error.h"

namespace {

std::string be32(uint32_t v) {
  v = htonl(v);
  return std::string(reinterpret_cast<const char*>(&v), 4);
}

// The repository the pack is written into, removed when the fuzzer exits
// (it left one folder in /tmp per run before).
struct ScratchRepo {
  std::string path;
  ScratchRepo() {
    char tmpl[] = "/tmp/fuzz_pack.XXXXXX";
    path = mkdtemp(tmpl);
    std::filesystem::create_directories(path + "/objects/pack");
  }
  ~ScratchRepo() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

const std::string& dir() {
  static const ScratchRepo repo;
  return repo.path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  std::string body(reinterpret_cast<const char*>(data) + 2, size - 2);
  try {
    std::vector<ksince::TreeEntryView> entries;
    ksince::parse_tree(body, entries);
  } catch (const ksince::Error&) {
  }
  try {
    std::string out;
    size_t half = body.size() / 2;
    ksince::apply_git_delta(std::string_view(body).substr(0, half), std::string_view(body).substr(half), out,
                            1u << 24);
  } catch (const ksince::Error&) {
  }
  uint32_t offset = 12 + (body.empty() ? 0 : (data[0] | data[1] << 8) % body.size());
  std::string pack = "PACK" + be32(2) + be32(1) + body + std::string(20, '\0');
  // .idx v2 of one object, id 01 01 ... 01.
  std::string idx("\xfftOc", 4);
  idx += be32(2);
  for (int i = 0; i < 256; i++) idx += be32(i >= 1 ? 1 : 0);
  std::string id(20, '\x01');
  idx += id + be32(0) + be32(offset) + std::string(40, '\0');
  std::ofstream(dir() + "/objects/pack/pack-f.pack", std::ios::binary | std::ios::trunc) << pack;
  std::ofstream(dir() + "/objects/pack/pack-f.idx", std::ios::binary | std::ios::trunc) << idx;
  try {
    ksince::PackReader reader(dir());
    std::string out;
    reader.read(ksince::Oid::from_raw(id.data()), out);
  } catch (const ksince::Error&) {
  }
  return 0;
}
