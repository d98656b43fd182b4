// SPDX-License-Identifier: GPL-2.0-only
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
