// Keeping freed image buffers for the next scan instead of handing them back to the kernel.
#pragma once

namespace sohoa::capture {

// glibc maps every block over its threshold (128 KiB to start) fresh from the kernel and unmaps
// it on free, so each scan's decoded image, crops and masks came as new pages, each zeroed by the
// kernel on first touch: measured, about 6 ms of a PNG card's time and 15 ms of a page's. Blocks
// of up to 32 MiB (glibc's largest threshold; a 300-dpi page in colour is 25 MiB) now come from
// the heap, and up to 256 MiB of freed heap is kept. Once per process; decoding and preparing call it.
void keep_freed_memory();

}  // namespace sohoa::capture
