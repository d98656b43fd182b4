// Writes the seed corpus of fuzz_btf (corpus/fuzz_btf): small raw BTF files
// made with libbpf's writer, one per shape the reader walks. The kernel's own
// BTF is megabytes; libFuzzer mutates small inputs far faster.
// usage: make_btf_seeds DIR
#include <bpf/btf.h>

#include <cstdio>
#include <memory>
#include <string>

namespace {

struct Free {
  void operator()(struct btf* b) const { btf__free(b); }
};
using Writer = std::unique_ptr<struct btf, Free>;

void save(struct btf* w, const std::string& path) {
  uint32_t size = 0;
  const void* raw = btf__raw_data(w, &size);
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f || !raw || std::fwrite(raw, 1, size, f) != size) std::perror(path.c_str());
  if (f) std::fclose(f);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  std::string dir = argv[1];
  {  // kfuncs with pointers, qualifiers, arrays, a callback and a struct
    Writer b(btf__new_empty());
    struct btf* w = b.get();
    int i32 = btf__add_int(w, "int", 4, BTF_INT_SIGNED);
    int cst = btf__add_const(w, i32);
    int ptr = btf__add_ptr(w, cst);
    int arr = btf__add_array(w, i32, i32, 4);
    int st = btf__add_struct(w, "bpf_cpumask", 0);
    int st_ptr = btf__add_ptr(w, st);
    int cb = btf__add_func_proto(w, i32);
    btf__add_func_param(w, "n", i32);
    int cb_ptr = btf__add_ptr(w, cb);
    int p = btf__add_func_proto(w, st_ptr);
    btf__add_func_param(w, "a", ptr);
    btf__add_func_param(w, "b", arr);
    btf__add_func_param(w, "less", cb_ptr);
    int f = btf__add_func(w, "bpf_cpumask_create", BTF_FUNC_GLOBAL, p);
    btf__add_decl_tag(w, "bpf_kfunc", f, -1);
    save(w, dir + "/kfuncs.btf");
  }
  {  // enum bpf_prog_type
    Writer b(btf__new_empty());
    struct btf* w = b.get();
    btf__add_enum(w, "bpf_prog_type", 4);
    btf__add_enum_value(w, "BPF_PROG_TYPE_UNSPEC", 0);
    btf__add_enum_value(w, "BPF_PROG_TYPE_SOCKET_FILTER", 1);
    btf__add_enum_value(w, "__MAX_BPF_PROG_TYPE", 2);
    save(w, dir + "/enum.btf");
  }
  {  // a pointer whose target is a const of that pointer: a cycle
    Writer b(btf__new_empty());
    struct btf* w = b.get();
    int ptr = btf__add_ptr(w, 2);  // id 1 -> id 2, written next
    btf__add_const(w, ptr);        // id 2 -> id 1
    int p = btf__add_func_proto(w, ptr);
    int f = btf__add_func(w, "bpf_cycle", BTF_FUNC_GLOBAL, p);
    btf__add_decl_tag(w, "bpf_kfunc", f, -1);
    save(w, dir + "/cycle.btf");
  }
  return 0;
}
