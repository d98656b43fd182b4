#define ASM 1
SYM_FUNC_START(memcpy)
	ret
SYM_FUNC_END(memcpy)
ENTRY(x)
#if 0
ENTRY(y)
#endif
