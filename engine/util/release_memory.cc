#include "util/release_memory.h"

#if defined(KSINCE_JEMALLOC)
#include <jemalloc/jemalloc.h>
#elif defined(__GLIBC__)
#include <malloc.h>
#endif

namespace ksince {

void release_free_memory() {
#if defined(KSINCE_JEMALLOC)
  // Every arena's (MALLCTL_ARENAS_ALL, 4096) unused dirty pages now, not
  // after jemalloc's decay time.
  static_assert(MALLCTL_ARENAS_ALL == 4096);
  mallctl("arena.4096.purge", nullptr, nullptr, nullptr, 0);
#elif defined(__GLIBC__)
  malloc_trim(0);
#endif
}

}  // namespace ksince
