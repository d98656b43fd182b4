	default:
		return bpf_sk_base_func_proto(func_id, prog);
	}
}

static const struct bpf_func_proto *
bpf_sk_base_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	switch (func_id) {
