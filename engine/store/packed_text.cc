#include "store/packed_text.h"

#include <libdeflate.h>

#include <memory>

#include "util/error.h"
#include "util/varint.h"

namespace ksince {

namespace {

constexpr char kPlain = 0, kDeflated = 1;
constexpr size_t kWorthIt = 96;  // shorter texts gain less than deflate's header and the varint

struct FreeCompressor {
  void operator()(libdeflate_compressor* c) const { libdeflate_free_compressor(c); }
};
struct FreeDecompressor {
  void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
};

}  // namespace

std::string pack_text(std::string_view text) {
  if (text.size() < kWorthIt) return kPlain + std::string(text);
  thread_local std::unique_ptr<libdeflate_compressor, FreeCompressor> c(libdeflate_alloc_compressor(6));
  std::string out(1, kDeflated);
  put_varint(out, text.size());  // the text's length, then the deflated bytes
  const size_t k = out.size();
  out.resize(k + libdeflate_deflate_compress_bound(c.get(), text.size()));
  size_t z = libdeflate_deflate_compress(c.get(), text.data(), text.size(), out.data() + k, out.size() - k);
  if (z == 0 || k + z >= 1 + text.size()) return kPlain + std::string(text);
  out.resize(k + z);
  return out;
}

std::string unpack_text(std::string_view packed, const char* what) {
  if (packed.empty()) throw Error(cat(what, ": an empty packed text"));
  if (packed[0] == kPlain) return std::string(packed.substr(1));
  if (packed[0] != kDeflated) throw Error(cat(what, ": an unknown text packing"));
  size_t k = 1;
  const uint64_t n = get_varint(packed, k, what);
  if (n > (size_t(1) << 26)) throw Error(cat(what, ": a packed text too long"));
  thread_local std::unique_ptr<libdeflate_decompressor, FreeDecompressor> d(libdeflate_alloc_decompressor());
  std::string out(n, '\0');
  size_t got = 0;
  if (libdeflate_deflate_decompress(d.get(), packed.data() + k, packed.size() - k, out.data(), n, &got) !=
          LIBDEFLATE_SUCCESS ||
      got != n)
    throw Error(cat(what, ": a packed text does not inflate"));
  return out;
}

}  // namespace ksince
