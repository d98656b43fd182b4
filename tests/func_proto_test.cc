// FuncProtoExtractor on small C files in the kernel's idioms: the facts must
// be exactly the ones the files say, written out by hand below.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <string>

#include "facts/func_proto_extractor.h"
#include "git_fixture.h"

using nlohmann::json;

namespace {

using Files = std::map<std::string, std::string>;  // path -> text

struct Result {
  std::map<std::string, json> facts;  // "kind key" -> attrs (+ "@": file:line)
  std::vector<ksince::UnknownConstruct> unknowns;
};

Result run(const Files& files) {
  ksince::FuncProtoExtractor ex;
  std::vector<json> locals;
  locals.reserve(files.size());
  for (const auto& [path, text] : files) locals.push_back(ex.extract(text));
  std::vector<ksince::ExtractedFile> in;
  size_t i = 0;
  for (const auto& [path, text] : files) in.push_back({path, &locals[i++]});
  ksince::ResolvedFacts rf = ex.resolve(in);
  Result r;
  for (const auto& f : rf.facts) {
    json a = f.attrs;
    a["@"] = f.file + ":" + std::to_string(f.line);
    CHECK_MESSAGE(r.facts.emplace(f.kind + " " + f.key, a).second, "fact twice: " << f.kind << " " << f.key);
  }
  r.unknowns = rf.unknowns;
  return r;
}

// "path:N" where N is the line of `text` holding `needle` (the first one).
std::string at_line(const std::string& path, const std::string& text, const std::string& needle) {
  size_t pos = text.find(needle);
  REQUIRE(pos != std::string::npos);
  return path + ":" + std::to_string(1 + std::count(text.begin(), text.begin() + pos, '\n'));
}

std::string describe(const std::vector<ksince::UnknownConstruct>& us) {
  std::string out;
  for (const auto& u : us) out += u.file + ":" + std::to_string(u.line) + ": " + u.what + "\n";
  return out;
}

// The facts of one kind whose key starts with `prefix`.
std::map<std::string, json> of(const Result& r, const std::string& kind, const std::string& prefix = "") {
  std::map<std::string, json> out;
  for (const auto& [k, v] : r.facts)
    if (k.rfind(kind + " " + prefix, 0) == 0) out[k.substr(kind.size() + 1)] = v;
  return out;
}

const char* kBpfTypes = R"(/* SPDX-License-Identifier: GPL-2.0 */
/* internal file - do not include directly */

#ifdef CONFIG_NET
BPF_PROG_TYPE(BPF_PROG_TYPE_XDP, xdp,
	      struct xdp_md, struct xdp_buff)
#endif
#ifdef CONFIG_BPF_EVENTS
BPF_PROG_TYPE(BPF_PROG_TYPE_KPROBE, kprobe,
	      bpf_user_pt_regs_t, struct pt_regs)
BPF_PROG_TYPE(BPF_PROG_TYPE_TRACING, tracing,
	      void *, void *)
#endif
BPF_PROG_TYPE(BPF_PROG_TYPE_EXT, bpf_extension,
	      void *, void *)

BPF_MAP_TYPE(BPF_MAP_TYPE_ARRAY, array_map_ops)
BPF_MAP_TYPE(BPF_MAP_TYPE_HASH, htab_map_ops)
BPF_MAP_TYPE(BPF_MAP_TYPE_QUEUE, queue_map_ops)
BPF_MAP_TYPE(BPF_MAP_TYPE_RINGBUF, ringbuf_map_ops)
#if defined(CONFIG_BPF_STREAM_PARSER)
BPF_MAP_TYPE(BPF_MAP_TYPE_SOCKMAP, sock_map_ops)
#endif
)";

// Three switches behind capability gates, as bpf_base_func_proto has them.
const char* kHelpersC = R"(// SPDX-License-Identifier: GPL-2.0-only
const struct bpf_func_proto bpf_probe_read_kernel_proto __weak;

const struct bpf_func_proto *
bpf_base_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	switch (func_id) {
	case BPF_FUNC_map_lookup_elem:
		return &bpf_map_lookup_elem_proto;
	case BPF_FUNC_strtol:
		return &bpf_strtol_proto;
	default:
		break;
	}

	if (!bpf_token_capable(prog->aux->token, CAP_BPF))
		return NULL;

	switch (func_id) {
	case BPF_FUNC_spin_lock:
		return &bpf_spin_lock_proto;
#ifdef CONFIG_CGROUPS
	case BPF_FUNC_cgrp_storage_get:
		return &bpf_cgrp_storage_get_proto;
#endif
	default:
		break;
	}

	if (!perfmon_capable())
		return NULL;

	switch (func_id) {
	case BPF_FUNC_trace_printk:
		return bpf_get_trace_printk_proto();
	case BPF_FUNC_probe_read_kernel:
		return security_locked_down(LOCKDOWN_BPF_READ_KERNEL) < 0 ?
		       NULL : &bpf_probe_read_kernel_proto;
	default:
		return NULL;
	}
}
)";

// A declaration and a header stub of the same function: not the definition.
const char* kBpfH = R"(#ifndef _LINUX_BPF_H
#define _LINUX_BPF_H 1
#ifdef CONFIG_BPF_SYSCALL
const struct bpf_func_proto *bpf_base_func_proto(enum bpf_func_id func_id,
						 const struct bpf_prog *prog);
#else
static inline const struct bpf_func_proto *
bpf_base_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	return NULL;
}
#endif /* CONFIG_BPF_SYSCALL */
#endif
)";

// Nested #ifdef around cases; a case that blocks a helper of the group it
// falls through to; a case that assigns and breaks, returned after a gate.
const char* kFilterC = R"(// SPDX-License-Identifier: GPL-2.0-or-later
static const struct bpf_func_proto *
bpf_sk_base_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog);

static const struct bpf_func_proto *
xdp_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	switch (func_id) {
	case BPF_FUNC_redirect:
		return &bpf_xdp_redirect_proto;
	case BPF_FUNC_strtol:
		return NULL;
#ifdef CONFIG_INET
	case BPF_FUNC_sk_lookup_udp:
		return &bpf_xdp_sk_lookup_udp_proto;
#ifdef CONFIG_SYN_COOKIES
	case BPF_FUNC_tcp_raw_gen_syncookie_ipv4:
		return &bpf_tcp_raw_gen_syncookie_ipv4_proto;
#endif
#endif
	default:
		return bpf_sk_base_func_proto(func_id, prog);
	}
}

static const struct bpf_func_proto *
bpf_sk_base_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	const struct bpf_func_proto *func;

	switch (func_id) {
	case BPF_FUNC_skc_to_tcp_sock:
		func = &bpf_skc_to_tcp_sock_proto;
		break;
	case BPF_FUNC_ktime_get_coarse_ns:
		return &bpf_ktime_get_coarse_ns_proto;
	default:
		return bpf_base_func_proto(func_id, prog);
	}

	if (!bpf_token_capable(prog->aux->token, CAP_PERFMON))
		return NULL;

	return func;
}

const struct bpf_verifier_ops xdp_verifier_ops = {
	.get_func_proto		= xdp_func_proto,
	.is_valid_access	= xdp_is_valid_access,
	.convert_ctx_access	= xdp_convert_ctx_access,
};
)";

// Fall-through several levels deep; attach-type and sleepable conditions;
// an attach-type switch inside a case; two calls in a default.
const char* kBpfTraceC = R"(// SPDX-License-Identifier: GPL-2.0
static const struct bpf_func_proto *
bpf_tracing_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	switch (func_id) {
	case BPF_FUNC_get_current_pid_tgid:
		return &bpf_get_current_pid_tgid_proto;
	case BPF_FUNC_copy_from_user:
		return prog->sleepable ? &bpf_copy_from_user_proto : NULL;
	case BPF_FUNC_probe_write_user:
		return security_locked_down(LOCKDOWN_BPF_WRITE_USER) < 0 ?
		       NULL : bpf_get_probe_write_proto();
	case BPF_FUNC_trace_printk:
		return bpf_get_trace_printk_proto();
	case BPF_FUNC_copy_from_user_task:
		return &bpf_copy_from_user_task_proto;
	case BPF_FUNC_d_path:
		return &bpf_d_path_proto;
	default:
		return bpf_base_func_proto(func_id, prog);
	}
}

static const struct bpf_func_proto *
kprobe_prog_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	switch (func_id) {
	case BPF_FUNC_perf_event_output:
		return &bpf_perf_event_output_proto;
#ifdef CONFIG_BPF_KPROBE_OVERRIDE
	case BPF_FUNC_override_return:
		return &bpf_override_return_proto;
#endif
	case BPF_FUNC_get_func_ip:
		return prog->expected_attach_type == BPF_TRACE_KPROBE_MULTI ?
			&bpf_get_func_ip_proto_kprobe_multi :
			&bpf_get_func_ip_proto_kprobe;
	default:
		return bpf_tracing_func_proto(func_id, prog);
	}
}

static const struct bpf_func_proto *
raw_tp_prog_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	switch (func_id) {
	case BPF_FUNC_get_stackid:
		return &bpf_get_stackid_proto_raw_tp;
	default:
		return bpf_tracing_func_proto(func_id, prog);
	}
}

const struct bpf_func_proto *
tracing_prog_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	const struct bpf_func_proto *fn;

	switch (func_id) {
	case BPF_FUNC_seq_printf:
		return prog->expected_attach_type == BPF_TRACE_ITER ?
		       &bpf_seq_printf_proto :
		       NULL;
	case BPF_FUNC_get_func_arg:
		return bpf_prog_has_trampoline(prog) ? &bpf_get_func_arg_proto : NULL;
	case BPF_FUNC_setsockopt:
		switch (prog->expected_attach_type) {
		case BPF_CGROUP_INET4_CONNECT:
		case BPF_CGROUP_INET6_CONNECT:
			return &bpf_sock_addr_setsockopt_proto;
		default:
			return NULL;
		}
	case BPF_FUNC_get_retval:
		switch (prog->expected_attach_type) {
		case BPF_CGROUP_INET_INGRESS:
			return NULL;
		default:
			return &bpf_get_retval_proto;
		}
	default:
		fn = raw_tp_prog_func_proto(func_id, prog);
		if (!fn && prog->expected_attach_type == BPF_TRACE_ITER)
			fn = bpf_iter_get_func_proto(func_id, prog);
		return fn;
	}
}

const struct bpf_verifier_ops kprobe_verifier_ops = {
	.get_func_proto  = kprobe_prog_func_proto,
	.is_valid_access = kprobe_prog_is_valid_access,
};

const struct bpf_verifier_ops tracing_verifier_ops = {
	.get_func_proto  = tracing_prog_func_proto,
	.is_valid_access = tracing_prog_is_valid_access,
};

const struct bpf_verifier_ops bpf_extension_verifier_ops = {
	.is_valid_access = tracing_prog_is_valid_access,
};

const struct bpf_func_proto bpf_copy_from_user_task_proto = {
	.func		= bpf_copy_from_user_task,
	.gpl_only	= true,
	.might_sleep	= true,
	.ret_type	= RET_INTEGER,
};

static const struct bpf_func_proto bpf_d_path_proto = {
	.func		= bpf_d_path,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.allowed	= bpf_d_path_allowed,
};
)";

const char* kBpfIterC = R"(// SPDX-License-Identifier: GPL-2.0-only
const struct bpf_func_proto *
bpf_iter_get_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	switch (func_id) {
	case BPF_FUNC_seq_write:
		return &bpf_seq_write_proto;
	default:
		return NULL;
	}
}
)";

Files kernel_files() {
  return {{"include/linux/bpf_types.h", kBpfTypes}, {"kernel/bpf/helpers.c", kHelpersC},
          {"include/linux/bpf.h", kBpfH},           {"net/core/filter.c", kFilterC},
          {"kernel/trace/bpf_trace.c", kBpfTraceC}, {"kernel/bpf/bpf_iter.c", kBpfIterC}};
}

// The base group's helpers, as every chain ending in it sees them.
std::map<std::string, json> base_group(const std::string& type) {
  return {
      {type + " bpf_map_lookup_elem", {{"via", "bpf_base_func_proto"}, {"@", at_line("kernel/bpf/helpers.c", kHelpersC, "case BPF_FUNC_map_lookup_elem:")}}},
      {type + " bpf_strtol", {{"via", "bpf_base_func_proto"}, {"@", at_line("kernel/bpf/helpers.c", kHelpersC, "case BPF_FUNC_strtol:")}}},
      {type + " bpf_spin_lock", {{"cap", {"CAP_BPF"}}, {"via", "bpf_base_func_proto"}, {"@", at_line("kernel/bpf/helpers.c", kHelpersC, "case BPF_FUNC_spin_lock:")}}},
      {type + " bpf_cgrp_storage_get",
       {{"cap", {"CAP_BPF"}}, {"kconfig", {"CONFIG_CGROUPS"}}, {"via", "bpf_base_func_proto"}, {"@", at_line("kernel/bpf/helpers.c", kHelpersC, "case BPF_FUNC_cgrp_storage_get:")}}},
      {type + " bpf_trace_printk",
       {{"cap", {"CAP_BPF", "CAP_PERFMON"}}, {"via", "bpf_base_func_proto"}, {"@", at_line("kernel/bpf/helpers.c", kHelpersC, "case BPF_FUNC_trace_printk:")}}},
      {type + " bpf_probe_read_kernel",
       {{"cap", {"CAP_BPF", "CAP_PERFMON"}}, {"no_security_lockdown", true}, {"via", "bpf_base_func_proto"},
        {"@", at_line("kernel/bpf/helpers.c", kHelpersC, "case BPF_FUNC_probe_read_kernel:")}}},
  };
}

std::map<std::string, json> tracing_group(const std::string& type) {
  std::map<std::string, json> m = base_group(type);
  m[type + " bpf_get_current_pid_tgid"] = {{"via", "bpf_tracing_func_proto"}, {"@", at_line("kernel/trace/bpf_trace.c", kBpfTraceC, "case BPF_FUNC_get_current_pid_tgid:")}};
  m[type + " bpf_copy_from_user"] = {{"sleepable", true}, {"via", "bpf_tracing_func_proto"}, {"@", at_line("kernel/trace/bpf_trace.c", kBpfTraceC, "case BPF_FUNC_copy_from_user:")}};
  m[type + " bpf_probe_write_user"] = {
      {"no_security_lockdown", true}, {"via", "bpf_tracing_func_proto"}, {"@", at_line("kernel/trace/bpf_trace.c", kBpfTraceC, "case BPF_FUNC_probe_write_user:")}};
  // What the proto itself restricts: sleepable programs; a callback.
  m[type + " bpf_copy_from_user_task"] = {
      {"sleepable", true},
      {"via", "bpf_tracing_func_proto"},
      {"@", at_line("kernel/trace/bpf_trace.c", kBpfTraceC, "case BPF_FUNC_copy_from_user_task:")}};
  m[type + " bpf_d_path"] = {{"proto_allowed", "bpf_d_path_allowed"},
                             {"via", "bpf_tracing_func_proto"},
                             {"@", at_line("kernel/trace/bpf_trace.c", kBpfTraceC, "case BPF_FUNC_d_path:")}};
  // Supplied by the tracing group first: the base group's gates do not apply.
  m[type + " bpf_trace_printk"] = {{"via", "bpf_tracing_func_proto"}, {"@", at_line("kernel/trace/bpf_trace.c", kBpfTraceC, "case BPF_FUNC_trace_printk:")}};
  return m;
}

}  // namespace

TEST_CASE("func_proto: program-type helpers through nested #ifdef, gates and fall-through chains") {
  Result r = run(kernel_files());
  // The tree has no map ops: each map type says so, with its line.
  std::string missing;
  for (auto [type, ops] : {std::pair{"ARRAY", "array_map_ops"}, {"HASH", "htab_map_ops"}, {"QUEUE", "queue_map_ops"},
                           {"RINGBUF", "ringbuf_map_ops"}, {"SOCKMAP", "sock_map_ops"}})
    missing += at_line("include/linux/bpf_types.h", kBpfTypes, std::string("BPF_MAP_TYPE_") + type + ",") +
               ": BPF_MAP_TYPE_" + type + ": map ops " + ops + " not found\n";
  CHECK(describe(r.unknowns) == missing);

  std::map<std::string, json> xdp = base_group("BPF_PROG_TYPE_XDP");
  xdp.erase("BPF_PROG_TYPE_XDP bpf_strtol");  // xdp_func_proto returns NULL for it
  xdp["BPF_PROG_TYPE_XDP bpf_redirect"] = {{"via", "xdp_func_proto"}, {"@", at_line("net/core/filter.c", kFilterC, "case BPF_FUNC_redirect:")}};
  xdp["BPF_PROG_TYPE_XDP bpf_sk_lookup_udp"] = {{"kconfig", {"CONFIG_INET"}}, {"via", "xdp_func_proto"}, {"@", at_line("net/core/filter.c", kFilterC, "case BPF_FUNC_sk_lookup_udp:")}};
  xdp["BPF_PROG_TYPE_XDP bpf_tcp_raw_gen_syncookie_ipv4"] = {
      {"kconfig", {"CONFIG_INET", "CONFIG_SYN_COOKIES"}}, {"via", "xdp_func_proto"}, {"@", at_line("net/core/filter.c", kFilterC, "case BPF_FUNC_tcp_raw_gen_syncookie_ipv4:")}};
  xdp["BPF_PROG_TYPE_XDP bpf_skc_to_tcp_sock"] = {
      {"cap", {"CAP_PERFMON"}}, {"via", "bpf_sk_base_func_proto"}, {"@", at_line("net/core/filter.c", kFilterC, "case BPF_FUNC_skc_to_tcp_sock:")}};
  xdp["BPF_PROG_TYPE_XDP bpf_ktime_get_coarse_ns"] = {{"via", "bpf_sk_base_func_proto"}, {"@", at_line("net/core/filter.c", kFilterC, "case BPF_FUNC_ktime_get_coarse_ns:")}};
  CHECK(of(r, "prog_helper", "BPF_PROG_TYPE_XDP ") == xdp);

  std::map<std::string, json> kprobe = tracing_group("BPF_PROG_TYPE_KPROBE");
  kprobe["BPF_PROG_TYPE_KPROBE bpf_perf_event_output"] = {{"via", "kprobe_prog_func_proto"}, {"@", at_line("kernel/trace/bpf_trace.c", kBpfTraceC, "case BPF_FUNC_perf_event_output:")}};
  kprobe["BPF_PROG_TYPE_KPROBE bpf_override_return"] = {
      {"kconfig", {"CONFIG_BPF_KPROBE_OVERRIDE"}}, {"via", "kprobe_prog_func_proto"}, {"@", at_line("kernel/trace/bpf_trace.c", kBpfTraceC, "case BPF_FUNC_override_return:")}};
  // Both arms of the `?:` return a proto: no attach-type condition.
  kprobe["BPF_PROG_TYPE_KPROBE bpf_get_func_ip"] = {{"via", "kprobe_prog_func_proto"}, {"@", at_line("kernel/trace/bpf_trace.c", kBpfTraceC, "case BPF_FUNC_get_func_ip:")}};
  CHECK(of(r, "prog_helper", "BPF_PROG_TYPE_KPROBE ") == kprobe);

  std::map<std::string, json> tracing = tracing_group("BPF_PROG_TYPE_TRACING");
  tracing["BPF_PROG_TYPE_TRACING bpf_seq_printf"] = {
      {"attach_type", {"BPF_TRACE_ITER"}}, {"via", "tracing_prog_func_proto"}, {"@", at_line("kernel/trace/bpf_trace.c", kBpfTraceC, "case BPF_FUNC_seq_printf:")}};
  tracing["BPF_PROG_TYPE_TRACING bpf_get_func_arg"] = {
      {"prog_trampoline", true}, {"via", "tracing_prog_func_proto"}, {"@", at_line("kernel/trace/bpf_trace.c", kBpfTraceC, "case BPF_FUNC_get_func_arg:")}};
  tracing["BPF_PROG_TYPE_TRACING bpf_setsockopt"] = {
      {"attach_type", {"BPF_CGROUP_INET4_CONNECT", "BPF_CGROUP_INET6_CONNECT"}},
      {"via", "tracing_prog_func_proto"},
      {"@", at_line("kernel/trace/bpf_trace.c", kBpfTraceC, "case BPF_FUNC_setsockopt:")}};
  tracing["BPF_PROG_TYPE_TRACING bpf_get_retval"] = {
      {"attach_type_not", {"BPF_CGROUP_INET_INGRESS"}}, {"via", "tracing_prog_func_proto"}, {"@", at_line("kernel/trace/bpf_trace.c", kBpfTraceC, "case BPF_FUNC_get_retval:")}};
  tracing["BPF_PROG_TYPE_TRACING bpf_get_stackid"] = {{"via", "raw_tp_prog_func_proto"}, {"@", at_line("kernel/trace/bpf_trace.c", kBpfTraceC, "case BPF_FUNC_get_stackid:")}};
  tracing["BPF_PROG_TYPE_TRACING bpf_seq_write"] = {
      {"attach_type", {"BPF_TRACE_ITER"}}, {"via", "bpf_iter_get_func_proto"}, {"@", at_line("kernel/bpf/bpf_iter.c", kBpfIterC, "case BPF_FUNC_seq_write")}};
  CHECK(of(r, "prog_helper", "BPF_PROG_TYPE_TRACING ") == tracing);

  // EXT has no get_func_proto of its own: no facts, and no unknown either.
  CHECK(of(r, "prog_helper", "BPF_PROG_TYPE_EXT ").empty());

  std::map<std::string, json> roots = {
      {"BPF_PROG_TYPE_XDP xdp_func_proto", {{"ops", "xdp_verifier_ops"}, {"kconfig", {"CONFIG_NET"}}, {"@", at_line("net/core/filter.c", kFilterC, "xdp_verifier_ops")}}},
      {"BPF_PROG_TYPE_KPROBE kprobe_prog_func_proto",
       {{"ops", "kprobe_verifier_ops"}, {"kconfig", {"CONFIG_BPF_EVENTS"}}, {"@", at_line("kernel/trace/bpf_trace.c", kBpfTraceC, "kprobe_verifier_ops")}}},
      {"BPF_PROG_TYPE_TRACING tracing_prog_func_proto",
       {{"ops", "tracing_verifier_ops"}, {"kconfig", {"CONFIG_BPF_EVENTS"}}, {"@", at_line("kernel/trace/bpf_trace.c", kBpfTraceC, "tracing_verifier_ops")}}}};
  CHECK(of(r, "prog_func_proto") == roots);

  std::map<std::string, json> includes = {
      {"xdp_func_proto bpf_sk_base_func_proto", {{"@", at_line("net/core/filter.c", kFilterC, "return bpf_sk_base_func_proto(func_id, prog);")}}},
      {"bpf_sk_base_func_proto bpf_base_func_proto", {{"@", at_line("net/core/filter.c", kFilterC, "return bpf_base_func_proto(func_id, prog);")}}},
      {"bpf_tracing_func_proto bpf_base_func_proto", {{"@", at_line("kernel/trace/bpf_trace.c", kBpfTraceC, "return bpf_base_func_proto(func_id, prog);")}}},
      {"kprobe_prog_func_proto bpf_tracing_func_proto", {{"@", at_line("kernel/trace/bpf_trace.c", kBpfTraceC, "return bpf_tracing_func_proto(func_id, prog);")}}},
      {"raw_tp_prog_func_proto bpf_tracing_func_proto", {{"@", at_line("kernel/trace/bpf_trace.c", kBpfTraceC, "return bpf_tracing_func_proto(func_id, prog);\n\t}\n}\n\nconst")}}},
      {"tracing_prog_func_proto raw_tp_prog_func_proto", {{"@", at_line("kernel/trace/bpf_trace.c", kBpfTraceC, "fn = raw_tp_prog_func_proto")}}},
      {"tracing_prog_func_proto bpf_iter_get_func_proto", {{"attach_type", {"BPF_TRACE_ITER"}}, {"@", at_line("kernel/trace/bpf_trace.c", kBpfTraceC, "fn = bpf_iter_get_func_proto")}}}};
  CHECK(of(r, "func_proto_include") == includes);

  // A group's own cases, with their conditions: the base group's gates.
  std::map<std::string, json> sk_base = {
      {"bpf_sk_base_func_proto bpf_skc_to_tcp_sock", {{"cap", {"CAP_PERFMON"}}, {"@", at_line("net/core/filter.c", kFilterC, "case BPF_FUNC_skc_to_tcp_sock:")}}},
      {"bpf_sk_base_func_proto bpf_ktime_get_coarse_ns", {{"@", at_line("net/core/filter.c", kFilterC, "case BPF_FUNC_ktime_get_coarse_ns:")}}}};
  CHECK(of(r, "func_proto_helper", "bpf_sk_base_func_proto ") == sk_base);
}

TEST_CASE("func_proto: map-type helpers from the verifier's two switches and the map ops") {
  const std::string verifier = R"(// SPDX-License-Identifier: GPL-2.0-only
static bool may_update_sockmap(struct bpf_verifier_env *env, int func_id)
{
	enum bpf_attach_type eatype = env->prog->expected_attach_type;
	enum bpf_prog_type type = resolve_prog_type(env->prog);

	if (func_id != BPF_FUNC_map_update_elem &&
	    func_id != BPF_FUNC_map_delete_elem)
		return false;

	switch (type) {
	case BPF_PROG_TYPE_TRACING:
		if (eatype == BPF_TRACE_ITER)
			return true;
		break;
	case BPF_PROG_TYPE_SOCK_OPS:
		/* map_update allowed only via dedicated helpers with event type checks */
		if (func_id == BPF_FUNC_map_delete_elem)
			return true;
		break;
	case BPF_PROG_TYPE_SOCKET_FILTER:
	case BPF_PROG_TYPE_XDP:
		return true;
	default:
		break;
	}
	return false;
}

static int check_map_func_compatibility(struct bpf_verifier_env *env,
					struct bpf_map *map, int func_id)
{
	if (!map)
		return 0;

	/* We need a two way check, first is from map perspective ... */
	switch (map->map_type) {
	case BPF_MAP_TYPE_RINGBUF:
		if (func_id != BPF_FUNC_ringbuf_output &&
		    func_id != BPF_FUNC_ringbuf_reserve)
			goto error;
		break;
	case BPF_MAP_TYPE_SOCKMAP:
		if (func_id != BPF_FUNC_sk_redirect_map &&
		    func_id != BPF_FUNC_map_lookup_elem &&
		    !may_update_sockmap(env, func_id))
			goto error;
		break;
	case BPF_MAP_TYPE_QUEUE:
		if (func_id != BPF_FUNC_map_peek_elem &&
		    func_id != BPF_FUNC_map_pop_elem)
			goto error;
		break;
	default:
		break;
	}

	/* ... and second from the function itself. */
	switch (func_id) {
	case BPF_FUNC_tail_call:
		if (map->map_type != BPF_MAP_TYPE_PROG_ARRAY)
			goto error;
		if (env->subprog_cnt > 1 && !allow_tail_call_in_subprogs(env))
			return -EINVAL;
		break;
	case BPF_FUNC_ringbuf_output:
	case BPF_FUNC_ringbuf_reserve:
		if (map->map_type != BPF_MAP_TYPE_RINGBUF)
			goto error;
		break;
	case BPF_FUNC_map_peek_elem:
	case BPF_FUNC_map_pop_elem:
		if (map->map_type != BPF_MAP_TYPE_QUEUE &&
		    map->map_type != BPF_MAP_TYPE_STACK)
			goto error;
		break;
	default:
		break;
	}

	return 0;
error:
	verbose(env, "cannot pass map_type %d into func %s#%d\n",
		map->map_type, func_id_name(func_id), func_id);
	return -EINVAL;
}

static int check_map_prog_compatibility(struct bpf_verifier_env *env,
					struct bpf_map *map,
					struct bpf_prog *prog)
{
	if (map->map_type == BPF_MAP_TYPE_STRUCT_OPS) {
		verbose(env, "bpf_struct_ops map cannot be used in prog\n");
		return -EINVAL;
	}
	return 0;
}
)";
  const std::string arraymap = R"(// SPDX-License-Identifier: GPL-2.0-only
/* Called from syscall or from eBPF program */
static long array_map_delete_elem(struct bpf_map *map, void *key)
{
	return -EINVAL;
}

const struct bpf_map_ops array_map_ops = {
	.map_meta_equal = array_map_meta_equal,
	.map_lookup_elem = array_map_lookup_elem,
	.map_update_elem = array_map_update_elem,
	.map_delete_elem = array_map_delete_elem,
	.map_for_each_callback = bpf_for_each_array_elem,
};
)";
  const std::string hashtab = R"(// SPDX-License-Identifier: GPL-2.0-only
const struct bpf_map_ops htab_map_ops = {
	.map_lookup_elem = htab_map_lookup_elem,
	.map_update_elem = htab_map_update_elem,
	.map_delete_elem = htab_map_delete_elem,
	.map_gen_lookup = htab_map_gen_lookup,
};
)";
  Files files = {{"include/linux/bpf_types.h", kBpfTypes},
                 {"kernel/bpf/verifier.c", verifier},
                 {"kernel/bpf/arraymap.c", arraymap},
                 {"kernel/bpf/hashtab.c", hashtab},
                 {"kernel/bpf/queue_stack_maps.c", R"(const struct bpf_map_ops queue_map_ops = {
	.map_lookup_elem = queue_stack_map_lookup_elem,
	.map_push_elem = queue_map_push_elem,
};
)"},
                 {"kernel/bpf/ringbuf.c", "const struct bpf_map_ops ringbuf_map_ops = { .map_lookup_elem = NULL };\n"},
                 // Its ops update, but the verifier refuses the map to every program.
                 {"include/linux/bpf_types_more.h", "BPF_MAP_TYPE(BPF_MAP_TYPE_STRUCT_OPS, bpf_struct_ops_map_ops)\n"},
                 {"kernel/bpf/bpf_struct_ops.c",
                  "const struct bpf_map_ops bpf_struct_ops_map_ops = {\n"
                  "\t.map_update_elem = bpf_struct_ops_map_update_elem,\n};\n"}};
  Result r = run(files);
  // The tree has no verifier ops: each program type says so, with its line.
  std::string missing;
  for (auto [type, ops] : {std::pair{"XDP", "xdp_verifier_ops"}, {"KPROBE", "kprobe_verifier_ops"},
                           {"TRACING", "tracing_verifier_ops"}, {"EXT", "bpf_extension_verifier_ops"}})
    missing += at_line("include/linux/bpf_types.h", kBpfTypes, std::string("BPF_PROG_TYPE_") + type + ",") +
               ": BPF_PROG_TYPE_" + type + ": verifier ops " + ops + " not found\n";
  CHECK(describe(r.unknowns) == missing);
  json compat = {{"source", "check_map_func_compatibility"}};
  auto at = [](json j, const std::string& where) {
    j["@"] = where;
    return j;
  };
  std::map<std::string, json> expected = {
      // ARRAY: its delete only returns -EINVAL.
      {"BPF_MAP_TYPE_ARRAY bpf_map_lookup_elem",
       {{"source", "array_map_ops.map_lookup_elem"}, {"@", at_line("kernel/bpf/arraymap.c", arraymap, "array_map_ops =")}}},
      {"BPF_MAP_TYPE_ARRAY bpf_map_update_elem",
       {{"source", "array_map_ops.map_update_elem"}, {"@", at_line("kernel/bpf/arraymap.c", arraymap, "array_map_ops =")}}},
      {"BPF_MAP_TYPE_ARRAY bpf_for_each_map_elem",
       {{"source", "array_map_ops.map_for_each_callback"}, {"@", at_line("kernel/bpf/arraymap.c", arraymap, "array_map_ops =")}}},
      {"BPF_MAP_TYPE_HASH bpf_map_lookup_elem",
       {{"source", "htab_map_ops.map_lookup_elem"}, {"@", at_line("kernel/bpf/hashtab.c", hashtab, "htab_map_ops =")}}},
      {"BPF_MAP_TYPE_HASH bpf_map_update_elem",
       {{"source", "htab_map_ops.map_update_elem"}, {"@", at_line("kernel/bpf/hashtab.c", hashtab, "htab_map_ops =")}}},
      {"BPF_MAP_TYPE_HASH bpf_map_delete_elem",
       {{"source", "htab_map_ops.map_delete_elem"}, {"@", at_line("kernel/bpf/hashtab.c", hashtab, "htab_map_ops =")}}},
      // QUEUE: the verifier's list, not its ops (push is in the ops only).
      {"BPF_MAP_TYPE_QUEUE bpf_map_peek_elem", at(compat, at_line("kernel/bpf/verifier.c", verifier, "case BPF_MAP_TYPE_QUEUE:"))},
      {"BPF_MAP_TYPE_QUEUE bpf_map_pop_elem", at(compat, at_line("kernel/bpf/verifier.c", verifier, "case BPF_MAP_TYPE_QUEUE:"))},
      {"BPF_MAP_TYPE_RINGBUF bpf_ringbuf_output", at(compat, at_line("kernel/bpf/verifier.c", verifier, "case BPF_MAP_TYPE_RINGBUF:"))},
      {"BPF_MAP_TYPE_RINGBUF bpf_ringbuf_reserve", at(compat, at_line("kernel/bpf/verifier.c", verifier, "case BPF_MAP_TYPE_RINGBUF:"))},
      {"BPF_MAP_TYPE_SOCKMAP bpf_sk_redirect_map", at(compat, at_line("kernel/bpf/verifier.c", verifier, "case BPF_MAP_TYPE_SOCKMAP:"))},
      {"BPF_MAP_TYPE_SOCKMAP bpf_map_lookup_elem", at(compat, at_line("kernel/bpf/verifier.c", verifier, "case BPF_MAP_TYPE_SOCKMAP:"))},
      {"BPF_MAP_TYPE_SOCKMAP bpf_map_delete_elem",
       {{"source", "may_update_sockmap"},
        {"prog", {"BPF_PROG_TYPE_TRACING", "BPF_PROG_TYPE_SOCK_OPS", "BPF_PROG_TYPE_SOCKET_FILTER", "BPF_PROG_TYPE_XDP"}},
        {"@", at_line("kernel/bpf/verifier.c", verifier, "may_update_sockmap(struct")}}},
      {"BPF_MAP_TYPE_SOCKMAP bpf_map_update_elem",
       {{"source", "may_update_sockmap"},
        {"prog", {"BPF_PROG_TYPE_TRACING", "BPF_PROG_TYPE_SOCKET_FILTER", "BPF_PROG_TYPE_XDP"}},
        {"@", at_line("kernel/bpf/verifier.c", verifier, "may_update_sockmap(struct")}}},
  };
  CHECK(of(r, "map_helper") == expected);
}

TEST_CASE("func_proto: what cannot be read is an unknown with its line, never a crash") {
  const std::string odd = R"(static const struct bpf_func_proto *
odd_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	switch (func_id) {
	case BPF_FUNC_redirect:
		prog->aux->seen = 1;
		return &bpf_redirect_proto;
	case SOME_OTHER_ID:
		return &x_proto;
	case BPF_FUNC_tail_call:
		return protos[func_id];
	case BPF_FUNC_loop:
		return prog->aux->flag & 2 ? &bpf_loop_proto : NULL;
	default:
		return bpf_base_func_proto(func_id, prog);
	}
}

static const struct bpf_func_proto *
broken_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	switch (func_id) {
	case BPF_FUNC_redirect:
		return &bpf_redirect_proto;
	/* never closed
)";
  ksince::FuncProtoExtractor ex;
  json local = ex.extract(odd);
  std::vector<std::pair<uint32_t, std::string>> got;
  for (const json& u : local["unknowns"]) got.push_back({u["line"].get<uint32_t>(), u["what"].get<std::string>()});
  std::vector<std::pair<uint32_t, std::string>> expected = {
      {6, "odd_func_proto: statement in a case not read: prog->aux->seen = 1"},
      {8, "odd_func_proto: case label that is not a helper id: SOME_OTHER_ID"},
      {11, "odd_func_proto: case returns something not read: protos[func_id]"},
      {25, "unterminated comment"},
      {21, "unclosed '{'"},
      {22, "unclosed '{'"},
  };
  auto text = [](const std::vector<std::pair<uint32_t, std::string>>& v) {
    std::string out;
    for (const auto& [line, what] : v) out += std::to_string(line) + ": " + what + "\n";
    return out;
  };
  CHECK(text(got) == text(expected));
  // bpf_loop's condition is not understood: kept whole, as "other".
  ksince::ExtractedFile file{"net/odd.c", &local};
  ksince::ResolvedFacts rf = ex.resolve({file});
  bool seen_loop = false;
  for (const auto& f : rf.facts)
    if (f.kind == "func_proto_helper" && f.key == "odd_func_proto bpf_loop") {
      seen_loop = true;
      CHECK(f.attrs == json{{"other", {"prog->aux->flag & 2"}}});
      CHECK(f.line == 12);
    }
  CHECK(seen_loop);
  CHECK(rf.unknowns.size() == expected.size());
  CHECK(rf.unknowns[0].file == "net/odd.c");

  // Every prefix of real-looking files, and bytes that are not C: no throw.
  for (const auto& [path, text] : kernel_files())
    for (size_t n = 0; n <= text.size(); n += 7) {
      json l = ex.extract(std::string_view(text).substr(0, n));
      CHECK_NOTHROW(ex.resolve({{path, &l}}));
    }
  std::string junk;
  for (int i = 0; i < 4096; ++i) junk += static_cast<char>((i * 7919) % 256);
  json l = ex.extract(junk);
  CHECK_NOTHROW(ex.resolve({{"junk", &l}}));
}

TEST_CASE("func_proto: facts per tag of a generated repository (added, moved, removed)") {
  ksince::test::GitRepo repo;
  auto xdp = [](const std::string& own_cases, const std::string& sk_base_cases) {
    return std::string(R"(static const struct bpf_func_proto *
xdp_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	switch (func_id) {
	case BPF_FUNC_redirect:
		return &bpf_xdp_redirect_proto;
)") + own_cases + R"(	default:
		return bpf_sk_base_func_proto(func_id, prog);
	}
}

static const struct bpf_func_proto *
bpf_sk_base_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	switch (func_id) {
)" + sk_base_cases + R"(	default:
		return NULL;
	}
}

const struct bpf_verifier_ops xdp_verifier_ops = {
	.get_func_proto		= xdp_func_proto,
};
)";
  };
  const std::string coarse = "\tcase BPF_FUNC_ktime_get_coarse_ns:\n\t\treturn &bpf_ktime_get_coarse_ns_proto;\n";
  const std::string load = "\tcase BPF_FUNC_xdp_load_bytes:\n\t\treturn &bpf_xdp_load_bytes_proto;\n";
  repo.write("include/linux/bpf_types.h", "BPF_PROG_TYPE(BPF_PROG_TYPE_XDP, xdp, struct xdp_md, struct xdp_buff)\n");
  repo.release("v1.0", "net/core/filter.c", xdp(coarse, ""), 1000000000);
  repo.release("v2.0", "net/core/filter.c", xdp(load, coarse), 1000100000);
  repo.release("v3.0", "net/core/filter.c", xdp("", coarse), 1000200000);

  // What the tree says at each tag, read with git.
  auto at = [&](const std::string& tag) {
    Files files;
    for (const std::string p : {"include/linux/bpf_types.h", "net/core/filter.c"})
      files[p] = repo.git("show " + tag + ":" + p);
    std::map<std::string, std::string> via;
    for (const auto& [k, a] : of(run(files), "prog_helper")) via[k] = a["via"].get<std::string>();
    return via;
  };
  using M = std::map<std::string, std::string>;
  CHECK(at("v1.0") == M{{"BPF_PROG_TYPE_XDP bpf_redirect", "xdp_func_proto"},
                        {"BPF_PROG_TYPE_XDP bpf_ktime_get_coarse_ns", "xdp_func_proto"}});
  // The pair moved to the group: same fact, another supplier; a helper added.
  CHECK(at("v2.0") == M{{"BPF_PROG_TYPE_XDP bpf_redirect", "xdp_func_proto"},
                        {"BPF_PROG_TYPE_XDP bpf_xdp_load_bytes", "xdp_func_proto"},
                        {"BPF_PROG_TYPE_XDP bpf_ktime_get_coarse_ns", "bpf_sk_base_func_proto"}});
  // ... and removed.
  CHECK(at("v3.0") == M{{"BPF_PROG_TYPE_XDP bpf_redirect", "xdp_func_proto"},
                        {"BPF_PROG_TYPE_XDP bpf_ktime_get_coarse_ns", "bpf_sk_base_func_proto"}});
}

TEST_CASE("func_proto: the verifier's refusal of maps holding a spin lock makes the pair refused") {
  Files files = kernel_files();
  // v6.1's form; v6.12 writes btf_record_has_field(map->record, BPF_SPIN_LOCK).
  const std::string verifier = R"(static bool is_tracing_prog_type(enum bpf_prog_type type)
{
	switch (type) {
	case BPF_PROG_TYPE_KPROBE:
	case BPF_PROG_TYPE_TRACEPOINT:
		return true;
	default:
		return false;
	}
}

static int check_map_prog_compatibility(struct bpf_verifier_env *env,
					struct bpf_map *map,
					struct bpf_prog *prog)

{
	enum bpf_prog_type prog_type = resolve_prog_type(prog);

	if (map_value_has_spin_lock(map)) {
		if (prog_type == BPF_PROG_TYPE_SOCKET_FILTER) {
			verbose(env, "socket filter progs cannot use bpf_spin_lock yet\n");
			return -EINVAL;
		}

		if (is_tracing_prog_type(prog_type)) {
			verbose(env, "tracing progs cannot use bpf_spin_lock yet\n");
			return -EINVAL;
		}

		if (prog->aux->sleepable) {
			verbose(env, "sleepable progs cannot use bpf_spin_lock yet\n");
			return -EINVAL;
		}
	}
	return 0;
}
)";
  files["kernel/bpf/verifier.c"] = verifier;
  files["kernel/bpf/spinlock.c"] = R"(const struct bpf_func_proto bpf_spin_lock_proto = {
	.func		= bpf_spin_lock,
	.gpl_only	= false,
	.ret_type	= RET_VOID,
	.arg1_type	= ARG_PTR_TO_SPIN_LOCK,
};
)";
  Result r = run(files);
  const std::string where = at_line("kernel/bpf/verifier.c", verifier, "if (map_value_has_spin_lock(map))");
  // KPROBE reaches it through the tracing and base groups; the verifier says no.
  CHECK(of(r, "prog_helper_refused") ==
        std::map<std::string, json>{{"BPF_PROG_TYPE_KPROBE bpf_spin_lock",
                                     {{"cap", {"CAP_BPF"}},
                                      {"refused_for", "spin_lock"},
                                      {"via", "bpf_base_func_proto"},
                                      {"@", where}}}});
  CHECK(of(r, "prog_helper", "BPF_PROG_TYPE_KPROBE bpf_spin_lock").empty());
  // Elsewhere: non-sleepable programs only.
  json xdp = of(r, "prog_helper", "BPF_PROG_TYPE_XDP bpf_spin_lock")["BPF_PROG_TYPE_XDP bpf_spin_lock"];
  CHECK(xdp == json{{"cap", {"CAP_BPF"}},
                    {"sleepable", false},
                    {"via", "bpf_base_func_proto"},
                    {"@", at_line("kernel/bpf/helpers.c", kHelpersC, "case BPF_FUNC_spin_lock:")}});
}

TEST_CASE("func_proto: older idioms (no fall-through group, a call after the switch, capable(CAP_SYS_ADMIN))") {
  // Written after the v4/v5 forms; untested against those trees (none here).
  const std::string filter = R"(static const struct bpf_func_proto *
sk_filter_func_proto(enum bpf_func_id func_id)
{
	switch (func_id) {
	case BPF_FUNC_map_lookup_elem:
		return &bpf_map_lookup_elem_proto;
	case BPF_FUNC_get_prandom_u32:
		return &bpf_get_prandom_u32_proto;
	default:
		return NULL;
	}
}

static const struct bpf_func_proto *
tc_cls_act_func_proto(enum bpf_func_id func_id)
{
	if (!capable(CAP_SYS_ADMIN))
		return sk_filter_func_proto(func_id);

	switch (func_id) {
	case BPF_FUNC_skb_store_bytes:
		return &bpf_skb_store_bytes_proto;
	default:
		return sk_filter_func_proto(func_id);
	}
}

static const struct bpf_func_proto *
xdp_func_proto(enum bpf_func_id func_id)
{
	switch (func_id) {
	case BPF_FUNC_perf_event_output:
		return &bpf_xdp_event_output_proto;
	case BPF_FUNC_get_prandom_u32:
		return NULL;
	}
	return sk_filter_func_proto(func_id);
}

static const struct bpf_verifier_ops tc_cls_act_ops = {
	.get_func_proto		= tc_cls_act_func_proto,
};
const struct bpf_verifier_ops xdp_verifier_ops = {
	.get_func_proto		= xdp_func_proto,
};
const struct bpf_verifier_ops tc_cls_act_verifier_ops = {
	.get_func_proto		= tc_cls_act_func_proto,
};
)";
  const std::string types = "BPF_PROG_TYPE(BPF_PROG_TYPE_SCHED_CLS, tc_cls_act)\nBPF_PROG_TYPE(BPF_PROG_TYPE_XDP, xdp)\n";
  Result r = run({{"include/linux/bpf_types.h", types}, {"net/core/filter.c", filter}});
  CHECK(describe(r.unknowns) == "");
  auto at = [&](const std::string& needle) { return at_line("net/core/filter.c", filter, needle); };
  std::map<std::string, json> expected = {
      // The capability test returns another group, not NULL: the group's
      // helpers are there with and without the capability (both paths reach
      // it), the switch below runs with it.
      {"BPF_PROG_TYPE_SCHED_CLS bpf_map_lookup_elem",
       {{"via", "sk_filter_func_proto"}, {"@", at("case BPF_FUNC_map_lookup_elem:")}}},
      {"BPF_PROG_TYPE_SCHED_CLS bpf_get_prandom_u32",
       {{"via", "sk_filter_func_proto"}, {"@", at("case BPF_FUNC_get_prandom_u32:\n\t\treturn &")}}},
      {"BPF_PROG_TYPE_SCHED_CLS bpf_skb_store_bytes",
       {{"cap", {"CAP_SYS_ADMIN"}}, {"via", "tc_cls_act_func_proto"}, {"@", at("case BPF_FUNC_skb_store_bytes:")}}},
      // A call after a switch without default; a NULL case blocks the group's.
      {"BPF_PROG_TYPE_XDP bpf_perf_event_output", {{"via", "xdp_func_proto"}, {"@", at("case BPF_FUNC_perf_event_output:")}}},
      {"BPF_PROG_TYPE_XDP bpf_map_lookup_elem", {{"via", "sk_filter_func_proto"}, {"@", at("case BPF_FUNC_map_lookup_elem:")}}},
  };
  CHECK(of(r, "prog_helper") == expected);
}
