#ifndef _LINUX_BPF_H
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
