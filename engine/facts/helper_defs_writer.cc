#include "facts/helper_defs_writer.h"

#include <map>
#include <optional>
#include <set>

#include "util/error.h"

namespace ksince {
namespace {

// The printer's fixed tables (scripts/bpf_doc.py, class PrinterHelpers). The
// forward declarations are printed in this order at the top of the file.
const char* const kTypeForwards[] = {
    "struct bpf_fib_lookup", "struct bpf_sk_lookup", "struct bpf_perf_event_data",
    "struct bpf_perf_event_value", "struct bpf_pidns_info", "struct bpf_redir_neigh",
    "struct bpf_sock", "struct bpf_sock_addr", "struct bpf_sock_ops", "struct bpf_sock_tuple",
    "struct bpf_spin_lock", "struct bpf_sysctl", "struct bpf_tcp_sock", "struct bpf_tunnel_key",
    "struct bpf_xfrm_state", "struct linux_binprm", "struct pt_regs", "struct sk_reuseport_md",
    "struct sockaddr", "struct tcphdr", "struct seq_file", "struct tcp6_sock", "struct tcp_sock",
    "struct tcp_timewait_sock", "struct tcp_request_sock", "struct udp6_sock", "struct unix_sock",
    "struct task_struct", "struct cgroup", "struct __sk_buff", "struct sk_msg_md",
    "struct xdp_md", "struct path", "struct btf_ptr", "struct inode", "struct socket",
    "struct file", "struct bpf_timer", "struct mptcp_sock", "struct bpf_dynptr",
    "struct iphdr", "struct ipv6hdr",
};

// Types printed as written.
const std::set<std::string, std::less<>> kKnownTypes = {
    "...", "void", "const void", "char", "const char", "int", "long", "unsigned long",
    "__be16", "__be32", "__wsum",
    "struct bpf_fib_lookup", "struct bpf_perf_event_data", "struct bpf_perf_event_value",
    "struct bpf_pidns_info", "struct bpf_redir_neigh", "struct bpf_sk_lookup", "struct bpf_sock",
    "struct bpf_sock_addr", "struct bpf_sock_ops", "struct bpf_sock_tuple",
    "struct bpf_spin_lock", "struct bpf_sysctl", "struct bpf_tcp_sock", "struct bpf_tunnel_key",
    "struct bpf_xfrm_state", "struct linux_binprm", "struct pt_regs", "struct sk_reuseport_md",
    "struct sockaddr", "struct tcphdr", "struct seq_file", "struct tcp6_sock", "struct tcp_sock",
    "struct tcp_timewait_sock", "struct tcp_request_sock", "struct udp6_sock",
    "struct unix_sock", "struct task_struct", "struct cgroup", "struct path", "struct btf_ptr",
    "struct inode", "struct socket", "struct file", "struct bpf_timer", "struct mptcp_sock",
    "struct bpf_dynptr", "const struct bpf_dynptr", "struct iphdr", "struct ipv6hdr",
    "const struct path",
};

// Kernel-side types rewritten to what a BPF program sees.
const std::map<std::string, std::string, std::less<>> kMappedTypes = {
    {"u8", "__u8"}, {"u16", "__u16"}, {"u32", "__u32"}, {"u64", "__u64"},
    {"s8", "__s8"}, {"s16", "__s16"}, {"s32", "__s32"}, {"s64", "__s64"},
    {"size_t", "unsigned long"},
    {"struct bpf_map", "void"},
    {"struct sk_buff", "struct __sk_buff"},
    {"const struct sk_buff", "const struct __sk_buff"},
    {"struct sk_msg_buff", "struct sk_msg_md"},
    {"struct xdp_buff", "struct xdp_md"},
};

// Helpers whose first argument is any of several context types: printed as
// `void *ctx`.
const std::set<std::string, std::less<>> kOverloaded = {"bpf_get_socket_cookie", "bpf_sk_assign"};

// Attribute mnemonic -> the compiler attribute it stands for.
const std::map<std::string, std::string, std::less<>> kAttributes = {
    {"__bpf_fastcall", "bpf_fastcall"},
};

struct Writer {
  const std::string& source;

  [[noreturn]] void fail(uint32_t line, const std::string& what) const {
    throw Error(cat(source, ":", line, ": ", what,
                    "; scripts/bpf_doc.py --header refuses this file too, so no bpf_helper_defs.h "
                    "is written from it"));
  }

  std::string map_type(std::string_view t, const HelperDoc& doc) const {
    if (kKnownTypes.count(t)) return std::string(t);
    auto it = kMappedTypes.find(t);
    if (it != kMappedTypes.end()) return it->second;
    fail(doc.line, cat("type '", t, "' of ", doc.name, " is not one the header printer knows"));
  }

  // One section's lines under " * ", with a TAB before non-empty text.
  static void section(std::string& out, std::string_view text) {
    while (true) {
      size_t nl = text.find('\n');
      std::string_view line = text.substr(0, nl);
      out += " *";
      if (!line.empty()) {
        out += " \t";
        out.append(line);
      }
      out += '\n';
      if (nl == std::string_view::npos) break;
      text.remove_prefix(nl + 1);
    }
  }

  void helper(std::string& out, const HelperDoc& doc, uint32_t id) const {
    auto parts = break_down_proto(doc.proto);
    if (!parts) fail(doc.line, "prototype that cannot be broken down: " + doc.proto);
    out += "/*\n * " + parts->name + "\n *\n";
    // One trailing newline goes: code that ends a section keeps the blank
    // line after it.
    std::string_view desc = doc.description;
    if (!desc.empty() && desc.back() == '\n') desc.remove_suffix(1);
    if (!doc.description.empty()) section(out, desc);
    if (!doc.ret.empty()) {
      out += " *\n * Returns\n";
      std::string_view ret = doc.ret;
      // Python's str.rstrip(): every trailing whitespace character.
      while (!ret.empty() && (ret.back() == ' ' || ret.back() == '\t' || ret.back() == '\n' ||
                              ret.back() == '\r' || ret.back() == '\v' || ret.back() == '\f'))
        ret.remove_suffix(1);
      section(out, ret);
    }
    out += " */\n";
    out += "static ";
    for (const auto& a : doc.attributes) out += a + " ";
    out += map_type(parts->ret_type, doc) + " " + parts->ret_star + "(* const " + parts->name + ")(";
    for (size_t i = 0; i < parts->args.size(); ++i) {
      const ProtoArg& a = parts->args[i];
      std::string type = a.type, name = a.name;
      if (i == 0 && kOverloaded.count(parts->name)) {
        type = "void";
        name = "ctx";
      }
      if (i) out += ", ";
      out += map_type(type, doc);
      if (!name.empty()) out += (a.star.empty() ? " " : " " + a.star) + name;
    }
    out += cat(") = (void *) ", id, ";\n\n");
  }

  std::string write(const UapiHelpers& h) const {
    if (!h.unknowns.empty()) fail(h.unknowns.front().line, h.unknowns.front().what);
    if (h.form == FnForm::kNone || h.fns.empty())
      fail(1, "no helper FN list (___BPF_FUNC_MAPPER, __BPF_FUNC_MAPPER or enum bpf_func_id)");
    if (!h.has_docs) fail(1, "no 'Start of BPF helper function descriptions:' line");
    if (h.fns.front().name != "unspec")
      fail(h.fns.front().line, "the helper FN list does not start with unspec");

    // Name -> (id, position among the helpers after unspec).
    std::map<std::string, std::pair<uint32_t, size_t>, std::less<>> by_name;
    for (size_t k = 1; k < h.fns.size(); ++k) {
      const HelperFn& f = h.fns[k];
      if (!f.id) fail(f.line, "helper " + f.name + " has no known id");
      by_name.emplace("bpf_" + f.name, std::make_pair(*f.id, k - 1));
    }

    // The checks of bpf_doc.py's HeaderParser.validate_helpers and the count
    // check of its printer, in that order.
    std::vector<std::optional<uint32_t>> ids;  // per doc; none for a repeated description
    std::set<std::string> seen;
    std::set<uint32_t> seen_ids;
    std::string last;
    size_t unique = 0;
    for (const auto& doc : h.docs) {
      auto it = by_name.find(doc.name);
      if (it == by_name.end()) fail(doc.line, "helper " + doc.name + " is missing from enum bpf_func_id");
      if (seen.count(doc.name)) {
        if (last != doc.name)
          fail(doc.line, "helper " + doc.name + " has multiple descriptions which are not grouped together");
        ids.push_back(std::nullopt);
        continue;
      }
      auto [id, pos] = it->second;
      if (pos != unique)
        fail(doc.line, cat("helper ", doc.name, " (ID ", id, ") comment order (#", unique + 1,
                           ") must be aligned with its position (#", pos + 1, ") in enum bpf_func_id"));
      if (!seen_ids.insert(id).second)
        fail(doc.line, cat("helper ", doc.name, " has duplicated value ", id));
      seen.insert(doc.name);
      last = doc.name;
      ids.push_back(id);
      ++unique;
    }
    if (unique != h.fns.size() - 1) {
      uint32_t line = unique < h.fns.size() - 1 ? h.fns[unique + 1].line : h.fns.front().line;
      fail(line, cat("the number of unique helpers in description (", unique,
                     ") doesn't match the number of helpers in the FN list (", h.fns.size() - 1, ")"));
    }

    std::string out =
        "/* This is auto-generated file. See bpf_doc.py for details. */\n\n"
        "/* Forward declarations of BPF structs */\n";
    for (const char* fwd : kTypeForwards) out += std::string(fwd) + ";\n";
    out += "\n";
    std::set<std::string> used;
    for (const auto& doc : h.docs)
      for (const auto& a : doc.attributes) used.insert(a);
    for (const auto& a : used) {
      auto it = kAttributes.find(a);
      if (it == kAttributes.end()) fail(1, "attribute " + a + " unknown to the printer");
      out += "#ifndef " + a + "\n#if __has_attribute(" + it->second + ")\n#define " + a +
             " __attribute__((" + it->second + "))\n#else\n#define " + a + "\n#endif\n#endif\n";
    }
    if (!used.empty()) out += "\n";
    for (size_t k = 0; k < h.docs.size(); ++k)
      if (ids[k]) helper(out, h.docs[k], *ids[k]);
    out += "\n";
    return out;
  }
};

}  // namespace

std::string write_bpf_helper_defs(const UapiHelpers& helpers, const std::string& source_name) {
  return Writer{source_name}.write(helpers);
}

}  // namespace ksince
