#include "core/free_memory.h"

#include <dlfcn.h>
#include <malloc.h>

#include <cstddef>

namespace yilian {

void ReturnFreeMemory() {
  // Looked up at run time: the library is linked with or without jemalloc
  // (tests and the sanitizer build use the default allocator).
  using Mallctl = int (*)(const char*, void*, size_t*, void*, size_t);
  static const auto mallctl = reinterpret_cast<Mallctl>(dlsym(RTLD_DEFAULT, "mallctl"));
  if (mallctl != nullptr) {
    // "arena.<MALLCTL_ARENAS_ALL>.purge": every arena's dirty and muzzy pages.
    mallctl("arena.4096.purge", nullptr, nullptr, nullptr, 0);
    return;
  }
  malloc_trim(0);
}

}  // namespace yilian
