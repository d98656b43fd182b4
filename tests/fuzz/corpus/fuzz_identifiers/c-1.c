static DEFINE_SPINLOCK(l);
SYSCALL_DEFINE3(bpf, int, cmd, void *, a, int, s)
{
}
EXPORT_SYMBOL_GPL(f);
TRACE_EVENT(e, TP_PROTO(int p));
struct s { int a, b; } v, *w = { NULL };
enum { A, B = 2 };
typedef int (*fn_t)(int);
