#pragma once

namespace ksince {

// Gives the heap's free pages back to the system. glibc keeps what a phase
// freed (in each thread's arena) for reuse; after a scan or a round of
// resolutions on worker threads, most of it is fragments the next phase
// cannot use, and the process would hold it to the end. Cheap: a walk of the
// free lists.
void release_free_memory();

}  // namespace ksince
