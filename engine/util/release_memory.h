#pragma once

namespace ksince {

// Gives the heap's free pages back to the system. The allocator keeps what a
// phase freed for reuse; after a scan or a round of resolutions on worker
// threads, most of it is fragments the next phase cannot use, and the
// process would hold it to the end. With jemalloc (the release build) its
// arenas are purged now instead of after its decay time; with glibc's malloc
// (the sanitizer builds) the heap is trimmed.
void release_free_memory();

}  // namespace ksince
