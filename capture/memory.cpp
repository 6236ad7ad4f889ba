#include "capture/memory.hpp"

#include <malloc.h>

#include <mutex>

namespace sohoa::capture {

void keep_freed_memory() {
  static std::once_flag once;
  std::call_once(once, [] {
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);  // glibc's largest allowed
    mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
  });
}

}  // namespace sohoa::capture
