// The identifier index's readers of source text: the words of any text and
// the definitions of any text read as each syntax, and their shapes. Never a
// crash, never an exception; every word is a word, every definition names
// one; a shape is no change from itself, and its text survives packing.
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "facts/identifier_defs.h"
#include "idents/module_uses.h"
#include "idents/shape_diff.h"
#include "store/packed_text.h"
#include "scan/identifier_words.h"
#include "util/hash.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> words;
  std::vector<uint64_t> hashes;
  ksince::identifier_words(text, words, hashes);
  if (hashes.size() != words.size()) std::abort();
  for (size_t i = 0; i < words.size(); i++) {
    std::string_view w = words[i];
    if (w.empty() || (w[0] >= '0' && w[0] <= '9') || hashes[i] != ksince::hash_bytes(w)) std::abort();
    for (char c : w)
      if (!ksince::is_word_byte(static_cast<unsigned char>(c))) std::abort();
  }
  for (auto syntax : {ksince::DefSyntax::C, ksince::DefSyntax::Asm, ksince::DefSyntax::Kconfig,
                      ksince::DefSyntax::DeviceTree}) {
    std::vector<ksince::Shape> shapes;
    for (const ksince::Definition& d : ksince::find_definitions(syntax, text, &shapes)) {
      if (d.name.empty() || d.line == 0) std::abort();
      for (char c : d.name)
        if (!ksince::is_word_byte(static_cast<unsigned char>(c))) std::abort();
    }
    for (const ksince::Shape& s : shapes) {
      if (s.name.empty() || s.line == 0) std::abort();
      if (!ksince::diff_shapes(s.kind, s.text, s.kind, s.text).empty()) std::abort();
      ksince::render_shape(s.name, s.kind, s.text);
      if (ksince::unpack_text(ksince::pack_text(s.text), "fuzz") != s.text) std::abort();
    }
  }
  // compat's reader of a module: every use names something.
  ksince::ModuleUses uses = ksince::read_module_uses({{"m.c", std::string(text)}});
  for (const ksince::NameUse& u : uses.names)
    if (u.name.empty()) std::abort();
  for (const ksince::MemberUse& m : uses.members)
    if (m.type.empty() || m.path.empty()) std::abort();
  return 0;
}
