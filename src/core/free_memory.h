// Returning the allocator's free memory to the operating system after a
// large transient allocation (a live-state rebuild reads millions of rows).
#pragma once

namespace yilian {

// Gives free heap pages back to the system. The server binary runs on
// jemalloc (purges every arena); other binaries on glibc malloc (trims).
// Costs a few milliseconds; call it after freeing, not on a request path.
void ReturnFreeMemory();

}  // namespace yilian
