__bpf_kfunc_start_defs();
__bpf_kfunc struct task_struct *bpf_task_acquire(struct task_struct *p)
{
	return p;
}
__bpf_kfunc void bpf_task_release(struct task_struct *p)
{
}
__bpf_kfunc_end_defs();

BTF_KFUNCS_START(generic_btf_ids)
#ifdef CONFIG_CRASH_DUMP
BTF_ID_FLAGS(func, crash_kexec, KF_DESTRUCTIVE)
#endif
BTF_ID_FLAGS(func, bpf_task_acquire, KF_ACQUIRE | KF_RCU | KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_task_release, KF_RELEASE)
BTF_KFUNCS_END(generic_btf_ids)

static const struct btf_kfunc_id_set generic_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &generic_btf_ids,
	.filter = tracing_filter,
};

static int tracing_filter(const struct bpf_prog *prog, u32 kfunc_id)
{
	if (prog->type == BPF_PROG_TYPE_LSM)
		return 0;
	return -EACCES;
}

static int __init kfunc_init(void)
{
	int ret;

	ret = register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &generic_kfunc_set);
	ret = ret ?: register_btf_kfunc_id_set(BPF_PROG_TYPE_SCHED_CLS, &generic_kfunc_set);
	return ret ?: register_btf_kfunc_id_set(BPF_PROG_TYPE_UNSPEC, &generic_kfunc_set);
}
late_initcall(kfunc_init);
