static const struct bpf_func_proto *
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
