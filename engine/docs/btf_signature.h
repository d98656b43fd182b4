#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

struct btf;

namespace ksince {

struct BtfFree {
  void operator()(struct btf* b) const;
};

// A BTF file (a raw .BTF section such as the docs site's tools/kfunc-gen/vmlinux,
// or an ELF file with one) read with libbpf's BTF API, and the kfunc facts the
// docs build takes from it.
class Btf {
 public:
  // Throws Error naming the file when libbpf cannot read it.
  explicit Btf(const std::string& path);

  const std::string& path() const { return path_; }

  // FUNCs tagged "bpf_kfunc" (pahole's decl tag for members of a
  // BTF_KFUNCS set), in type id order, each name once.
  std::vector<std::string> kfuncs() const;

  // kfunc-gen's C signature of FUNC `name` (GENERATORS.md section 4), or
  // nullopt when no FUNC, or more than one, has that name (kfunc-gen's
  // TypeByName fails then, and it leaves the page as it is). A type chain
  // that does not end (a damaged file) throws Error.
  std::optional<std::string> signature(const std::string& name) const;

  // The names of an enum's values, in order ("enum bpf_prog_type"); empty
  // when the BTF has no such enum.
  std::vector<std::string> enum_values(const std::string& enum_name) const;

 private:
  static constexpr int kMaxTypeDepth = 64;
  std::string type_to_c(uint32_t id, int depth = 0) const;
  std::string name_of(uint32_t name_off) const;

  std::string path_;
  std::unique_ptr<struct btf, BtfFree> btf_;
  std::unordered_map<std::string, std::vector<uint32_t>> funcs_;  // FUNC name -> type ids
};

}  // namespace ksince
