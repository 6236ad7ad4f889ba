// Writing a captured page (from a scanner, a PDF) as an image file the rest of the station reads
// like any scan: JPEG with its resolution in the JFIF header, so page preparation knows the dpi.
#pragma once
#include <filesystem>

#include "capture/decode.hpp"

namespace sohoa::capture {

// The page as JPEG bytes with its resolution in the JFIF header.
std::string page_jpeg(const ScanPage& page, int quality = 92);
// Throws std::runtime_error naming the file when it cannot be written.
void write_page_jpeg(const ScanPage& page, const std::filesystem::path& file, int quality = 92);

}  // namespace sohoa::capture
