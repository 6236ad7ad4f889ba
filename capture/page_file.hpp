// Writing a captured page (from a scanner, a PDF) as an image file the rest of the station reads
// like any scan: JPEG with its resolution in the JFIF header, so page preparation knows the dpi.
#pragma once
#include <filesystem>

#include "capture/decode.hpp"

namespace sohoa::capture {

// Throws std::runtime_error naming the file when it cannot be written.
void write_page_jpeg(const ScanPage& page, const std::filesystem::path& file, int quality = 92);

}  // namespace sohoa::capture
