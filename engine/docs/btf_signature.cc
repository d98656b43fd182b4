#include "docs/btf_signature.h"

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include <cerrno>
#include <cstring>
#include <set>

#include "util/error.h"

namespace ksince {

void BtfFree::operator()(struct btf* b) const { btf__free(b); }

namespace {

int quiet(enum libbpf_print_level, const char*, va_list) { return 0; }

}  // namespace

Btf::Btf(const std::string& path) : path_(path) {
  // libbpf prints its own diagnostics on stderr; the Error below says it all.
  libbpf_print_fn_t previous = libbpf_set_print(quiet);
  errno = 0;
  struct btf* raw = btf__parse(path.c_str(), nullptr);
  libbpf_set_print(previous);
  if (!raw) {
    int err = errno;
    throw Error(cat(path, ": cannot read BTF from it (", std::strerror(err),
                    "); give a raw .BTF section (objcopy --dump-section .BTF=FILE vmlinux) or a vmlinux ELF"));
  }
  btf_.reset(raw);
  uint32_t n = btf__type_cnt(raw);
  for (uint32_t id = 1; id < n; id++) {
    const btf_type* t = btf__type_by_id(raw, id);
    // libbpf takes a type section at any offset; its records are read as
    // 4-byte aligned structs, so a misaligned one is a damaged file.
    if (reinterpret_cast<uintptr_t>(t) % alignof(btf_type) != 0)
      throw Error(cat(path, ": BTF type ", id, " is not 4-byte aligned (the header's type_off is off); the file is "
                            "damaged: regenerate it (pahole, bpftool)"));
    if (btf_is_func(t)) funcs_[name_of(t->name_off)].push_back(id);
  }
}

std::string Btf::name_of(uint32_t off) const {
  const char* s = btf__name_by_offset(btf_.get(), off);
  return s ? s : "";
}

std::vector<std::string> Btf::kfuncs() const {
  std::vector<std::string> out;
  std::set<std::string> seen;
  uint32_t n = btf__type_cnt(btf_.get());
  for (uint32_t id = 1; id < n; id++) {
    const btf_type* t = btf__type_by_id(btf_.get(), id);
    if (!btf_is_decl_tag(t) || btf_decl_tag(t)->component_idx != -1 || name_of(t->name_off) != "bpf_kfunc") continue;
    const btf_type* target = btf__type_by_id(btf_.get(), t->type);
    if (!target || !btf_is_func(target)) continue;
    std::string name = name_of(target->name_off);
    if (seen.insert(name).second) out.push_back(name);
  }
  return out;
}

// kfunc-gen's typeToC on cilium/ebpf's types, one BTF kind at a time.
std::string Btf::type_to_c(uint32_t id, int depth) const {
  if (id == 0) return "void";
  // Qualifiers and pointers never nest this deep in a kernel's BTF; a file
  // whose chain does (a pointer to itself) would recurse without end.
  if (depth > kMaxTypeDepth)
    throw Error(cat(path_, ": type id ", id, " ends a chain of more than ", kMaxTypeDepth,
                    " pointers and qualifiers (a cycle?); the BTF is damaged: regenerate it (pahole, bpftool)"));
  const btf_type* t = btf__type_by_id(btf_.get(), id);
  if (!t) return cat("unknown (type id ", id, ")");
  std::string name = name_of(t->name_off);
  switch (btf_kind(t)) {
    case BTF_KIND_INT:
    case BTF_KIND_TYPEDEF:
    case BTF_KIND_FUNC:
    case BTF_KIND_ENUM:  // no "enum ": `nf_nat_manip_type manip`
    case BTF_KIND_ENUM64:
      return name;
    case BTF_KIND_STRUCT: return "struct " + name;
    case BTF_KIND_UNION: return "union " + name;
    case BTF_KIND_PTR: return type_to_c(t->type, depth + 1) + " *";
    case BTF_KIND_ARRAY: return cat(type_to_c(btf_array(t)->type, depth + 1), "[", btf_array(t)->nelems, "]");
    case BTF_KIND_VOLATILE: return "volatile " + type_to_c(t->type, depth + 1);
    case BTF_KIND_CONST: return "const " + type_to_c(t->type, depth + 1);
    case BTF_KIND_RESTRICT: return "restrict " + type_to_c(t->type, depth + 1);
    case BTF_KIND_TYPE_TAG:
      return (name == "address_space(1)" ? std::string("__arena ") : "/* unknown type tag: " + name + " */ ") +
             type_to_c(t->type, depth + 1);
    // Go's %T of the cilium/ebpf type kfunc-gen did not expect.
    case BTF_KIND_FWD: return "unknown (*btf.Fwd)";
    case BTF_KIND_FUNC_PROTO: return "unknown (*btf.FuncProto)";
    case BTF_KIND_VAR: return "unknown (*btf.Var)";
    case BTF_KIND_DATASEC: return "unknown (*btf.Datasec)";
    case BTF_KIND_FLOAT: return "unknown (*btf.Float)";
    case BTF_KIND_DECL_TAG: return "unknown (*btf.declTag)";
    default: return cat("unknown (BTF kind ", btf_kind(t), ")");
  }
}

std::optional<std::string> Btf::signature(const std::string& name) const {
  auto it = funcs_.find(name);
  if (it == funcs_.end() || it->second.size() != 1) return std::nullopt;
  const btf_type* fn = btf__type_by_id(btf_.get(), it->second[0]);
  const btf_type* proto = btf__type_by_id(btf_.get(), fn->type);
  if (!proto || !btf_is_func_proto(proto)) return std::nullopt;
  std::string args;
  const btf_param* params = btf_params(proto);
  for (uint16_t i = 0; i < btf_vlen(proto); i++) {
    if (i) args += ", ";
    uint32_t type = params[i].type;
    std::string pname = name_of(params[i].name_off);
    const btf_type* t = type ? btf__type_by_id(btf_.get(), type) : nullptr;
    if (t && btf_is_ptr(t)) {
      const btf_type* target = t->type ? btf__type_by_id(btf_.get(), t->type) : nullptr;
      if (target && btf_is_func_proto(target)) {
        // `bool (less)(struct bpf_rb_node * , const struct bpf_rb_node * )`:
        // BTF keeps no names for a callback's parameters.
        std::string inner;
        const btf_param* fp = btf_params(target);
        for (uint16_t j = 0; j < btf_vlen(target); j++)
          inner += (j ? ", " : "") + type_to_c(fp[j].type) + " " + name_of(fp[j].name_off);
        args += type_to_c(target->type) + " (" + pname + ")(" + inner + ")";
      } else {
        args += type_to_c(type) + pname;  // typeToC of a pointer ends in " *"
      }
    } else {
      args += type_to_c(type) + " " + pname;
    }
  }
  const btf_type* ret = proto->type ? btf__type_by_id(btf_.get(), proto->type) : nullptr;
  bool ret_ptr = ret && btf_is_ptr(ret);
  return type_to_c(proto->type) + (ret_ptr ? "" : " ") + name + "(" + args + ")";
}

std::vector<std::string> Btf::enum_values(const std::string& enum_name) const {
  std::vector<std::string> out;
  uint32_t n = btf__type_cnt(btf_.get());
  for (uint32_t id = 1; id < n; id++) {
    const btf_type* t = btf__type_by_id(btf_.get(), id);
    if (!btf_is_enum(t) || name_of(t->name_off) != enum_name) continue;
    const struct btf_enum* e = btf_enum(t);
    for (uint16_t i = 0; i < btf_vlen(t); i++) out.push_back(name_of(e[i].name_off));
    break;
  }
  return out;
}

}  // namespace ksince
